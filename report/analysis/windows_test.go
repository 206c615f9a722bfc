package analysis

import (
	"math"
	"testing"

	"ringwave/internal/smallruns"
	"ringwave/pipeline/cache"
)

// TestAnalysesReadTheLastWindow: the small runs recorded in windows are
// measured from their last window. With windows as long as the rule's
// memory (τ_w/λ = 0.5 s, 5 periods of 80 steps) every measurement is the
// whole recording's, bit for bit, and names the same steps; with shorter
// windows the rule's steady state averages the 2 periods it has, and still
// holds for these settled, periodic runs.
func TestAnalysesReadTheLastWindow(t *testing.T) {
	_, whole, results := smallruns.Compute(t, t.TempDir())
	ref := measureAll(t, cache.Cache{Dir: results}, whole)

	windows := func(k string) string {
		return "activity_window = " + k + "\n"
	}
	// Snapshots: every 5 periods over the first and last 10, every 10
	// between (the drift compares the last with the one 5 periods back).
	full := smallruns.Full + windows("5") + "weights_window = 10\nweights_between = 800\n"
	_, runs, results := smallruns.ComputeThese(t, t.TempDir(), full, smallruns.Kernel+windows("5"))
	for i, m := range measureAll(t, cache.Cache{Dir: results}, runs) {
		r, w := ref[i], runs[i]
		if w.Settings.Record.ActivityWindow != 5 {
			t.Fatalf("%s: not windowed", w.Name)
		}
		same := func(what string, got, want float64) {
			if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Errorf("%s: %s %v from the windows, %v from the whole run", w.Name, what, got, want)
			}
		}
		same("steady_rel_diff", float64(m.SteadyRelDiff), float64(r.SteadyRelDiff))
		same("steady_peak", float64(m.SteadyPeak), float64(r.SteadyPeak))
		same("period_error", float64(m.PeriodError), float64(r.PeriodError))
		same("wave_error", float64(m.WaveError), float64(r.WaveError))
		same("theory_rel_diff", float64(m.TheoryRelDiff), float64(r.TheoryRelDiff))
		same("weights_drift", float64(m.WeightsDrift), float64(r.WeightsDrift))
		steps := w.Params.Steps()
		for _, c := range []struct {
			what      string
			got, want *int
			value     int
		}{
			{"steady_from_step", m.SteadyFromStep, r.SteadyFromStep, steps - 5*80},
			{"steady_to_step", m.SteadyToStep, r.SteadyToStep, steps},
			{"wave_from_step", m.WaveFromStep, r.WaveFromStep, steps - 2*80},
			{"wave_to_step", m.WaveToStep, r.WaveToStep, steps},
		} {
			if c.got == nil || c.want == nil || *c.got != *c.want || *c.got != c.value {
				t.Errorf("%s: %s %v, whole run %v, want %d", w.Name, c.what, deref(c.got), deref(c.want), c.value)
			}
		}
	}

	_, runs, results = smallruns.ComputeThese(t, t.TempDir(), smallruns.Full+windows("2"), smallruns.Kernel+windows("2"))
	for i, m := range measureAll(t, cache.Cache{Dir: results}, runs) {
		steps := runs[i].Params.Steps()
		if m.SteadyPeriods != 2 || deref(m.SteadyFromStep) != steps-2*80 || deref(m.SteadyToStep) != steps {
			t.Errorf("%s: the steady state averaged %d periods, steps %d to %d; want 2, %d to %d",
				runs[i].Name, m.SteadyPeriods, deref(m.SteadyFromStep), deref(m.SteadyToStep), steps-160, steps)
		}
		checkHeadline(t, runs[i], m)
	}
}

func deref(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}
