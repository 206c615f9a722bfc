package report

import (
	"fmt"
	"html/template"
	"math"
	"ringwave/report/analysis"
)

func symmetrySection(cs *chartSet, a *analysis.Symmetry) []block {
	info, p := a.Run, a.Run.Params
	n := p.Neurons
	id := info.Anchor

	curves := []curve{{Name: "kernel model", Y: a.Kernel, Color: colorKernel, Width: 2}}
	if a.Ref != nil {
		curves = append(curves, curve{Name: "full model, mean of aligned rows", Y: a.Ref.Kernel, Color: colorFull, Width: 1.5})
	}
	curves = append(curves,
		curve{Name: "theory from the simulated R", Y: a.Theory, Color: colorTheory, Dashed: true, Width: 1.5},
		curve{Name: "closed form, low-passed square wave", Y: a.Closed, Color: colorClosed, Dashed: true})
	k := cs.line(id+"_kernel", "Learned kernel w(Δ) against the full model and the steady state of the rule",
		offsetAxis("offset j (presynaptic i → postsynaptic i + j mod N)", n), axis{Name: "weight"}, curves...)
	blocks := []block{
		{Title: "Sign convention and theory", Text: theoryText(a)},
		{Title: "Learned kernel", Chart: &k, Text: agreementText(a)},
	}

	t := make([]float64, len(a.Period))
	for m := range t {
		t[m] = float64(m) * a.H
	}
	r := cs.line(id+"_period", "One period of the rate R(s) = r(0, s)", axis{Name: "phase s (s)", Min: 0, Max: g(p.Period)}, axis{Name: "rate", Min: 0, Max: 1},
		curve{Name: "simulated (neuron 0, last period)", X: t, Y: a.Period, Color: colorKernel, Width: 2},
		curve{Name: "low-passed square wave", X: t, Y: a.SquarePeriod, Color: colorClosed, Dashed: true})
	blocks = append(blocks, block{Title: "The activity the theory uses", Chart: &r, Text: htmlf(
		"With g·A = %s the sigmoid saturates: the drive is a square wave, on while sin(2π(t + θ<sub>x</sub>)/T) > 0, low-passed by τ<sub>x</sub>. "+
			"Not quite at the edges: the recurrent input, up to Σ<sub>j</sub>|kernel[j]| = %s, outweighs A·sin(2π(t + θ<sub>x</sub>)/T) within "+
			"asin(%s/A)·T/(2π) = %s ms (%s steps) of each zero crossing, and can move an edge by up to that much. "+
			"The theory line above is computed from the simulated R (red), which includes this; the closed form from the ideal wave (grey).",
		g(p.Gain*p.Amplitude), g(a.RecurrentMax), g(a.RecurrentMax), g(1e3*a.EdgeWindow), g(a.EdgeWindow/p.Dt))})

	if a.Evolution.Rows > 0 {
		tr := a.Evolution.Transpose() // time along x
		lo, hi := symmetric(a.Evolution.Values)
		e := cs.heat(id+"_evolution", "Kernel evolution w(Δ, t)", tr, "time (s)", "offset j",
			timeLabels(a.EvolutionTimes), intLabels(tr.RowStart), lo, hi, diverging)
		blocks = append(blocks, block{Title: "Kernel evolution", Chart: &e, Text: htmlf(
			"Each column is a snapshot of the kernel (cells: means of %s snapshots × offsets). Learning starts at t<sub>0</sub> = %s s.",
			blockSize(a.Evolution), g(info.LearnStart()))})
	}
	if b, ok := convergenceBlock(cs, info, "kernel", a.HistoryTimes, a.Distance, a.Predicted, a.Fit, a.Fitted); ok {
		blocks = append(blocks, b)
	}
	if b, ok := spectrumBlock(cs, a); ok {
		blocks = append(blocks, b)
	}
	blocks = append(blocks, block{Title: "Numbers", Table: symmetryTable(a)})
	return blocks
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

// agreementText states how well simulation and theory agree, with numbers,
// and says so when they do not.
func agreementText(a *analysis.Symmetry) template.HTML {
	explained := "incomplete relaxation"
	expected := a.ConvergenceExpected
	if a.SwingExpected > 0 {
		explained = "incomplete relaxation and the swing within a period"
		expected = math.Hypot(expected, a.SwingExpected)
	}
	verdict := "agrees with the steady state computed from its own activity within what " + explained + " can explain"
	if a.TheoryRel > 1.5*expected+1e-3 {
		verdict = "does NOT agree with the steady state computed from its own activity: the difference is larger than " + explained + " can explain"
	}
	s := htmlf("The %s model %s: relative difference %s, expected e<sup>−λ(t<sub>end</sub> − t<sub>0</sub>)/τ<sub>w</sub></sup>·‖w<sub>0</sub> − w*‖/‖w*‖ = %s",
		string(a.Run.Params.Model), verdict, pct(a.TheoryRel), pct(a.ConvergenceExpected))
	if a.SwingExpected > 0 {
		s += htmlf(" and, learned from presynaptic neuron 0 alone (not averaged over phases as in the kernel model), "+
			"a swing within the period of RMS %s of ‖w*‖ (computed from R like the spread of the full model's aligned rows); together about %s", pct(a.SwingExpected), pct(expected))
	}
	s += ". "
	s += htmlf("The continuous closed form differs from the theory of the simulated R by %s; that is the forward Euler scheme: "+
		"its low-pass has the time constant τ<sub>E</sub> = −dt/ln(1 − dt/τ<sub>x</sub>) = %s ms, and R[s] − R[s−1] is centred half a step "+
		"before s. With τ<sub>E</sub> and the lag a − h/2 (h = %s ms, the sampling of R) the closed form is within %s of it. ",
		pct(a.ClosedVsSimR), g(1e3*a.TauEuler), g(1e3*a.H), pct(a.CorrectedRel))
	if a.Ref != nil {
		s += htmlf("The full model's kernel (mean of its aligned rows) differs from the kernel model by %s, and from the theory of its own R by %s.",
			pct(a.FullRel), pct(a.Ref.TheoryRel))
	} else {
		s += htmlf("No full model to compare with: %s.", a.RefNote)
	}
	return s
}

func spectrumBlock(cs *chartSet, a *analysis.Symmetry) (block, bool) {
	if a.Ref == nil {
		return block{}, false
	}
	if a.EigenErr != "" {
		return block{Title: "Circulant check", Text: htmlf("No eigenvalues: %s.", a.EigenErr)}, true
	}
	r := math.Max(analysis.MaxAbs(a.Eigen), math.Max(a.SpecScale, analysis.MaxAbs(a.KernelSpec)))
	set := func(name, color string, v []complex128) curve {
		c := curve{Name: name, Color: color, X: make([]float64, len(v)), Y: make([]float64, len(v))}
		for i, z := range v {
			c.X[i], c.Y[i] = snap(real(z), r), snap(imag(z), r)
		}
		return c
	}
	c := cs.complexPlane(a.Run.Anchor+"_spectrum", "Eigenvalues of the learned full matrix and DFT of the kernels", r,
		[]curve{
			set("eigenvalues of the full w", colorFull, a.Eigen),
			set("DFT of the full model's aligned mean", colorTheory, a.FullSpec),
			set("DFT of the kernel model", colorKernel, a.KernelSpec),
		}, []string{"circle", "diamond", "triangle"})
	text := htmlf("A circulant matrix w(x, y) = kernel[(x − y) mod N] has the Fourier modes v<sub>m</sub>[y] = e<sup>2πi·my/N</sup> as eigenvectors, "+
		"with eigenvalues K̂[m] = Σ<sub>j</sub> kernel[j]·e<sup>−2πi·jm/N</sup> (this sign follows from the offset convention; for a real kernel "+
		"the set is symmetric about the real axis either way). The eigenvalues of the learned %d×%d matrix (gonum, LAPACK dgeev) lie within %s of "+
		"the DFT of its aligned mean (%s of the largest |K̂| = %s); the Bauer–Fike bound for a circulant matrix plus a perturbation E is ‖E‖<sub>2</sub> ≤ ‖E‖<sub>F</sub> = %s.",
		a.Ref.Run.Params.Neurons, a.Ref.Run.Params.Neurons, g(a.EigenDist), pct(a.EigenDist/a.SpecScale), g(a.SpecScale), g(a.EigenBound))
	if a.EigenDist > a.EigenBound*(1+1e-9) {
		text += " The bound is violated: the eigenvalue computation is not to be trusted."
	}
	return block{Title: "Circulant check", Chart: &c, Text: text}, true
}

func symmetryTable(a *analysis.Symmetry) *table {
	t := &table{Head: []string{"quantity", "kernel model", "theory (simulated R)", "closed form", "full model"}}
	add := func(cells ...string) { t.Rows = append(t.Rows, cellsOf(cells...)) }
	ext := func(e analysis.Extremum) string { return fmt.Sprintf("%s at offset %d", g(e.Value), e.Offset) }
	full := func(f func(*analysis.Full) string) string {
		if a.Ref == nil {
			return "n/a"
		}
		return f(a.Ref)
	}
	add("peak", ext(a.Peak), ext(a.TheoryPeak), ext(a.ClosedPeak), full(func(r *analysis.Full) string { return ext(r.Peak) }))
	add("trough", ext(a.Trough), ext(a.TheoryTrough), ext(a.ClosedTrough), full(func(r *analysis.Full) string { return ext(r.Trough) }))
	add("measured vs predicted peak", pct(a.Peak.Value/a.TheoryPeak.Value-1), "", pct(a.Peak.Value/a.ClosedPeak.Value-1),
		full(func(r *analysis.Full) string { return pct(r.Peak.Value/a.TheoryPeak.Value - 1) }))
	add("zero crossings", zeroList(a.Zeros), zeroList(a.TheoryZeros), zeroList(analysis.ZeroCrossings(a.Closed)),
		full(func(r *analysis.Full) string { return zeroList(r.Zeros) }))
	add("relative difference from the theory", pct(a.TheoryRel), "", pct(a.ClosedVsSimR), full(func(r *analysis.Full) string { return pct(r.TheoryRel) }))
	add("expected from relaxation", pct(a.ConvergenceExpected), "", "", full(func(r *analysis.Full) string { return pct(r.ConvergenceExpected) }))
	add("full vs kernel", "", "", "", full(func(*analysis.Full) string { return pct(a.FullRel) }))
	add("circulant residual (spread across aligned rows)", "", full(func(r *analysis.Full) string { return "predicted " + g(r.PredictedResidual) }), "",
		full(func(r *analysis.Full) string {
			return fmt.Sprintf("%s (%s of the kernel's RMS)", g(r.Residual), pct(r.Residual/analysis.RMS(r.Kernel)))
		}))
	if a.Ref != nil && a.Eigen != nil {
		add("eigenvalues vs DFT of the aligned mean", "", "", "", fmt.Sprintf("%s (bound %s)", g(a.EigenDist), g(a.EigenBound)))
	}
	if a.Fitted {
		add("decay rate", g6(a.Fit.Rate)+" /s", fmt.Sprintf("λ/τ_w = %s /s", g(a.Predicted.Rate)), "",
			full(func(r *analysis.Full) string {
				if !r.Fitted {
					return "no history"
				}
				return g6(r.Fit.Rate) + " /s"
			}))
	}
	add("wall time", g(a.Run.Wall)+" s", "", "", full(func(r *analysis.Full) string { return g(r.Run.Wall) + " s" }))
	refKey := template.HTML("n/a")
	if a.Ref != nil {
		refKey = keyCell(a.Ref.Run.Key)
	}
	t.Rows = append(t.Rows, []template.HTML{"cache key", keyCell(a.Run.Key), "", "", refKey})
	return t
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
