package manifest

import (
	"fmt"

	"ringwave/sim"
)

// A Span is the part of a run that one recorded file holds: its rows are
// the steps s with From ≤ s < To that are multiples of Every, so row r is
// step First() + r·Every. Every file of a run is on this grid, windows or
// not: without windows the one span is the whole run, and row r of
// activity.npy is step r·activity_every, as it always was.
type Span struct {
	Part  string `json:"part"` // "" (the whole run), "first", "between" or "last"
	From  int    `json:"from_step"`
	To    int    `json:"to_step"` // one past the last step
	Every int    `json:"every"`   // steps between rows
}

// First returns the step of row 0.
func (s Span) First() int { return ceilDiv(s.From, s.Every) * s.Every }

// Rows returns the number of rows.
func (s Span) Rows() int { return max(ceilDiv(s.To-s.First(), s.Every), 0) }

// Step returns the step of row r.
func (s Span) Step(r int) int { return s.First() + r*s.Every }

// Last returns the step of the last row (First()−Every when empty).
func (s Span) Last() int { return s.Step(s.Rows() - 1) }

// The parts of a recording with windows, in the order of the run.
const (
	PartFirst   = "first"
	PartBetween = "between"
	PartLast    = "last"
)

// ActivitySpans returns the spans of the recorded activity, in the order
// of the run. With record.activity_window = K the first span is the first
// K periods, the last the last K periods and, before them, the d+1 steps
// of the delay line that the rule's pairing at their first step reads (so
// that the last K periods can be analysed whole), each at activity_every;
// between them, a span at activity_between when it is set.
func (s Settings) ActivitySpans() []Span { return s.Record.ActivitySpans(s.params()) }

// ActivitySpans is Settings.ActivitySpans for a run of parameters p.
func (r Record) ActivitySpans(p sim.Params) []Span {
	return spans(p, r.ActivityWindow, r.ActivityEvery, r.ActivityBetween, true)
}

// HistorySpans returns the spans of the weight snapshots (none when only
// the final weights are kept), as ActivitySpans does, without the delay
// line: snapshots are compared with each other, not paired with rates.
func (s Settings) HistorySpans() []Span { return s.Record.HistorySpans(s.params()) }

// HistorySpans is Settings.HistorySpans for a run of parameters p.
func (r Record) HistorySpans(p sim.Params) []Span {
	if r.WeightsEvery <= 0 {
		return nil
	}
	return spans(p, r.WeightsWindow, r.WeightsEvery, r.WeightsBetween, false)
}

func spans(p sim.Params, window, every, between int, delayLine bool) []Span {
	steps := p.Steps()
	if window <= 0 {
		return []Span{{From: 0, To: steps, Every: every}}
	}
	k := window * periodSteps(p)
	lastFrom := steps - k
	if delayLine {
		lastFrom = max(lastFrom-p.Delay()-1, 0)
	}
	out := []Span{{Part: PartFirst, From: 0, To: k, Every: every}}
	if between > 0 && lastFrom > k {
		out = append(out, Span{Part: PartBetween, From: k, To: lastFrom, Every: between})
	}
	return append(out, Span{Part: PartLast, From: lastFrom, To: steps, Every: every})
}

// periodSteps returns the period in steps, rounded (windows require it
// whole: checkRecord).
func periodSteps(p sim.Params) int {
	return int(p.Period/p.Dt + 0.5)
}

// ActivityRows is the number of rows of the run's recorded activity, all
// spans together.
func (r *Run) ActivityRows() int { return totalRows(r.Settings.ActivitySpans()) }

// Snapshots is the number of weight snapshots, all spans together; 0 when
// none are recorded.
func (r *Run) Snapshots() int { return totalRows(r.Settings.HistorySpans()) }

func totalRows(spans []Span) int {
	n := 0
	for _, s := range spans {
		n += s.Rows()
	}
	return n
}

