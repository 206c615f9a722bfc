package report

import (
	"fmt"
	"html/template"
	"math"
	"math/cmplx"
	"strings"

	"ringwave/report/analysis"
)

// symmetrySection lays out a kernel run; id, the section's anchor, names its charts.
func symmetrySection(cs *chartSet, id string, a *analysis.Symmetry, m *analysis.Measurements) []block {
	info, p := a.Run, a.Run.Params
	n := p.Neurons
	model := string(p.Model) + " model"

	curves := []curve{{Name: model, Y: a.Kernel, Color: colorKernel, Width: 2}}
	title := "Learned kernel w(Δ) against the theories of the rule"
	if a.Ref != nil {
		curves = append(curves, curve{Name: "full model, mean of aligned rows", Y: a.Ref.Kernel, Color: colorFull, Width: 1.5})
		title = "Learned kernel w(Δ) against the full model and the theories of the rule"
	}
	var blocks []block
	if p.Frozen {
		k := cs.line(id+"_kernel", "The kernel w(Δ), frozen", offsetAxis("offset j (presynaptic i → postsynaptic i + j mod N)", n), axis{Name: "weight"}, curves...)
		blocks = append(blocks, block{Title: "Sign convention and theory", Text: theoryText(a)},
			block{Title: "The kernel, frozen", Chart: &k, Text: frozenText(info)})
	} else {
		curves = append(curves, theoryCurves(&a.Outcome, a.Theory)...)
		k := cs.line(id+"_kernel", title, offsetAxis("offset j (presynaptic i → postsynaptic i + j mod N)", n), axis{Name: "weight"}, curves...)
		blocks = append(blocks, block{Title: "Sign convention and theory", Text: theoryText(a)},
			block{Title: "Learned kernel", Chart: &k, Text: driftText(info, &a.Outcome) + " " + agreementText(a)})
		if b, ok := differenceBlock(cs, id, n, a.Kernel, model, &a.Outcome, a.Theory, a.Ref); ok {
			blocks = append(blocks, b)
		}
	}

	t := make([]float64, len(a.Period))
	for m := range t {
		t[m] = float64(m) * a.H
	}
	r := cs.line(id+"_period", "One period of the rate R(s) = r(0, s)", axis{Name: "phase s (s)", Min: 0, Max: g(p.Period)}, axis{Name: "rate", Min: 0, Max: 1},
		curve{Name: "simulated (neuron 0, last period)", X: t, Y: a.Period, Color: colorKernel, Width: 2},
		curve{Name: "low-passed square wave", X: t, Y: a.SquarePeriod, Color: colorClosed, Dashed: true})
	blocks = append(blocks, block{Title: "The activity the theories use", Chart: &r, Text: activityText(a)})
	if b, ok := oscillationBlock(cs, id, info, &a.Outcome); ok {
		blocks = append(blocks, b)
	}

	if a.HistoryRows > 0 {
		evolution := Downsample(a.History, a.HistoryRows, n, heatmapCells, heatmapCells)
		times := make([]float64, evolution.Rows)
		for r := range times {
			times[r] = a.HistoryTimes[evolution.RowStart[r]]
		}
		tr := evolution.Transpose() // time along x
		lo, hi := symmetric(evolution.Values)
		e := cs.heat(id+"_evolution", "Kernel evolution w(Δ, t)", tr, "time (s)", "offset j",
			timeLabels(times), intLabels(tr.RowStart), lo, hi, diverging, "weight w (dimensionless)")
		blocks = append(blocks, block{Title: "Kernel evolution", Chart: &e, Text: htmlf(
			"Each column is a snapshot of the kernel (cells: means of %s snapshots × offsets). Learning starts at t<sub>0</sub> = %s s.",
			blockSize(evolution), g(info.LearnStart()))})
	}
	if b, ok := convergenceBlock(cs, id, info, "kernel", &a.Outcome); ok {
		blocks = append(blocks, b)
	}
	if b, ok := spectrumBlock(cs, id, a); ok {
		blocks = append(blocks, b)
	}
	var ref *analysis.Measurements
	var refKey string
	if a.Ref != nil {
		ref, refKey = a.Ref.Measurements(), a.Ref.Run.Key
	}
	blocks = append(blocks, block{Title: "Numbers", Table: numbersTable(string(p.Model), m, info.Key, ref, refKey)})
	return blocks
}

