package analysis

import (
	"fmt"
	"math"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
	"ringwave/sim"
)

// Info is what a report says about a run, whether or not it is cached.
type Info struct {
	Name     string // the manifest's name and sweep point
	Point    string // the sweep point, "" without sweep
	Manifest string // path of the manifest
	Key      string
	Params   sim.Params
	Settings manifest.Settings
	Status   string // "cached", "missing" or "corrupt"
	Problem  string // why the run cannot be shown, "" if it can
	Wall     float64
	Speed    float64 // steps/s
}

// Spec returns the description of the run's model, and an error for a
// model sim does not know (never a guess).
func (r Info) Spec() (sim.ModelSpec, error) {
	s, ok := sim.Describe(r.Params.Model)
	if !ok {
		return s, fmt.Errorf("%s: unknown model %q (known: %s)", r.Name, r.Params.Model, sim.ModelNames(", "))
	}
	return s, nil
}

// Delay returns the synaptic delay actually simulated, d·dt seconds.
func (r Info) Delay() float64 { return float64(r.Params.Delay()) * r.Params.Dt }

// LearnStart returns the time learning starts: the end of the initial phase.
func (r Info) LearnStart() float64 { return float64(r.Params.InitPhaseSteps()) * r.Params.Dt }

// End returns the time of the last step, seconds.
func (r Info) End() float64 { return float64(r.Params.Steps()-1) * r.Params.Dt }

// ActivityEvery returns the sampling of the activity, in steps.
func (r Info) ActivityEvery() int { return max(r.Settings.Record.ActivityEvery, 1) }

// PeriodRows returns the number of activity rows in one period of the input.
func (r Info) PeriodRows() int {
	return max(int(math.Round(r.Params.Period/(float64(r.ActivityEvery())*r.Params.Dt))), 1)
}

// Window is a block of consecutive activity rows, activity_every steps
// apart: row r is step (Start + r)·activity_every, whichever file (span)
// it was read from.
type Window struct {
	Start  int       // the first row's step / activity_every
	Rows   int       // number of rows
	Values []float64 // Rows×N
}

// Steps returns the steps of rows [from, to) of w: first, one past the last.
func (w Window) Steps(info Info, from, to int) (first, end int) {
	e := info.ActivityEvery()
	return (w.Start + from) * e, (w.Start+to-1)*e + 1
}

// FullInput is what the analysis of a full run reads.
type FullInput struct {
	Run     Info
	First   Window // the first periods
	Last    Window // the last periods
	Weights []float64
	Initial []float64
	// Distance (Frobenius) of each recorded snapshot from the last one, at
	// HistoryTimes (seconds), and the norm of the last; nil without a
	// history. The last snapshot, not the final weights: snapshots every
	// whole number of periods share their phase, and the weights of the
	// full model swing within a period.
	HistoryTimes, HistoryDist []float64
	HistoryNorm               float64
	// HistoryPair reads two snapshots a, b and returns ‖w_b − w_a‖/‖w_b‖.
	HistoryPair func(a, b int) (float64, error)
	Recent      Window // the last periods, for the activity's own period
	RuleSteady
}

// RuleSteady is the rule's steady state from a run's own activity
// (RuleSum over SteadyWindow), or why there is none.
type RuleSteady struct {
	Steady        []float64 // the weights' shape; nil when SteadyWhy says why not
	SteadyWhy     string
	SteadyPeriods int
	// The steps averaged, [SteadyFrom, SteadyTo): the last periods of the
	// last window of the activity.
	SteadyFrom, SteadyTo int
}

// loadSteady computes the rule's steady state over SteadyWindow.
func loadSteady(res *cache.Result, info Info) (RuleSteady, error) {
	from, to, periods, why := SteadyWindow(info)
	if why != "" {
		return RuleSteady{SteadyWhy: why}, nil
	}
	rs, err := sumRule(res, info, from, to)
	if err != nil {
		return RuleSteady{}, err
	}
	return RuleSteady{Steady: rs.Steady(info.Params.Lambda, info.Params.Dt), SteadyPeriods: periods,
		SteadyFrom: from, SteadyTo: to}, nil
}

// SymmetryInput is what the analysis of a kernel run reads.
type SymmetryInput struct {
	Run     Info
	Last    Window // the last period(s), for R
	Kernel  []float64
	Initial []float64
	// Kernel snapshots (HistoryRows × N) at HistoryTimes; nil without.
	HistoryTimes []float64
	History      []float64
	HistoryRows  int
	Recent       Window     // the last periods, for the activity's own period
	Ref          *FullInput // the full run it is compared with, or nil
	RefNote      string     // which reference run, or why there is none
	RuleSteady
}

