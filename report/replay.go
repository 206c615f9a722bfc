package report

import (
	"html/template"
	"math"

	"ringwave/report/analysis"
)

// replayBlocks describe what a run with its input off after the initial
// phase does on its own (analysis.Replay), against the training period T
// and the kernel's prediction; none for a run driven throughout. Every
// verdict is drawn from the numbers, with the thresholds analysis states.
func replayBlocks(info analysis.Info, r *analysis.Replay) []block {
	if r == nil {
		return nil
	}
	p := info.Params
	n := float64(p.Neurons)
	trainSpeed := n / p.Period // the input u = A·sin(2π(t + x·T/N)/T) runs toward decreasing index
	var text template.HTML
	switch {
	case math.IsNaN(r.Range):
		text = htmlf("Too few rows of activity to measure the replay.")
	case !r.Sustained:
		text = htmlf("<b>The activity does not persist.</b> Over the last %s s the rates span %s, under the %s that sustained activity needs "+
			"(half the sigmoid's range): the ring settled on its uniform state once the input was switched off. "+
			"So nothing tests the kernel's prediction v = j*/(τ<sub>d</sub> + τ<sub>x</sub>) = %s neurons/s.",
			g(r.Window), g(r.Range), g(analysis.SustainedRange), g(r.PredictedSpeed))
	case r.Direction == 0:
		text = htmlf("<b>The activity persists but does not travel.</b> Over the last %s s the rates span %s (≥ %s), "+
			"and the pattern (spatial mode %d) moved %s neurons, under the %s of the ring (%s neurons) that counts as travelling: a standing pattern. ",
			g(r.Window), g(r.Range), g(analysis.SustainedRange), r.Mode, g(math.Abs(r.Speed)*r.Window), pct(analysis.MinTravel), g(analysis.MinTravel*n))
		if r.PeakOffset == 0 {
			text += htmlf("The kernel peaks at offset 0, so the prediction v = j*/(τ<sub>d</sub> + τ<sub>x</sub>) = 0 agrees: a neuron excites itself most, and the bump stays.")
		} else {
			text += htmlf("<b>The prediction fails:</b> the kernel peaks at offset j* = %d, which predicts travel at %s neurons/s, once round in %s s.",
				r.PeakOffset, g(r.PredictedSpeed), g(r.PredictedPeriod))
		}
	default:
		way := "decreasing"
		if r.Direction > 0 {
			way = "increasing"
		}
		same := "the same direction as"
		if r.Direction > 0 {
			same = "against"
		}
		text = htmlf("<b>The activity persists and travels</b> toward %s neuron index at %s neurons/s (spatial mode %d; the rates span %s over the last %s s), "+
			"%s the training input, which ran toward decreasing index at N/T = %s neurons/s. "+
			"It comes back to a neuron every %s s, %s training periods T = %s s. ",
			way, g(math.Abs(r.Speed)), r.Mode, g(r.Range), g(r.Window), same, g(trainSpeed), g(r.Period), g(r.Period/p.Period), g(p.Period))
		text += predictionText(r, n)
	}
	return []block{{Title: "Replay: the ring on its own", Text: text, Table: replayTable(info, r, trainSpeed)}}
}

// predictionText compares the replay with v = j*/(τ_d + τ_x).
func predictionText(r *analysis.Replay, n float64) template.HTML {
	t := htmlf("The kernel's prediction: its peak offset j* = %d neurons, hopped every τ<sub>d</sub> + τ<sub>x</sub>, gives v = %s neurons/s and a period of %s s; "+
		"measured/predicted − 1 = %s. ", r.PeakOffset, g(r.PredictedSpeed), g(r.PredictedPeriod), signedPct(r.SpeedRelDiff))
	switch {
	case 2*math.Abs(float64(r.PeakOffset)) == n:
		return t + htmlf("<b>The prediction fails on the direction:</b> the kernel peaks at N/2, where a hop either way is alike, so the peak alone cannot say which way the activity goes. "+
			"On the speed alone it is off by %s.", signedPct(math.Abs(r.Speed)/math.Abs(r.PredictedSpeed)-1))
	case math.Abs(r.SpeedRelDiff) <= analysis.PredictionTolerance:
		return t + htmlf("Within the %s that so rough a prediction can claim: the replay hops by the kernel's peak, once per delay and rise time.", pct(analysis.PredictionTolerance))
	case float64(r.Direction)*r.PredictedSpeed < 0:
		return t + htmlf("<b>The prediction fails:</b> the activity travels the other way.")
	default:
		return t + htmlf("<b>The prediction fails</b> by more than %s: the width of the kernel, its negative lobe and the saturation of φ, which it ignores, set the speed.", pct(analysis.PredictionTolerance))
	}
}

func replayTable(info analysis.Info, r *analysis.Replay, trainSpeed float64) *table {
	row := func(name, measured, predicted string) []template.HTML { return cellsOf(name, measured, predicted) }
	dir := func(d int) string {
		switch d {
		case 1:
			return "+1 (increasing index)"
		case -1:
			return "−1 (decreasing index)"
		}
		return "0 (not travelling)"
	}
	predDir := 0
	if r.PredictedSpeed != 0 {
		predDir = int(math.Copysign(1, r.PredictedSpeed))
	}
	sustained := "no"
	if r.Sustained {
		sustained = "yes"
	}
	return &table{Head: []string{"", "measured", "predicted from the kernel / training"}, Rows: [][]template.HTML{
		row("sustained (range of the rates ≥ "+g(analysis.SustainedRange)+")", sustained+" ("+g(r.Range)+")", ""),
		row("replay_direction", dir(r.Direction), dir(predDir)+"; training input −1"),
		row("replay_speed (neurons/s)", g(r.Speed), g(r.PredictedSpeed)+"; training −"+g(trainSpeed)),
		row("replay_period (s)", g(r.Period), g(r.PredictedPeriod)+"; training T = "+g(info.Params.Period)),
		row("kernel peak offset j*", "", itoa(r.PeakOffset)),
		row("window measured (s)", g(r.Window), ""),
	}}
}