// activityText says what the activity is, and so which theory can apply.
func activityText(a *analysis.Symmetry) template.HTML {
	p, w := a.Run.Params, a.Wave
	if !w.Known {
		return "Fewer than two periods of activity were recorded: whether it is a travelling wave cannot be told."
	}
	if !w.Travelling() {
		return htmlf("With g·A = %s the activity is <b>not a travelling wave of period T</b>: over the last period it differs from the period before "+
			"by %s and from neuron 0's rate shifted round the ring, R(t + θ<sub>x</sub>), by %s (relative to the spread of the rates, %s to %s). "+
			"The travelling-wave theory, built from neuron 0's last period (red), assumes it, and the closed form (grey) also a saturated drive: "+
			"the table says whether each holds all the same.",
			g(p.Gain*p.Amplitude), pct(w.PeriodError), pct(w.WaveError), g(w.RateMin), g(w.RateMax))
	}
	wave := htmlf("The activity is a travelling wave of period T (the last period repeats the one before to %s, and every neuron fires neuron 0's rate "+
		"shifted by its phase to %s). ", pct(w.PeriodError), pct(w.WaveError))
	// Saturation is the analysis' verdict on neuron 0's rate (Outcome.Saturated).
	if sq := a.SquareError; !a.Saturated() {
		return wave + htmlf("But with g·A = %s the drive does not saturate: neuron 0's rate differs from the low-passed square wave (grey), at the best shift, by %s, "+
			"so the closed form does not apply, while the travelling-wave theory, computed from the simulated R (red), may.",
			g(p.Gain*p.Amplitude), pct(sq))
	}
	if a.RecurrentMax >= math.Abs(p.Amplitude) {
		return wave + htmlf("Neuron 0's rate is a saturated, low-passed square wave (within %s at the best shift), but not the input's: "+
			"the recurrent input, up to Σ<sub>j</sub>|kernel[j]| = %s, is as strong as the input's amplitude A = %s, so it, not the input, "+
			"decides when each neuron switches, and it changes as the weights learn.", pct(a.SquareError), g(a.RecurrentMax), g(p.Amplitude))
	}
	return wave + htmlf("With g·A = %s the sigmoid saturates: the drive is a square wave, on while sin(2π(t + θ<sub>x</sub>)/T) > 0, low-passed by τ<sub>x</sub>. "+
		"Not quite at the edges: the recurrent input, up to Σ<sub>j</sub>|kernel[j]| = %s, outweighs A·sin(2π(t + θ<sub>x</sub>)/T) within "+
		"asin(%s/A)·T/(2π) = %s ms (%s steps) of each zero crossing, and can move an edge by up to that much. "+
		"The travelling-wave theory is computed from the simulated R (red), which includes this; the closed form from the ideal wave (grey).",
		g(p.Gain*p.Amplitude), g(a.RecurrentMax), g(a.RecurrentMax), g(1e3*a.EdgeWindow), g(a.EdgeWindow/p.Dt))
}

func theoryText(a *analysis.Symmetry) template.HTML {
	p := a.Run.Params
	return htmlf("<b>Convention.</b> kernel[j], j = 0 … N−1 (j and j − N are the same offset), is the weight from presynaptic neuron i "+
		"to postsynaptic neuron (i + j) mod N; the full model's w((i + j) mod N, i) ≈ kernel[j]. Neuron x fires r(x, t) = R(t + θ<sub>x</sub>), "+
		"θ<sub>x</sub> = x·T/N, so the postsynaptic neuron leads its presynaptic neuron by Δθ = j·T/N = j × %s ms. "+
		"<b>Steady state.</b> Averaging τ<sub>w</sub>ẇ = r(pre, t − τ<sub>d</sub>)·ṙ(post, t) − λ·w over a period "+
		"(τ<sub>w</sub>/λ = %s s ≫ T = %s s) gives "+
		"w*(j) = C(Δθ + τ<sub>d</sub>)/λ with C(a) = (1/T)∫<sub>0</sub><sup>T</sup> R(s − a)·R′(s) ds, the derivative of R's "+
		"autocorrelation, odd in a. C(a) > 0, potentiation, when the presynaptic rate a seconds earlier in the cycle tends to be high while "+
		"the postsynaptic rate rises. τ<sub>d</sub> is the simulated delay d·dt = %s ms. C is computed from one simulated period of R "+
		"with the rule's own pairing, (1/P)Σ<sub>s</sub> R[s − m]·(R[s] − R[s−1])/dt. "+
		"<b>Closed form.</b> For a unit square wave low-passed by τ<sub>x</sub>, on 0 ≤ a ≤ T/2, "+
		"C(a) = [e<sup>−a/τ<sub>x</sub></sup> + e<sup>(a − T/2)/τ<sub>x</sub></sup>]/(T(1 + q)) − 1/T with q = e<sup>−T/(2τ<sub>x</sub>)</sup>, "+
		"and C(a + T/2) = −C(a): the kernel is close to −1/(λT) = %s for lags Δθ + τ<sub>d</sub> in (0, T/2) mod T, "+
		"and to +1/(λT) in (T/2, T).",
		g(1e3*p.Period/float64(p.Neurons)), g(p.TauW/p.Lambda), g(p.Period), g(1e3*a.Run.Delay()), g(-1/(p.Lambda*p.Period)))
}

