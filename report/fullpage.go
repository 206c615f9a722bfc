package report

import (
	"fmt"
	"html/template"
	"math"
	"ringwave/report/analysis"
	"strconv"
	"strings"
)

// Colours of the curves, the same meaning on every chart.
const (
	colorFull    = "#1f77b4" // the full model
	colorKernel  = "#d62728" // the kernel model
	colorTheory  = "#2ca02c" // theory from the simulated R
	colorClosed  = "#7f7f7f" // closed form, low-passed square wave
	colorPredict = "#ff7f0e" // predicted decay
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

// timeLabels labels heatmap cells by their start time.
func timeLabels(times []float64) []string {
	l := make([]string, len(times))
	for i, t := range times {
		l[i] = strconv.FormatFloat(t, 'f', 4, 64)
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

func blockSize(g analysis.Grid) string {
	return fmt.Sprintf("%d×%d", g.RowStart[1]-g.RowStart[0], g.ColStart[1]-g.ColStart[0])
}

// rasterBlock draws a raster; tn = T/N is the lag between neighbours (s).
func rasterBlock(cs *chartSet, name, title, when string, r analysis.Raster, tn float64) block {
	if r.Rows == 0 {
		return block{Title: title, Text: "No activity was recorded."}
	}
	t := r.Grid.Transpose() // time along x
	c := cs.heat(name, title, t, "time (s)", "neuron x", timeLabels(r.Times), intLabels(t.RowStart), 0, 1, sequential)
	return block{Title: title, Chart: &c, Text: htmlf("Rate r(x, t) of every neuron (vertical) against time (horizontal), %s; "+
		"each cell is the mean of %s (time steps × neurons). Neuron x receives A·sin(2π(t + θ<sub>x</sub>)/T) with θ<sub>x</sub> = x·T/N, "+
		"so it reaches each phase x·T/N before neuron 0: the edges of activity move towards lower x, one neuron every T/N = %s ms, "+
		"once round the ring per period.", when, blockSize(r.Grid), g(1e3*tn))}
}

func fullSection(cs *chartSet, a *analysis.Full) []block {
	info, p := a.Run, a.Run.Params
	n := p.Neurons
	tn := p.Period / float64(n)
	blocks := []block{
		rasterBlock(cs, info.Anchor+"_raster_last", "Activity over the last periods", "over the last periods of the run", a.Last, tn),
		rasterBlock(cs, info.Anchor+"_raster_first", "Activity over the first periods", "over the first periods, initial phase included", a.First, tn),
	}

	lo, hi := symmetric(a.Weights.Values)
	w := cs.heat(info.Anchor+"_weights", "Learned weights w(x, y)", a.Weights, "presynaptic y", "postsynaptic x",
		intLabels(a.Weights.ColStart), intLabels(a.Weights.RowStart), lo, hi, diverging)
	blocks = append(blocks, block{Title: "Learned weight matrix", Chart: &w, Text: htmlf(
		"w(x, y) is the weight from presynaptic neuron y to postsynaptic neuron x at the end of the run (cells: means of %s). "+
			"A circulant matrix, w(x, y) = kernel[(x − y) mod N], shows as stripes parallel to the diagonal.", blockSize(a.Weights))})

	lo, hi = symmetric(a.Aligned.Values)
	al := cs.heat(info.Anchor+"_aligned", "Aligned by offset: A[i][j] = w((i + j) mod N, i)", a.Aligned, "offset j", "presynaptic i",
		intLabels(a.Aligned.ColStart), intLabels(a.Aligned.RowStart), lo, hi, diverging)
	blocks = append(blocks, block{Title: "Weights aligned by offset", Chart: &al, Text: htmlf(
		"Row i is what presynaptic neuron i sends to the neuron j places ahead of it: A[i][j] = w((i + j) mod N, i). " +
			"This is ringwave's offset convention (kernel[j] is the weight from i to (i + j) mod N), so column j is kernel[j] " +
			"and vertical stripes mean the matrix is circulant. The notebook's <code>symmetrize</code> rolls the postsynaptic " +
			"row x by −x instead, S[x][k] = w(x, (x + k) mod N) = kernel[−k mod N]: the same stripes, mirrored.")})

	k := cs.line(info.Anchor+"_kernel", "Learned kernel: mean of the aligned rows ± std",
		offsetAxis("offset j", n), axis{Name: "weight"},
		curve{Name: "mean − std", Y: sub(a.Kernel, a.KernelStd), Stack: "band", Hidden: true, Color: colorFull},
		curve{Name: "± std across rows", Y: scale(a.KernelStd, 2), Stack: "band", Hidden: true, Fill: colorFull, Color: colorFull},
		curve{Name: "mean of aligned rows", Y: a.Kernel, Color: colorFull, Width: 2},
		curve{Name: "theory C(j·T/N + τ_d)/λ", Y: a.Theory, Color: colorTheory, Dashed: true, Width: 1.5},
	)
	blocks = append(blocks, block{Title: "Learned kernel", Chart: &k, Text: htmlf(
		"The mean over presynaptic neurons i of A[i][j], with a band of ± one standard deviation across them "+
			"(RMS spread %s, %s of the kernel's RMS). The dashed line is the steady state of the rule computed from this run's own "+
			"activity (see the weight-symmetry report): they differ by %s, and relaxation from the initial weights at the rate λ/τ<sub>w</sub> "+
			"leaves %s expected.", g(a.Residual), pct(a.Residual/analysis.RMS(a.Kernel)), pct(a.TheoryRel), pct(a.ConvergenceExpected))})

	if b, ok := convergenceBlock(cs, info, "weights", a.HistoryTimes, a.Distance, a.Predicted, a.Fit, a.Fitted); ok {
		blocks = append(blocks, b)
	}
	blocks = append(blocks, block{Title: "Numbers", Table: fullTable(a)})
	return blocks
}

func fullTable(a *analysis.Full) *table {
	t := &table{Head: []string{"quantity", "value", "how it is measured"}}
	add := func(q, v, how string) { t.Rows = append(t.Rows, cellsOf(q, v, how)) }
	add("kernel peak", fmt.Sprintf("%s at offset %d", g(a.Peak.Value), a.Peak.Offset), "largest mean of an aligned column")
	add("kernel trough", fmt.Sprintf("%s at offset %d", g(a.Trough.Value), a.Trough.Offset), "smallest mean of an aligned column")
	add("zero crossings", zeroList(a.Zeros), "offsets where the kernel changes sign, interpolated")
	add("circulant residual", fmt.Sprintf("%s (%s of the kernel's RMS)", g(a.Residual), pct(a.Residual/analysis.RMS(a.Kernel))),
		"RMS over i, j of A[i][j] − kernel[j]; 0 for a circulant matrix")
	add("predicted residual", g(a.PredictedResidual),
		"RMS swing of the weights within a period around their steady state, (1/τ_w)∫(r(y,t−τ_d)ṙ(x,t) − C) dt, from this run's R")
	add("kernel vs theory", pct(a.TheoryRel), "‖kernel − C(j·T/N + τ_d)/λ‖/‖C/λ‖")
	add("expected from relaxation", pct(a.ConvergenceExpected), "e^(−λ(t_end − t_0)/τ_w)·‖w_0 − w*‖/‖w*‖")
	if a.Fitted {
		add("decay rate", fmt.Sprintf("%s /s (predicted λ/τ_w = %s /s)", g6(a.Fit.Rate), g(a.Predicted.Rate)),
			"least-squares fit of the distance to the final weights")
	}
	add("wall time", g(a.Run.Wall)+" s", "simulation, from run.json")
	t.Rows = append(t.Rows, []template.HTML{"cache key", keyCell(a.Run.Key), ""})
	return t
}

// keyCell shows a whole cache key, breakable in a narrow column.
func keyCell(k string) template.HTML { return htmlf(`<code class="key">%s</code>`, k) }

func zeroList(z []float64) string {
	if len(z) == 0 {
		return "none"
	}
	s := make([]string, len(z))
	for i, v := range z {
		s[i] = strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strings.Join(s, ", ")
}

// convergenceBlock plots ‖w(t) − w_end‖/‖w_end‖ on a log axis with the
// predicted and the fitted relaxation.
func convergenceBlock(cs *chartSet, info analysis.Info, what string, times, dist []float64, pred, fit analysis.Decay, fitted bool) (block, bool) {
	if len(times) < 2 {
		return block{}, false
	}
	var pt, pv, ft, fv []float64
	for _, t := range times {
		if t >= pred.T0 && t < pred.TEnd {
			if v := pred.At(t); v > 0 {
				pt, pv = append(pt, t), append(pv, v)
			}
			if v := fit.At(t); fitted && v > 0 {
				ft, fv = append(ft, t), append(fv, v)
			}
		}
	}
	curves := []curve{
		{Name: "measured", X: times, Y: dist, Color: colorFull, Width: 2},
		{Name: "predicted, rate λ/τ_w", X: pt, Y: pv, Color: colorPredict, Dashed: true, Width: 1.5},
	}
	if fitted {
		curves = append(curves, curve{Name: "fitted rate", X: ft, Y: fv, Color: colorClosed, Dashed: true})
	}
	c := cs.line(info.Anchor+"_convergence", "Distance of the "+what+" from the final value",
		axis{Name: "time (s)", Min: 0, Max: g(info.Params.Periods * info.Params.Period)}, axis{Name: "‖w(t) − w_end‖ / ‖w_end‖", Log: true}, curves...)
	text := htmlf("w(t) relaxes towards the steady state w* as w(t) − w* = (w(t<sub>0</sub>) − w*)·e<sup>−λ(t − t<sub>0</sub>)/τ<sub>w</sub></sup> "+
		"from t<sub>0</sub> on (learning starts at %s s, after the initial phase; t<sub>0</sub> = %s s is the first snapshot since), "+
		"so their distance to the final value w<sub>end</sub> follows "+
		"c·(e<sup>−λ(t − t<sub>0</sub>)/τ<sub>w</sub></sup> − e<sup>−λ(t<sub>end</sub> − t<sub>0</sub>)/τ<sub>w</sub></sup>), with c fixed by the distance at t<sub>0</sub>. "+
		"w<sub>end</sub> is the last snapshot (t<sub>end</sub> = %s s, %d snapshots every %d steps), not the weights after the last step: "+
		"snapshots a whole number of periods apart share their phase, and the weights of the full model swing within a period. "+
		"Predicted rate λ/τ<sub>w</sub> = %s /s", g(info.LearnStart()), g(pred.T0), g(pred.TEnd), len(times)+1, info.Settings.Record.WeightsEvery, g(pred.Rate))
	if fitted {
		text += htmlf("; fitted %s /s (%s from predicted).", g6(fit.Rate), signedPct(fit.Rate/pred.Rate-1))
	} else {
		text += "."
	}
	return block{Title: "Convergence", Chart: &c, Text: text}, true
}

func sub(a, b []float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = a[i] - b[i]
	}
	return out
}

func scale(a []float64, s float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = s * a[i]
	}
	return out
}
