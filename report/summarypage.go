package report

import (
	"fmt"
	"html/template"
	"math"
	"net/url"

	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// maxOverlay is the most runs whose kernels one chart overlays; a larger
// sweep shows them on the points' own pages.
const maxOverlay = 12

// summarySections lays out a sweep: a table of its points, then for each
// swept key every measurement against it with the theory's prediction.
func summarySections(cs *chartSet, m *manifest.Manifest, pts []sweepPoint) []section {
	sections := []section{{Anchor: "points", Title: "Points", Blocks: []block{{Text: regimeText(), Table: pointTable(pts)}}}}
	for i, a := range m.Axes() {
		id := fmt.Sprintf("axis%d", i+1)
		sections = append(sections, section{Anchor: id, Title: "Against " + a.Key, Blocks: axisBlocks(cs, id, pts, i)})
	}
	if len(m.Axes()) == 1 && len(pts) <= maxOverlay {
		sections = append(sections, section{Anchor: "kernels", Title: "Kernels and the activity that explains them", Blocks: overlayBlocks(cs, pts)})
	}
	return sections
}

func regimeText() template.HTML {
	return htmlf("Each point is one run (its page has every chart). <b>Regime</b> names the most specific theory that holds for it "+
		"(its kernel within %s of the theory's, RMS): <i>closed_form</i>, the low-passed square wave of a saturated drive (in the Euler "+
		"scheme's form); <i>travelling_wave</i>, the steady state computed from neuron 0's last period assuming every neuron fires it "+
		"shifted by its phase; <i>steady_state</i>, the rule's own steady state computed from the whole recorded activity, which "+
		"assumes only that the weights have settled. <i>not_settled</i>: the weights still moved by more than %s over the rule's "+
		"memory τ<sub>w</sub>/λ, so there is no steady state to compare with; <i>unknown</i>: no snapshots to tell.",
		pct(analysis.AgreeTolerance), pct(analysis.DriftTolerance))
}

func pointTable(pts []sweepPoint) *table {
	t := &table{Head: []string{"point", "regime", "kernel peak (offset)", "zero crossings", "decay rate (/s)", "vs steady state", "vs travelling wave", "vs closed form", "weights drift"}}
	for _, p := range pts {
		link := htmlf(`<a href="%s">%s</a>`, url.PathEscape(p.Page), p.Run.PointLabel())
		if p.M == nil {
			t.Rows = append(t.Rows, append([]template.HTML{link, htmlf(`<span class="status-%s">%s</span>`, p.Status, p.Status)}, cellsOf("", "", "", "", "", "", "")...))
			continue
		}
		m := p.M
		rate := "withheld"
		if !math.IsNaN(float64(m.DecayRate)) {
			rate = g(float64(m.DecayRate))
		}
		t.Rows = append(t.Rows, append([]template.HTML{link, regimeCell(m)}, cellsOf(
			fmt.Sprintf("%s (%d)", g(float64(m.KernelPeak)), m.KernelPeakOffset), numList(m.ZeroCrossings), rate,
			vsTheory(m, m.SteadyRelDiff), vsTheory(m, m.TheoryRelDiff), vsTheory(m, m.ClosedRelDiff), pctNum(m.WeightsDrift))...))
	}
	return t
}

// regimeCell shows a run's regime, in red when it has not settled.
func regimeCell(m *analysis.Measurements) template.HTML {
	class := "regime"
	if m.Regime == analysis.RegimeUnsettled || m.Regime == analysis.RegimeUnknown || m.Regime == analysis.RegimeNone {
		class = "regime-off"
	}
	return htmlf(`<span class="%s">%s</span>`, class, string(m.Regime))
}

// vsTheory is a run's relative difference from a theory's steady state,
// or, for a run that has not settled, that there is none to compare with.
func vsTheory(m *analysis.Measurements, v analysis.Num) string {
	if m.Settled != nil && !*m.Settled {
		return "not settled"
	}
	return pctNum(v)
}

func pctNum(v analysis.Num) string {
	if math.IsNaN(float64(v)) {
		return "n/a"
	}
	return pct(float64(v))
}

func numList(v []analysis.Num) string {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return zeroList(f)
}

// axisBlocks are the charts of every measurement against swept key i.
func axisBlocks(cs *chartSet, id string, pts []sweepPoint, i int) []block {
	key := pts[0].Run.Point[i].Key
	chartOf := func(name, title string, y axis, qs []quantity, ring bool) *chart {
		c := summaryChart(cs, id+"_"+name, title, pts, i, y, qs, ring)
		return &c
	}
	measured := func(name string, f func(m *analysis.Measurements) analysis.Num) quantity {
		return quantity{Name: name, Get: get(f), Symbol: "circle", Width: 2}
	}
	theory := func(name string, f func(m *analysis.Measurements) analysis.Num) quantity {
		return quantity{Name: name, Get: get(f), Dashed: true}
	}
	var blocks []block
	blocks = append(blocks, block{Title: "Kernel peak", Chart: chartOf("peak", "Kernel peak against "+key, axis{Name: "largest weight"}, []quantity{
		measured("learned", func(m *analysis.Measurements) analysis.Num { return m.KernelPeak }),
		theory("rule's steady state (from the activity)", func(m *analysis.Measurements) analysis.Num { return m.SteadyPeak }),
		theory("closed form (saturated drive)", func(m *analysis.Measurements) analysis.Num { return m.ClosedPeak }),
		theory("closed form, Euler scheme", func(m *analysis.Measurements) analysis.Num { return m.ClosedEulerPeak }),
	}, true), Text: "The largest weight of the learned kernel (circles), the peak of the rule's steady state computed from each run's own " +
		"activity, and the closed form for a low-passed square wave, (1 − 2e<sup>−T/4τ<sub>x</sub></sup>/(1 + e<sup>−T/2τ<sub>x</sub></sup>))/(λT), " +
		"which holds only where the drive saturates, and the same in the form of the simulation's Euler scheme (τ<sub>x</sub> replaced by " +
		"τ<sub>E</sub> = −dt/ln(1 − dt/τ<sub>x</sub>), the lag by half a step), which the continuous one misses by a few % at small T. Ringed points have not settled: their kernel is a snapshot of weights still moving."})
	if key == "dynamics.lambda" {
		blocks = append(blocks, block{Title: "Peak × λ", Chart: chartOf("peaklambda", "Kernel peak × λ against λ", axis{Name: "peak · λ"}, []quantity{
			{Name: "learned", Symbol: "circle", Width: 2, Get: func(m *analysis.Measurements, r *manifest.Run) float64 {
				return float64(m.KernelPeak) * r.Params.Lambda
			}},
			{Name: "closed form", Dashed: true, Get: func(m *analysis.Measurements, r *manifest.Run) float64 {
				return float64(m.ClosedPeak) * r.Params.Lambda
			}},
		}, true), Text: "w* = C(Δθ + τ<sub>d</sub>)/λ: the activity does not depend on λ where the drive saturates, so peak·λ is constant."})
	}
	blocks = append(blocks, block{Title: "Zero crossings", Chart: chartOf("zeros", "Zero crossings of the kernel against "+key, axis{Name: "offset j"}, []quantity{
		measured("down (+ to −)", func(m *analysis.Measurements) analysis.Num { return m.ZeroDown }),
		measured("up (− to +)", func(m *analysis.Measurements) analysis.Num { return m.ZeroUp }),
		{Name: "−d mod N", Dashed: true, Get: func(_ *analysis.Measurements, r *manifest.Run) float64 { return delayOffset(r, false) }},
		{Name: "N/2 − d mod N", Dashed: true, Get: func(_ *analysis.Measurements, r *manifest.Run) float64 { return delayOffset(r, true) }},
	}, true), Text: "Where the learned kernel changes sign, interpolated (the steepest crossing of each direction), against the closed form's " +
		"−d and N/2 − d (d = τ<sub>d</sub>/dt steps): C(a) vanishes at lags a = j·T/N + τ<sub>d</sub> of 0 and T/2, so each crossing moves " +
		"one offset per dt of delay. The discrete rule pairs dx at a step with rates half a step earlier, hence the measured + 0.5."})
	blocks = append(blocks, block{Title: "Decay rate", Chart: chartOf("decay", "Decay rate of the weights against "+key, axis{Name: "rate (1/s)"}, []quantity{
		measured("fitted (good fits only)", func(m *analysis.Measurements) analysis.Num { return m.DecayRate }),
		theory("λ/τ_w", func(m *analysis.Measurements) analysis.Num { return m.DecayRatePredicted }),
	}, false), Text: htmlf("The rate of an exponential fitted to the distance of the weights from their last snapshot (snapshots a whole "+
		"number of periods apart), shown only where the fit describes the points (R² ≥ %s and a typical error under %s); a "+
		"convergence that is not exponential has no rate.", g(analysis.FitR2Min), pct(math.Exp(analysis.FitRMSLogMax)-1))})
	blocks = append(blocks, block{Title: "Agreement with each theory", Chart: chartOf("agree", "Relative difference of the kernel from each theory", axis{Name: "‖kernel − w*‖/‖w*‖", Log: true}, []quantity{
		measured("rule's steady state", func(m *analysis.Measurements) analysis.Num { return m.SteadyRelDiff }),
		theory("travelling wave (neuron 0)", func(m *analysis.Measurements) analysis.Num { return m.TheoryRelDiff }),
		theory("closed form", func(m *analysis.Measurements) analysis.Num { return m.ClosedRelDiff }),
		constant("tolerance", analysis.AgreeTolerance),
	}, true), Text: "Below the tolerance a theory holds. Where the drive saturates all three do; where it does not, the travelling wave and the " +
		"closed form fail while the rule's own steady state still holds for a run that has settled."})
	blocks = append(blocks, block{Title: "Stationarity", Chart: chartOf("drift", "Weights drift over the rule's memory τ_w/λ", axis{Name: "‖w_end − w(t_end − τ_w/λ)‖/‖w_end‖", Log: true}, []quantity{
		measured("weights drift", func(m *analysis.Measurements) analysis.Num { return m.WeightsDrift }),
		constant("settled below", analysis.DriftTolerance),
	}, false)})
	blocks = append(blocks, block{Title: "Activity", Chart: chartOf("activity", "Is the activity a travelling wave of period T?", axis{Name: "relative error", Log: true}, []quantity{
		measured("‖X(t) − X(t − T)‖ (periodic?)", func(m *analysis.Measurements) analysis.Num { return m.PeriodError }),
		measured("‖r(x, t) − R(t + θ_x)‖ (travelling wave?)", func(m *analysis.Measurements) analysis.Num { return m.WaveError }),
		constant("tolerance", analysis.WaveTolerance),
	}, false), Text: "Over the last period, relative to the spread of the rates: the travelling-wave theory assumes both errors vanish. " +
		"A saturated drive gives 0 (not drawn on a log axis)."})
	blocks = append(blocks, block{Title: "Wall time", Chart: chartOf("wall", "Simulation wall time", axis{Name: "seconds"}, []quantity{
		measured("wall time", func(m *analysis.Measurements) analysis.Num { return m.WallSeconds }),
	}, false)})
	return blocks
}

// overlayBlocks draw the kernels of a small 1-D sweep on one chart, with
// their rule's steady states, and neuron 0's last period of each run.
func overlayBlocks(cs *chartSet, pts []sweepPoint) []block {
	var kc, rc []curve
	for k, p := range pts {
		if p.M == nil {
			continue
		}
		c := p.M.Curves
		color := palette[k%len(palette)]
		label := p.Run.PointLabel()
		kc = append(kc, curve{Name: label, X: ints(c.Offsets), Y: floats(c.Kernel), Color: color, Width: 2})
		if len(c.Steady) > 0 {
			kc = append(kc, curve{Name: label + " steady state", X: ints(c.Offsets), Y: floats(c.Steady), Color: color, Dashed: true})
		}
		rc = append(rc, curve{Name: label, X: floats(c.Phase), Y: floats(c.Rate), Color: color, Width: 1.5})
	}
	if len(kc) == 0 {
		return nil
	}
	k := cs.line("overlay_kernels", "Learned kernels (solid) and the rule's steady state from each run's activity (dashed)", axis{Name: "offset j"}, axis{Name: "weight"}, kc...)
	r := cs.line("overlay_rates", "Neuron 0's rate over the last period", axis{Name: "phase (s)"}, axis{Name: "rate", Min: 0, Max: 1}, rc...)
	return []block{
		{Title: "Kernels", Chart: &k, Text: htmlf("Sampled at most %d offsets each.", analysis.CurvePoints)},
		{Title: "Activity", Chart: &r, Text: "A saturated drive makes neuron 0 a low-passed square wave between 0 and 1; a weak one leaves it near φ(0) = 1/2, " +
			"and it need not repeat from one period to the next (see the Activity chart above)."},
	}
}

func floats(v []analysis.Num) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func ints(v []int) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