// agreementText states how well the kernel agrees with each theory, each
// with the assumption it makes, and claims no agreement for a run that has
// not settled.
func agreementText(a *analysis.Symmetry) template.HTML {
	o := &a.Outcome
	var s template.HTML
	settled := o.Drift.Settled()
	if a.SteadyKernel != nil {
		s += htmlf("<b>The rule's steady state</b> (dashed black), computed from the recorded activity of every step over the last %d periods (steps %d to %d) with exactly "+
			"the pairing the %s rule adds, w* = ⟨pairing⟩/(λ·dt), assumes nothing but settled weights: the kernel differs from it by %s. ",
			o.SteadyPeriods, o.SteadyFrom, o.SteadyTo-1, string(a.Run.Params.Model), pct(o.SteadyRel))
	} else {
		s += htmlf("<b>The rule's steady state</b> cannot be computed from this run: %s. ", o.SteadyWhy)
	}
	s += htmlf("<b>The travelling-wave theory</b> (green), which assumes every neuron fires neuron 0's rate shifted by its phase, differs by %s; "+
		"<b>the closed form</b> (grey), which also assumes a saturated drive, by %s in continuous time and %s in the exact form of the simulation's discrete scheme. ",
		pct(a.TheoryRel), pct(o.ClosedRel), pct(o.DiscreteClosedRel))
	if !settled {
		return s + refText(a)
	}
	s += htmlf("Within %s, these hold: %s. ", pct(analysis.AgreeTolerance), holdsList(o.Holds))
	if o.Holds.Wave {
		explained := "incomplete relaxation"
		expected := a.ConvergenceExpected
		if a.SwingExpected > 0 {
			explained = "incomplete relaxation and the swing within a period"
			expected = math.Hypot(expected, a.SwingExpected)
		}
		s += htmlf("Relaxing at λ/τ<sub>w</sub> from the initial weights leaves e<sup>−λ(t<sub>end</sub> − t<sub>0</sub>)/τ<sub>w</sub></sup>·‖w<sub>0</sub> − w*‖/‖w*‖ = %s expected", pct(a.ConvergenceExpected))
		if a.SwingExpected > 0 {
			s += htmlf(" and, learned from presynaptic neuron 0 alone (not averaged over phases as in the kernel model), "+
				"a swing within the period of RMS %s of ‖w*‖; together about %s", pct(a.SwingExpected), pct(expected))
		}
		if a.TheoryRel > 1.5*expected+1e-3 {
			s += htmlf(": the difference is larger than %s can explain", explained)
		}
		s += ". "
		s += htmlf("The continuous closed form differs from the travelling-wave theory by %s, the discrete scheme's exact closed form by %s",
			pct(a.ClosedVsSimR), pct(a.DiscreteVsSimR))
		if a.DiscreteVsSimR <= analysis.AgreeTolerance && o.Saturated() {
			s += ": neuron 0's rate is the Euler-filtered square wave, and the continuous form misses by the discretisation alone"
		}
		s += ". "
	}
	return s + refText(a)
}

// refText compares the kernel with the full run's, when there is one.
func refText(a *analysis.Symmetry) template.HTML {
	if a.Ref != nil {
		return htmlf("The full model's kernel (mean of its aligned rows) differs from the kernel model by %s, and from the travelling-wave theory of its own R by %s.",
			pct(a.FullRel), pct(a.Ref.TheoryRel))
	}
	return htmlf("No full model to compare with: %s.", a.RefNote)
}

