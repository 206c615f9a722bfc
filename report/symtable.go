package report

import (
	"fmt"
	"html/template"
	"math"

	"ringwave/report/analysis"
)

// symmetryTable is the table of numbers of a kernel run: the run against
// each theory, and against the full model when there is one (no column
// for it otherwise).
func symmetryTable(a *analysis.Symmetry) *table {
	o := &a.Outcome
	head := []string{"quantity", string(a.Run.Params.Model) + " model", "rule's steady state", "travelling wave (neuron 0)", "closed form"}
	if a.Ref != nil {
		head = append(head, "full model")
	}
	t := &table{Head: head}
	full := func(f func(*analysis.Full) string) []string {
		if a.Ref == nil {
			return nil
		}
		return []string{f(a.Ref)}
	}
	add := func(cells []string, ref []string) { t.Rows = append(t.Rows, cellsOf(append(cells, ref...)...)) }
	ext := func(e analysis.Extremum) string { return fmt.Sprintf("%s at offset %d", g(e.Value), e.Offset) }
	steady := func(f func(k []float64) string) string {
		if o.SteadyKernel == nil {
			return "n/a: " + o.SteadyWhy
		}
		return f(o.SteadyKernel)
	}
	peak := func(k []float64) string { p, _ := analysis.Extrema(k); return ext(p) }
	trough := func(k []float64) string { _, tr := analysis.Extrema(k); return ext(tr) }
	add([]string{"peak", ext(a.Peak), steady(peak), ext(a.TheoryPeak), ext(a.ClosedPeak)}, full(func(r *analysis.Full) string { return ext(r.Peak) }))
	add([]string{"trough", ext(a.Trough), steady(trough), ext(a.TheoryTrough), ext(a.ClosedTrough)}, full(func(r *analysis.Full) string { return ext(r.Trough) }))
	add([]string{"zero crossings", zeroList(a.Zeros), steady(func(k []float64) string { return zeroList(analysis.ZeroCrossings(k)) }),
		zeroList(a.TheoryZeros), zeroList(analysis.ZeroCrossings(o.Closed))}, full(func(r *analysis.Full) string { return zeroList(r.Zeros) }))
	add([]string{"kernel's relative difference from it", "", pctOr(o.SteadyRel), pct(a.TheoryRel), pct(o.ClosedRel)}, full(func(r *analysis.Full) string {
		return "from the kernel model: " + pct(a.FullRel)
	}))
	add([]string{"assumes", "", "settled weights", "r(x, t) = R(t + θ_x), settled", "saturated drive, settled"}, full(func(*analysis.Full) string { return "" }))
	holds := func(b bool) string {
		switch {
		case !o.Drift.Known:
			return "unknown (stationarity unknown)"
		case !o.Drift.Settled():
			return "no: not settled"
		case b:
			return "yes"
		}
		return "no"
	}
	add([]string{"holds (within " + pct(analysis.AgreeTolerance) + ")", string(o.Regime), holds(o.Holds.Steady), holds(o.Holds.Wave), holds(o.Holds.ClosedForm)},
		full(func(r *analysis.Full) string { return string(r.Regime) }))
	drift := "unknown: " + o.Drift.Why
	if o.Drift.Known {
		drift = fmt.Sprintf("%s over the last %s s", pct(o.Drift.Value), g(o.Drift.Window))
	}
	add([]string{"weights drift", drift, "", "", ""}, full(func(r *analysis.Full) string {
		if !r.Drift.Known {
			return "unknown"
		}
		return pct(r.Drift.Value)
	}))
	add([]string{"activity: periodic / travelling wave", waveCell(o.Wave), "", "", ""}, full(func(r *analysis.Full) string { return waveCell(r.Wave) }))
	add([]string{"decay rate", decayCell(o), fmt.Sprintf("λ/τ_w = %s /s", g(a.Run.Params.Lambda/a.Run.Params.TauW)), "", ""},
		full(func(r *analysis.Full) string { return decayCell(&r.Outcome) }))
	if a.Ref != nil {
		add([]string{"circulant residual (spread across aligned rows)", "", "", "predicted " + g(a.Ref.PredictedResidual), ""},
			[]string{fmt.Sprintf("%s (%s of the kernel's RMS)", g(a.Ref.Residual), pct(a.Ref.Residual/analysis.RMS(a.Ref.Kernel)))})
		if a.Ref.Eigen != nil {
			add([]string{"eigenvalues vs DFT of the aligned mean", "", "", "", ""}, []string{fmt.Sprintf("%s (bound %s)", g(a.Ref.EigenDist), g(a.Ref.EigenBound))})
		}
	}
	add([]string{"wall time", g(a.Run.Wall) + " s", "", "", ""}, full(func(r *analysis.Full) string { return g(r.Run.Wall) + " s" }))
	row := []template.HTML{"cache key", keyCell(a.Run.Key), "", "", ""}
	if a.Ref != nil {
		row = append(row, keyCell(a.Ref.Run.Key))
	}
	t.Rows = append(t.Rows, row)
	return t
}

func pctOr(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return pct(v)
}

// waveCell says whether the last activity is a travelling wave of period T.
func waveCell(w analysis.Wave) string {
	if !w.Known {
		return "unknown (under two periods recorded)"
	}
	verdict := "a travelling wave of period T"
	if !w.Travelling() {
		verdict = "NOT a travelling wave of period T"
	}
	return fmt.Sprintf("%s (errors %s, %s)", verdict, pct(w.PeriodError), pct(w.WaveError))
}

// decayCell is the fitted decay rate, or why there is none.
func decayCell(o *analysis.Outcome) string {
	switch {
	case !o.Fitted:
		return "no fit (too few snapshots at one phase)"
	case !o.Fit.Good():
		return fmt.Sprintf("withheld: not exponential (R² = %s)", r2(o.Fit.R2))
	}
	return fmt.Sprintf("%s /s (R² = %s)", g6(o.Fit.Rate), r2(o.Fit.R2))
}
