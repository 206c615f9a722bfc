package report

import (
	"fmt"
	"html/template"
	"math"
	"ringwave/report/analysis"
	"strconv"
)

// Colours of the curves, the same meaning on every chart.
const (
	colorFull    = "#1f77b4" // the full model
	colorKernel  = "#d62728" // the kernel model
	colorTheory  = "#2ca02c" // theory from the simulated R
	colorClosed  = "#7f7f7f" // closed form, low-passed square wave
	colorPredict = "#ff7f0e" // predicted decay
	colorBand    = "#9ecae1" // ± std of the full model's aligned rows
)

// runMeta is the one-line description of a run under its heading.
func runMeta(r analysis.Info) template.HTML {
	p := r.Params
	s := htmlf("model <b>%s</b> · N = %d · dt = %s ms · T = %s s · %s periods (%d steps, the first %d without learning) · "+
		"τ<sub>x</sub> = %s ms · τ<sub>d</sub> = %s ms (%d steps) · τ<sub>w</sub> = %s s · λ = %s · A = %s · g = %s · "+
		"initial weights %s · key <code>%s</code>",
		string(p.Model), p.Neurons, g(p.Dt*1e3), g(p.Period), g(p.Periods), p.Steps(), p.InitPhaseSteps(),
		g(p.TauX*1e3), g(p.TauD*1e3), p.Delay(), g(p.TauW), g(p.Lambda), g(p.Amplitude), g(p.Gain),
		initText(r), shortKey(r.Key))
	if r.Status == "cached" {
		s += htmlf(" · computed in %s s (%s steps/s)", g(r.Wall), strconv.FormatFloat(r.Speed, 'f', 0, 64))
	}
	return s
}

func initText(r analysis.Info) string {
	switch w := r.Settings.Init.Weights; w {
	case "randn":
		return fmt.Sprintf("%s·randn (seed %d)", g(r.Settings.Init.Scale), r.Settings.Seed)
	default:
		return w
	}
}

func shortKey(k string) string { return k[:min(12, len(k))] }

// intLabels labels heatmap cells by the first source index of each.
func intLabels(starts []int) []string {
	l := make([]string, len(starts)-1)
	for i := range l {
		l[i] = strconv.Itoa(starts[i])
	}
	return l
}

// timeLabels labels heatmap cells by their start time, rounded to the
// decimals that tell apart the labels heat shows (every labelEvery-th).
func timeLabels(times []float64) []string {
	decimals := 4
	if len(times) > 1 {
		shown := (times[len(times)-1] - times[0]) / float64(len(times)-1) * float64(labelEvery(len(times), 710))
		decimals = max(0, int(math.Ceil(-math.Log10(shown)+1e-9)))
	}
	l := make([]string, len(times))
	for i, t := range times {
		l[i] = strconv.FormatFloat(t, 'f', decimals, 64)
	}
	return l
}

// offsetAxis is the category axis of offsets 0 … n−1.
func offsetAxis(name string, n int) axis {
	l := make([]string, n)
	for j := range l {
		l[j] = strconv.Itoa(j)
	}
	return axis{Name: name, Labels: l}
}

// symmetric returns ±max|v|, the range of a diverging colour map.
func symmetric(v []float64) (float64, float64) {
	lo, hi := analysis.Range(v)
	m := math.Max(math.Abs(lo), math.Abs(hi))
	return -m, m
}

func blockSize(g Grid) string {
	return fmt.Sprintf("%d×%d", g.RowStart[1]-g.RowStart[0], g.ColStart[1]-g.ColStart[0])
}

// rasterBlock draws a raster; tn = T/N is the lag between neighbours (s).
// rasterBlock draws the activity; travelling says whether the last periods
// were measured to be a travelling wave of period T, the only case in
// which the page says the edges move with the input.
func rasterBlock(cs *chartSet, name, title, when string, r raster, tn float64, travelling bool) block {
	if r.Rows == 0 {
		return block{Title: title, Text: "No activity was recorded."}
	}
	t := r.Grid.Transpose() // time along x
	c := cs.heat(name, title, t, "time (s)", "neuron x", timeLabels(r.Times), intLabels(t.RowStart), 0, 1, sequential, "rate r (0–1)")
	text := htmlf("Rate r(x, t) of every neuron (vertical) against time (horizontal), %s; "+
		"each cell is the mean of %s (time steps × neurons). Neuron x receives A·sin(2π(t + θ<sub>x</sub>)/T) with θ<sub>x</sub> = x·T/N, "+
		"so its input reaches each phase x·T/N before neuron 0's. ", when, blockSize(r.Grid))
	if travelling {
		text += htmlf("The last periods are a travelling wave of period T (measured): the edges of activity move towards lower x, one neuron every T/N = %s ms, "+
			"once round the ring per period.", g(1e3*tn))
	} else {
		text += "The last periods are not a travelling wave of period T (measured; see the numbers): the activity need not follow the input."
	}
	return block{Title: title, Chart: &c, Text: text}
}