// rasterPeriods is how many periods the activity rasters show.
const rasterPeriods = 3

func NewInfo(r *manifest.Run) Info {
	return Info{
		Name: r.Name, Point: r.PointLabel(), Manifest: r.Manifest.Path,
		Key: r.Key, Params: r.Params, Settings: r.Settings,
	}
}

// activitySpans returns the spans of the run's recorded activity, in the
// order of the run: one without windows, else the first window, what lies
// between (if recorded) and the last window.
func activitySpans(info Info) []manifest.Span {
	return info.Settings.Record.ActivitySpans(info.Params)
}

// LastActivity returns the last window of the activity: the span whose
// rows, at activity_every (every step where the rule's steady state can be
// computed), the analyses that need whole periods read. Without windows it
// is the whole run.
func LastActivity(info Info) manifest.Span {
	spans := activitySpans(info)
	return spans[len(spans)-1]
}

// readSpan reads rows [from, to) of the file of span s.
func readSpan(res *cache.Result, info Info, s manifest.Span, from, to int) (Window, error) {
	a, err := res.ReadRows(cache.SpanFile(cache.ActivityFile, s), from, to)
	if err != nil {
		return Window{}, err
	}
	return Window{Start: s.First()/info.ActivityEvery() + from, Rows: a.Shape[0], Values: a.Values}, nil
}

// readSteps reads the activity of steps [from, to) from the last window,
// which must hold them all at stride 1.
func readSteps(res *cache.Result, info Info, from, to int) (Window, error) {
	s := LastActivity(info)
	if s.Every != 1 || from < s.From || to > s.To {
		return Window{}, fmt.Errorf("%s: steps %d to %d are not in the last window of the activity (steps %d to %d every %d)", info.Name, from, to, s.From, s.To, s.Every)
	}
	return readSpan(res, info, s, from-s.First(), to-s.First())
}

// firstRows and lastRows read up to rows rows from the start of the first
// span and from the end of the last.
func firstRows(res *cache.Result, info Info, rows int) (Window, error) {
	s := activitySpans(info)[0]
	return readSpan(res, info, s, 0, min(rows, res.Rows(cache.SpanFile(cache.ActivityFile, s))))
}

func lastRows(res *cache.Result, info Info, rows int) (Window, error) {
	s := LastActivity(info)
	have := res.Rows(cache.SpanFile(cache.ActivityFile, s))
	return readSpan(res, info, s, max(have-rows, 0), have)
}

// recentValues bounds the values read for the periodicity (8 periods of
// a full run of 500 neurons are 2·10⁶): a larger network is measured on
// fewer periods.
const recentValues = 2e7

// recentRows reads the last periodicityPeriods periods of the last window.
func recentRows(res *cache.Result, info Info) (Window, error) {
	rows := periodicityPeriods * info.PeriodRows()
	rows = min(rows, int(recentValues)/max(info.Params.Neurons, 1))
	return lastRows(res, info, rows)
}

func readWeights(res *cache.Result, name string, want int) ([]float64, error) {
	a, err := res.Read(name)
	if err != nil {
		return nil, err
	}
	if len(a.Values) != want {
		return nil, fmt.Errorf("%s: %s has %d values, want %d", res.Run.Name, name, len(a.Values), want)
	}
	return a.Values, nil
}

// historySteps returns the step of each of the run's weight snapshots,
// all spans in the order of the run (row r of the whole history).
func historySteps(info Info) []int {
	var steps []int
	for _, s := range info.Settings.Record.HistorySpans(info.Params) {
		for r := range s.Rows() {
			steps = append(steps, s.Step(r))
		}
	}
	return steps
}

// historyTimes returns the time of each weight snapshot, seconds: the
// weights after its step.
func historyTimes(info Info, rows int) []float64 {
	steps := historySteps(info)
	t := make([]float64, rows)
	for r := range t {
		if r < len(steps) {
			t[r] = float64(steps[r]) * info.Params.Dt
		}
	}
	return t
}

// historyFiles returns the snapshot files of a run with their rows, and
// their total; none without snapshots.
func historyFiles(res *cache.Result, info Info) (files []string, rows []int, total int) {
	for _, s := range info.Settings.Record.HistorySpans(info.Params) {
		f := cache.SpanFile(cache.HistoryFile, s)
		r := res.Rows(f)
		files, rows, total = append(files, f), append(rows, r), total+r
	}
	return files, rows, total
}