// holdsList names the theories that hold.
func holdsList(h analysis.Holds) string {
	var names []string
	if h.Steady {
		names = append(names, "the rule's steady state")
	}
	if h.Wave {
		names = append(names, "the travelling wave")
	}
	if h.ClosedForm {
		names = append(names, "the closed form")
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// eigenShown is how many of the largest eigenvalues the spectrum shows.
const eigenShown = 24

func spectrumBlock(cs *chartSet, id string, a *analysis.Symmetry) (block, bool) {
	if a.Ref == nil {
		return block{}, false
	}
	f := a.Ref
	if f.EigenErr != "" {
		return block{Title: "Circulant check", Text: htmlf("No eigenvalues: %s.", f.EigenErr)}, true
	}
	// A kernel has a few large Fourier modes and many near 0: the chart
	// shows the largest eigenShown of each set, on axes that fit them.
	top := func(v []complex128) []complex128 { return v[:min(eigenShown, len(v))] }
	r := math.Max(analysis.MaxAbs(f.Eigen), math.Max(f.SpecScale, analysis.MaxAbs(a.KernelSpec)))
	set := func(name, color string, v []complex128) curve {
		v = top(v)
		c := curve{Name: name, Color: color, X: make([]float64, len(v)), Y: make([]float64, len(v))}
		for i, z := range v {
			c.X[i], c.Y[i] = snap(real(z), r), snap(imag(z), r)
		}
		return c
	}
	rest := 0.0
	if len(f.Eigen) > eigenShown {
		rest = cmplx.Abs(f.Eigen[eigenShown])
	}
	c := cs.complexPlane(id+"_spectrum", fmt.Sprintf("The %d largest eigenvalues of the learned full matrix and of the DFT of the kernels", eigenShown), r,
		[]curve{
			set("eigenvalues of the full w", colorFull, f.Eigen),
			set("DFT of the full model's aligned mean", colorTheory, f.Spec),
			set("DFT of the kernel model", colorKernel, a.KernelSpec),
		}, []string{"circle", "diamond", "triangle"})
	text := htmlf("A circulant matrix w(x, y) = kernel[(x − y) mod N] has the Fourier modes v<sub>m</sub>[y] = e<sup>2πi·my/N</sup> as eigenvectors, "+
		"with eigenvalues K̂[m] = Σ<sub>j</sub> kernel[j]·e<sup>−2πi·jm/N</sup> (this sign follows from the offset convention; for a real kernel "+
		"the set is symmetric about the real axis either way). The chart shows the %d largest of each set; the other %d eigenvalues lie within "+
		"|λ| ≤ %s of 0 (the wheel zooms). The eigenvalues of the learned %d×%d matrix (gonum, LAPACK dgeev) lie within %s of "+
		"the DFT of its aligned mean (%s of the largest |K̂| = %s); the Bauer–Fike bound for a circulant matrix plus a perturbation E is ‖E‖<sub>2</sub> ≤ ‖E‖<sub>F</sub> = %s.",
		min(eigenShown, len(f.Eigen)), max(len(f.Eigen)-eigenShown, 0), g(rest),
		f.Run.Params.Neurons, f.Run.Params.Neurons, g(f.EigenDist), pct(f.EigenDist/f.SpecScale), g(f.SpecScale), g(f.EigenBound))
	if f.EigenDist > f.EigenBound*(1+1e-9) {
		text += " The bound is violated: the eigenvalue computation is not to be trusted."
	}
	return block{Title: "Circulant check", Chart: &c, Text: text}, true
}

// snap returns 0 for x below rounding noise next to scale (the imaginary
// part of a real eigenvalue comes out as ±1e−17), so that the page does not
// print noise that differs between machines.
func snap(x, scale float64) float64 {
	if math.Abs(x) < 1e-12*scale {
		return 0
	}
	return x
}

// frozenText says what a run with learning off shows: weights it did not
// learn, so that no theory of the learning rule is compared with them.
func frozenText(info analysis.Info) template.HTML {
	from := template.HTML("the weights it started from")
	if up := info.Settings.Init.From; up != "" {
		from = htmlf("the final weights of its upstream run (<code>%s</code>), learned there", up)
	}
	return htmlf("<b>Learning is off in this run</b> (<code>dynamics.learn = false</code>): its weights stay %s, bit for bit. "+
		"The theories of the learning rule describe weights that learn from this run's activity, so none is compared with them here "+
		"and no regime is claimed; the sections below measure what the network does with them.", from)
}