// fullSection lays out a full run; id, the section's anchor, names its charts.
func fullSection(cs *chartSet, id string, a *analysis.Full, m *analysis.Measurements) []block {
	info, p := a.Run, a.Run.Params
	n := p.Neurons
	tn := p.Period / float64(n)
	blocks := []block{
		rasterBlock(cs, id+"_raster_last", "Activity over the last periods", "over the last periods of the run", makeRaster(info, a.Last), tn, a.Wave.Travelling()),
		rasterBlock(cs, id+"_raster_first", "Activity over the first periods", "over the first periods, initial phase included", makeRaster(info, a.First), tn, a.Wave.Travelling()),
	}
	weights := Downsample(a.Weights, n, n, heatmapCells, heatmapCells)
	aligned := Downsample(a.Aligned, n, n, heatmapCells, heatmapCells)

	lo, hi := symmetric(weights.Values)
	w := cs.heat(id+"_weights", "Learned weights w(x, y)", weights, "presynaptic y", "postsynaptic x",
		intLabels(weights.ColStart), intLabels(weights.RowStart), lo, hi, diverging, "weight w (dimensionless)")
	blocks = append(blocks, block{Title: "Learned weight matrix", Chart: &w, Text: htmlf(
		"w(x, y) is the weight from presynaptic neuron y to postsynaptic neuron x at the end of the run (cells: means of %s). "+
			"A circulant matrix, w(x, y) = kernel[(x − y) mod N], shows as stripes parallel to the diagonal.", blockSize(weights))})

	lo, hi = symmetric(aligned.Values)
	al := cs.heat(id+"_aligned", "Aligned by offset: A[i][j] = w((i + j) mod N, i)", aligned, "offset j", "presynaptic i",
		intLabels(aligned.ColStart), intLabels(aligned.RowStart), lo, hi, diverging, "weight w (dimensionless)")
	blocks = append(blocks, block{Title: "Weights aligned by offset", Chart: &al, Text: htmlf(
		"Row i is what presynaptic neuron i sends to the neuron j places ahead of it: A[i][j] = w((i + j) mod N, i). " +
			"This is ringwave's offset convention (kernel[j] is the weight from i to (i + j) mod N), so column j is kernel[j] " +
			"and vertical stripes mean the matrix is circulant. The notebook's <code>symmetrize</code> rolls the postsynaptic " +
			"row x by −x instead, S[x][k] = w(x, (x + k) mod N) = kernel[−k mod N]: the same stripes, mirrored.")})

	kernelColor := colorFull
	if !a.Circulant() {
		kernelColor = colorBand // greyed: no kernel describes these weights
	}
	kc := append(stdBand(a.Kernel, a.KernelStd), curve{Name: "mean of aligned rows", Y: a.Kernel, Color: kernelColor, Width: 2})
	if p.Frozen {
		k := cs.line(id+"_kernel", "The kernel (mean of the aligned rows ± std), frozen", offsetAxis("offset j", n), axis{Name: "weight"}, kc...)
		blocks = append(blocks, block{Title: "The kernel, frozen", Chart: &k, Text: frozenText(info)})
		if b, ok := oscillationBlock(cs, id, info, &a.Outcome); ok {
			blocks = append(blocks, b)
		}
		return append(blocks, block{Title: "Numbers", Table: numbersTable(string(p.Model), m, info.Key, nil, "")})
	}
	k := cs.line(id+"_kernel", "Learned kernel (mean of the aligned rows ± std) against the theories of the rule",
		offsetAxis("offset j", n), axis{Name: "weight"}, append(kc, theoryCurves(&a.Outcome, a.Theory)...)...)
	blocks = append(blocks, block{Title: "Learned kernel", Chart: &k, Text: driftText(info, &a.Outcome) + " " + fullAgreement(a)})

	// The band is a fraction of a percent of the kernel: it shows against
	// the difference from the theory, not on the kernel's scale.
	base, baseName := a.SteadyKernel, "the rule's steady state"
	if base == nil {
		base, baseName = a.Theory, "the travelling-wave theory"
	}
	d := sub(a.Kernel, base)
	dc := cs.line(id+"_differences", "Kernel − "+baseName+", with the spread across rows", offsetAxis("offset j", n), axis{Name: "weight difference"},
		append(stdBand(d, a.KernelStd),
			curve{Name: "mean of aligned rows − " + baseName, Y: d, Color: colorFull, Width: 2},
			curve{Name: "travelling wave − " + baseName, Y: sub(a.Theory, base), Color: colorTheory, Dashed: true})...)
	blocks = append(blocks, block{Title: "Differences", Chart: &dc, Text: htmlf("The kernel minus %s, with the band of ± one standard deviation "+
		"of the aligned rows around it: the swing of the synapses within a period, which the mean over rows averages out.", baseName)})

	if b, ok := oscillationBlock(cs, id, info, &a.Outcome); ok {
		blocks = append(blocks, b)
	}
	if b, ok := convergenceBlock(cs, id, info, "weights", &a.Outcome); ok {
		blocks = append(blocks, b)
	}
	blocks = append(blocks, block{Title: "Numbers", Table: numbersTable(string(p.Model), m, info.Key, nil, "")})
	return blocks
}