// historyRow reads snapshot s of the whole history, values long.
func historyRow(res *cache.Result, info Info, s, values int) ([]float64, error) {
	files, rows, _ := historyFiles(res, info)
	for i, f := range files {
		if s < rows[i] {
			a, err := res.ReadRows(f, s, s+1)
			if err == nil && len(a.Values) != values {
				err = fmt.Errorf("%s: %s row %d has %d values, want %d", info.Name, f, s, len(a.Values), values)
			}
			return a.Values, err
		}
		s -= rows[i]
	}
	return nil, fmt.Errorf("%s: no weight snapshot %d", info.Name, s)
}

// LoadFull reads a full run: two activity windows, the weights, the
// distance of every snapshot from the last, one snapshot at a time, and
// computes the rule's steady state.
func LoadFull(res *cache.Result, info Info) (*FullInput, error) {
	n := info.Params.Neurons
	in := &FullInput{Run: info}
	var err error
	span := rasterPeriods * info.PeriodRows()
	if in.First, err = firstRows(res, info, span); err != nil {
		return nil, err
	}
	if in.Last, err = lastRows(res, info, span); err != nil {
		return nil, err
	}
	if in.Recent, err = recentRows(res, info); err != nil {
		return nil, err
	}
	if in.Weights, err = readWeights(res, cache.WeightsFile, n*n); err != nil {
		return nil, err
	}
	if in.Initial, err = readWeights(res, cache.InitialFile, n*n); err != nil {
		return nil, err
	}
	if _, _, snaps := historyFiles(res, info); snaps > 0 {
		row := func(s int) ([]float64, error) { return historyRow(res, info, s, n*n) }
		last, err := row(snaps - 1)
		if err != nil {
			return nil, err
		}
		in.HistoryTimes = historyTimes(info, snaps)
		in.HistoryPair = func(a, b int) (float64, error) {
			wa, err := row(a)
			if err != nil {
				return 0, err
			}
			wb, err := row(b)
			if err != nil {
				return 0, err
			}
			return RMSDiff(wa, wb) / RMS(wb), nil
		}
		in.HistoryDist = make([]float64, snaps)
		in.HistoryNorm = RMS(last) * float64(n)
		for s := range snaps {
			w, err := row(s)
			if err != nil {
				return nil, err
			}
			in.HistoryDist[s] = RMSDiff(w, last) * float64(n) // Frobenius
		}
	}
	in.RuleSteady, err = loadSteady(res, info)
	return in, err
}

// LoadSymmetry reads a kernel run: its last two periods of activity, kernel
// and kernel history, and computes the rule's steady state.
func LoadSymmetry(res *cache.Result, info Info) (*SymmetryInput, error) {
	n := info.Params.Neurons
	in := &SymmetryInput{Run: info}
	var err error
	// Two periods: one for R, and the one before to tell whether the
	// activity is periodic.
	if in.Last, err = lastRows(res, info, 2*info.PeriodRows()); err != nil {
		return nil, err
	}
	if in.Recent, err = recentRows(res, info); err != nil {
		return nil, err
	}
	if in.Kernel, err = readWeights(res, cache.WeightsFile, n); err != nil {
		return nil, err
	}
	if in.Initial, err = readWeights(res, cache.InitialFile, n); err != nil {
		return nil, err
	}
	if files, _, snaps := historyFiles(res, info); snaps > 0 {
		in.History = make([]float64, 0, snaps*n)
		for _, f := range files {
			a, err := res.Read(f)
			if err != nil {
				return nil, err
			}
			in.History = append(in.History, a.Values...)
		}
		if len(in.History) != snaps*n {
			return nil, fmt.Errorf("%s: the weight snapshots have %d values, want %d", info.Name, len(in.History), snaps*n)
		}
		in.HistoryRows = snaps
		in.HistoryTimes = historyTimes(info, snaps)
	}
	in.RuleSteady, err = loadSteady(res, info)
	return in, err
}

// OnePeriod returns one period of neuron 0's rate from the last rows of w,
// indexed by phase: R[m] is the rate at a time t with t mod T = m·h, where
// h is the sampling step (activity_every·dt) and P = round(T/h) samples.
func OnePeriod(info Info, w Window) (period []float64, h float64) {
	n := info.Params.Neurons
	p := info.PeriodRows()
	h = float64(info.ActivityEvery()) * info.Params.Dt
	period = make([]float64, p)
	seen := make([]bool, p)
	for r := max(w.Rows-p, 0); r < w.Rows; r++ {
		t := float64(w.Start+r) * h
		m := int(math.Round(mod(t, info.Params.Period)/h)) % p
		period[m] = w.Values[r*n]
		seen[m] = true
	}
	for m := range p { // a run shorter than a period: hold the last value
		if !seen[m] && m > 0 {
			period[m] = period[m-1]
		}
	}
	return period, h
}