// checkRecord checks the recording keys of resolved settings s, whose run
// has the given steps: strides within the run, and windows that are whole
// periods, fit in the run without overlapping, and hold what the analyses
// need. where makes the error at a key's line.
func checkRecord(s Settings, p sim.Params, where func(key, format string, args ...any) error) error {
	steps := p.Steps()
	r := s.Record
	if e := r.ActivityEvery; e < 1 || e > steps {
		return where("record.activity_every", "must be from 1 to the run's %d steps (got %d)", steps, e)
	}
	if e := r.WeightsEvery; e < 0 || e > steps {
		return where("record.weights_every", "must be from 0 (the final weights only) to the run's %d steps (got %d)", steps, e)
	}
	type windowed struct {
		what, window, every, between string
		k, e, b                      int
		delayLine                    bool
	}
	for _, w := range []windowed{
		{"rows of the activity", "record.activity_window", "record.activity_every", "record.activity_between", r.ActivityWindow, r.ActivityEvery, r.ActivityBetween, true},
		{"snapshots of the weights", "record.weights_window", "record.weights_every", "record.weights_between", r.WeightsWindow, r.WeightsEvery, r.WeightsBetween, false},
	} {
		if err := checkWindow(p, steps, w.what, w.window, w.every, w.between, w.k, w.e, w.b, w.delayLine, where); err != nil {
			return err
		}
	}
	return nil
}

func checkWindow(p sim.Params, steps int, what, window, every, between string, k, e, b int, delayLine bool,
	where func(key, format string, args ...any) error) error {
	switch {
	case k < 0:
		return where(window, "must be a number of periods ≥ 1, or 0 for the whole run (got %d)", k)
	case b < 0:
		return where(between, "must be a stride in steps ≥ 1, or 0 for nothing between the windows (got %d)", b)
	case k == 0 && b > 0:
		return where(between, "= %d needs windows: with %s = 0 the whole run is recorded at %s, and nothing lies between (set %s to K ≥ 1 periods)", b, window, every, window)
	case k == 0:
		return nil
	case e == 0: // weights_every = 0: no snapshots at all
		return where(window, "= %d keeps the snapshots of windows, but %s = 0 records none (set %s to the stride inside the windows)", k, every, every)
	}
	period := p.Period / p.Dt
	ps := periodSteps(p)
	if ps < 1 || float64(ps)-period > 1e-6*period || period-float64(ps) > 1e-6*period {
		return where(window, "= %d: windows are whole periods, and the period T = %s s is not a whole number of steps of dt = %s s", k, formatValue(p.Period), formatValue(p.Dt))
	}
	span := k * ps
	if span > steps {
		return where(window, "= %d periods (%d steps) is longer than the run's %d steps (%s periods)", k, span, steps, formatValue(p.Periods))
	}
	lead, extra := 0, ""
	if delayLine {
		lead = p.Delay() + 1
		extra = fmt.Sprintf(" (and the %d steps of the delay line before the last)", lead)
	}
	if steps-span-lead < span {
		return where(window, "= %d: the first and the last %d periods%s overlap in a run of %d steps (%s periods); use at most %d, or 0 for the whole run",
			k, k, extra, steps, formatValue(p.Periods), max((steps-lead)/(2*ps), 0))
	}
	// The analyses take whole periods from a window: the rule's steady state,
	// the activity's period and the travelling wave need every step of it,
	// the weights' drift snapshots a whole number of periods apart.
	if ps%e != 0 && (delayLine || e%ps != 0) {
		also := ""
		if !delayLine {
			also = " or a multiple of it"
		}
		return where(every, "= %d must divide the period's %d steps%s when %s is set: the analyses take whole periods from a window", e, ps, also, window)
	}
	if b > 0 && b%e != 0 {
		return where(between, "= %d must be a multiple of %s = %d, so that all %s lie on one grid of steps", b, every, e, what)
	}
	return nil
}