// fullAgreement states how the full model's kernel compares with each
// theory, saying where a number is missing why.
func fullAgreement(a *analysis.Full) template.HTML {
	var s template.HTML
	if !a.Circulant() {
		s = htmlf("<b>No kernel describes these weights</b>: ‖W − circ(W)‖/‖W‖ = %s, above %s (circ(W) is the circulant matrix of the mean of the aligned rows). "+
			"The mean below is drawn greyed; its peak, crossings and its agreement with the kernel theories describe nothing physical and are left out of the table; "+
			"for a settled run only the rule's steady state, synapse by synapse (%s here) and tested for a fixed point, can be its regime. ",
			pct(a.Noncirculant), pct(analysis.NoncirculantMax), pct(a.SteadySynapseRel))
	}
	s += htmlf("The mean over presynaptic neurons i of A[i][j], between pale lines at ± one standard deviation across them "+
		"(RMS spread %s, %s of the kernel's RMS, drawn to scale below). ", g(a.Residual), pct(a.Residual/analysis.RMS(a.Kernel)))
	if a.SteadyKernel != nil {
		s += htmlf("The rule's steady state, computed synapse by synapse from the recorded activity of every step over the last %d periods (steps %d to %d), "+
			"differs from the kernel by %s (synapse by synapse by %s, which adds each synapse's swing within a period, predicted %s). ",
			a.SteadyPeriods, a.SteadyFrom, a.SteadyTo-1, pct(a.SteadyRel), pct(a.SteadySynapseRel), pct(a.PredictedResidual/analysis.RMS(a.Kernel)))
	} else {
		s += htmlf("The rule's steady state cannot be computed from this run: %s. ", a.SteadyWhy)
	}
	s += htmlf("The travelling-wave theory of neuron 0's R differs by %s, the closed form by %s.", pct(a.TheoryRel), pct(a.ClosedRel))
	if a.Drift.Settled() && a.Holds.Wave {
		s += htmlf(" Relaxation from the initial weights at the rate λ/τ<sub>w</sub> leaves %s expected.", pct(a.ConvergenceExpected))
	}
	return s
}

// keyCell shows a whole cache key, breakable in a narrow column.
func keyCell(k string) template.HTML { return htmlf(`<code class="key">%s</code>`, k) }

// stdBand is the band of ± one standard deviation around mid, as two thin
// pale lines: a filled stacked band vanishes under the lines it surrounds
// when it is a percent of their scale.
func stdBand(mid, std []float64) []curve {
	plus := make([]float64, len(mid))
	for i := range mid {
		plus[i] = mid[i] + std[i]
	}
	return []curve{
		{Name: "+ std across rows", Y: plus, Color: colorBand, Width: 1},
		{Name: "− std across rows", Y: sub(mid, std), Color: colorBand, Width: 1},
	}
}

func sub(a, b []float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = a[i] - b[i]
	}
	return out
}
