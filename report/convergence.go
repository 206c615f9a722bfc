package report

import (
	"html/template"
	"math"

	"ringwave/report/analysis"
)

// convergenceBlock plots ‖w(t) − w_end‖/‖w_end‖ on a log axis and, where
// an exponential describes it, the fitted and the predicted relaxation;
// where none does, the distance curve alone, and says so.
func convergenceBlock(cs *chartSet, id string, info analysis.Info, what string, o *analysis.Outcome) (block, bool) {
	times, dist := o.HistoryTimes, o.Distance
	if len(times) < 2 {
		return block{}, false
	}
	pred, fit := o.Predicted, o.Fit
	good := o.Fitted && fit.Good()
	curves := []curve{{Name: "measured", X: times, Y: dist, Color: colorFull, Width: 2}}
	if good {
		var pt, pv, ft, fv []float64
		for _, t := range times {
			if t >= pred.T0 && t < pred.TEnd {
				if v := pred.At(t); v > 0 {
					pt, pv = append(pt, t), append(pv, v)
				}
				if v := fit.At(t); v > 0 {
					ft, fv = append(ft, t), append(fv, v)
				}
			}
		}
		curves = append(curves,
			curve{Name: "predicted, rate λ/τ_w", X: pt, Y: pv, Color: colorPredict, Dashed: true, Width: 1.5},
			curve{Name: "fitted rate", X: ft, Y: fv, Color: colorClosed, Dashed: true})
	}
	c := cs.line(id+"_convergence", "Distance of the "+what+" from the last snapshot",
		axis{Name: "time (s)", Min: 0, Max: g(info.Params.Periods * info.Params.Period)}, axis{Name: "‖w(t) − w_end‖ / ‖w_end‖", Log: true}, curves...)
	text := htmlf("w<sub>end</sub> is the last snapshot (t<sub>end</sub> = %s s; snapshots every %d steps), not the weights after the last step: "+
		"snapshots a whole number of periods apart share their phase, and the weights of the full model swing within a period. ",
		g(o.LastSnapshot), info.Settings.Record.WeightsEvery)
	if o.FitWhy != "" {
		text += htmlf("The fit uses only the snapshots at the last one's phase: %s. ", o.FitWhy)
	}
	switch {
	case good:
		text += htmlf("Where the pairing of the rule does not depend on the weights (a saturated drive), w(t) − w* = (w(t<sub>0</sub>) − w*)·e<sup>−λ(t − t<sub>0</sub>)/τ<sub>w</sub></sup> "+
			"from t<sub>0</sub> = %s s (learning starts at %s s), so the distance follows c·(e<sup>−k(t − t<sub>0</sub>)</sup> − e<sup>−k(t<sub>end</sub> − t<sub>0</sub>)</sup>). "+
			"Fitted k = %s /s (R² = %s over %d snapshots), %s from the predicted λ/τ<sub>w</sub> = %s /s.",
			g(pred.T0), g(info.LearnStart()), g6(fit.Rate), r2(fit.R2), fit.Points, signedPct(fit.Rate/pred.Rate-1), g(pred.Rate))
	case o.Fitted:
		text += htmlf("<b>The convergence is not exponential</b>: an exponential fitted to these distances leaves R² = %s and a typical error of %s "+
			"(a rate is given only for %s), so no decay rate is given, and λ/τ<sub>w</sub> = %s /s is not to be compared with anything here: "+
			"a relaxation at λ/τ<sub>w</sub> assumes a pairing that does not change as the weights do.",
			r2(fit.R2), pct(math.Exp(fit.RMSLog)-1), analysis.FitCriterion(), g(pred.Rate))
	default:
		text += "Too few snapshots at the same phase after learning starts to fit a rate."
	}
	return block{Title: "Convergence", Chart: &c, Text: text}, true
}

func r2(v float64) string { return g6(v) }

// driftText states whether the weights have settled, with the numbers.
func driftText(info analysis.Info, o *analysis.Outcome) template.HTML {
	p := info.Params
	d := o.Drift
	switch {
	case !d.Known:
		return htmlf("<b>Whether the weights have settled is unknown</b>: %s. The comparisons with steady states below assume that they have.", d.Why)
	case !d.Settled():
		return htmlf("<b>The weights have not settled</b>: they changed by %s over the last %s s%s "+
			"(the rule's memory τ<sub>w</sub>/λ is %s s; a run is taken as settled when the largest is at most %s). There is no steady state to compare them with: the differences below describe a snapshot "+
			"of weights still moving, and no theory is said to hold.", pct(d.Value), g(d.Window), maxClause("up to", d.Max), g(p.TauW/p.Lambda), pct(analysis.DriftTolerance))
	}
	return htmlf("<b>The weights have settled</b>: they changed by %s over the last %s s%s "+
		"(the rule's memory τ<sub>w</sub>/λ = %s s), so the drift "+
		"term τ<sub>w</sub>·dw/dt of the rule is %s of λ·‖w‖: about how far from a steady state they may still be.",
		pct(d.Value), g(d.Window), maxClause("at most", d.Max), g(p.TauW/p.Lambda), pct(o.DriftTerm))
}

// maxClause states weights_drift_max, when there is one.
func maxClause(how string, v float64) string {
	if math.IsNaN(v) {
		return ", the only window the snapshots give"
	}
	return ", and by " + how + " " + pct(v) + " over windows as long in the second half of the learning"
}
