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

// Window is a block of consecutive activity rows.
type Window struct {
	Start  int       // first row
	Rows   int       // number of rows
	Values []float64 // Rows×N
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
	RuleSteady
}

// RuleSteady is the rule's steady state from a run's own activity
// (RuleSum over SteadyWindow), or why there is none.
type RuleSteady struct {
	Steady        []float64 // the weights' shape; nil when SteadyWhy says why not
	SteadyWhy     string
	SteadyPeriods int
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
	return RuleSteady{Steady: rs.Steady(info.Params.Lambda, info.Params.Dt), SteadyPeriods: periods}, nil
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

// readWindow reads activity rows [from, to).
func readWindow(res *cache.Result, from, to int) (Window, error) {
	a, err := res.ReadRows(cache.ActivityFile, from, to)
	if err != nil {
		return Window{}, err
	}
	return Window{Start: from, Rows: a.Shape[0], Values: a.Values}, nil
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

// historyTimes returns the time of each weight snapshot: row r holds the
// weights after step r·weights_every.
func historyTimes(info Info, rows int) []float64 {
	t := make([]float64, rows)
	for r := range t {
		t[r] = float64(r*info.Settings.Record.WeightsEvery) * info.Params.Dt
	}
	return t
}

// LoadFull reads a full run: two activity windows, the weights, the
// distance of every snapshot from the last, one snapshot at a time, and
// computes the rule's steady state.
func LoadFull(res *cache.Result, info Info) (*FullInput, error) {
	n := info.Params.Neurons
	in := &FullInput{Run: info}
	var err error
	rows := res.Rows(cache.ActivityFile)
	span := rasterPeriods * info.PeriodRows()
	if in.First, err = readWindow(res, 0, min(span, rows)); err != nil {
		return nil, err
	}
	if in.Last, err = readWindow(res, max(rows-span, 0), rows); err != nil {
		return nil, err
	}
	if in.Weights, err = readWeights(res, cache.WeightsFile, n*n); err != nil {
		return nil, err
	}
	if in.Initial, err = readWeights(res, cache.InitialFile, n*n); err != nil {
		return nil, err
	}
	if snaps := res.Rows(cache.HistoryFile); snaps > 0 && info.Settings.Record.WeightsEvery > 0 {
		row := func(s int) ([]float64, error) {
			a, err := res.ReadRows(cache.HistoryFile, s, s+1)
			if err == nil && len(a.Values) != n*n {
				err = fmt.Errorf("%s: weights_history.npy row %d has %d values, want %d", info.Name, s, len(a.Values), n*n)
			}
			return a.Values, err
		}
		last, err := row(snaps - 1)
		if err != nil {
			return nil, err
		}
		in.HistoryTimes = historyTimes(info, snaps)
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
	rows := res.Rows(cache.ActivityFile)
	// Two periods: one for R, and the one before to tell whether the
	// activity is periodic.
	if in.Last, err = readWindow(res, max(rows-2*info.PeriodRows(), 0), rows); err != nil {
		return nil, err
	}
	if in.Kernel, err = readWeights(res, cache.WeightsFile, n); err != nil {
		return nil, err
	}
	if in.Initial, err = readWeights(res, cache.InitialFile, n); err != nil {
		return nil, err
	}
	if snaps := res.Rows(cache.HistoryFile); snaps > 0 && info.Settings.Record.WeightsEvery > 0 {
		a, err := res.Read(cache.HistoryFile)
		if err != nil {
			return nil, err
		}
		if len(a.Values) != snaps*n {
			return nil, fmt.Errorf("%s: weights_history.npy has %d values, want %d", info.Name, len(a.Values), snaps*n)
		}
		in.History, in.HistoryRows = a.Values, snaps
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
