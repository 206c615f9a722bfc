package analysis

import (
	"fmt"
	"math"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
)

// The fixed-point test. The rule's steady state over a window,
// w* = ⟨pairing⟩/(λ·dt), is an identity of the discrete rule (⟨w⟩ plus
// the drift term: identity_test.go), so that it holds for every run that
// has settled and tests nothing. A test that can fail freezes the weights
// at w*, simulates the network again with learning off (a run derived
// from the tested one, FixedPointRun, cached like any run), and computes
// the rule's steady state of that activity, w**, the same way (per
// synapse for the full model):
//
//	fixed_point_rel_diff = ‖w** − w*‖/‖w*‖.
//
// It is small only if the activity that w* produces is the activity that
// produced w*: w* is a fixed point of the coupled dynamics of rates and
// weights. `ringwave run -fixed-point` computes the derived run after the
// run it tests, for settled runs only; `table` and `report` simulate
// nothing, and show an empty cell with the command when it is missing.

// FixedPointDerivation names, with its version, how a fixed-point run's
// weights are made from the tested run: the rule's steady state over
// SteadyWindow (RuleSum). A change to either that changes the weights
// must change the version, and so every fixed-point run's key.
const FixedPointDerivation = "rule_steady_state/1"

// FixedPointTransient is the periods a fixed-point run simulates before
// it averages: the frozen network forgets the initial phase within a few
// (τ_x + τ_d) (20 ms at the notebook's parameters, a fraction of a period
// of 20 to 100 ms), and 20 periods leave a transient of e^(−20) even at
// one period per time constant. It then averages over as many periods as
// w* was averaged over (SteadyWindow: the rule's memory τ_w/λ), so that
// w** and w* are the same average of their activities.
const FixedPointTransient = 20

// FixedPointTolerance is the largest fixed_point_rel_diff of a fixed
// point: AgreeTolerance, the tolerance of every theory. Saturated runs
// reproduce w* bit for bit (smallruns: 0, both models); a settled weak
// drive (A = 0.1, N = 100, its rule's memory of 12 periods) misses by
// 2.9 %, what its remaining drift and an oscillation not locked to the
// input leave in a 12-period average; w* perturbed by 20 % of its norm
// misses by 20 % in both (fixedpoint_test.go).
const FixedPointTolerance = AgreeTolerance

func init() {
	executor.RegisterDerivation(FixedPointDerivation, fixedPointWeights)
	executor.RegisterCompanion(FixedPointRun) // gc keeps a run's test with it
}

// fixedPointWeights is the derivation: the tested run's rule's steady state.
func fixedPointWeights(res *cache.Result) ([]float64, error) {
	info := NewInfo(res.Run)
	st, err := loadSteady(res, info)
	if err != nil {
		return nil, err
	}
	if st.Steady == nil {
		return nil, fmt.Errorf("%s has no rule's steady state to freeze: %s", info.Name, st.SteadyWhy)
	}
	return st.Steady, nil
}

// FixedPointRun returns the run that tests whether u's rule's steady state
// is a fixed point: u's parameters with learning off, starting from w*,
// FixedPointTransient periods (at least as many as it averages, so that
// its recording windows do not overlap) and then the periods w* averaged
// (FixedPointPeriods), recorded at every step (the window holds the delay
// line before them).
func FixedPointRun(u *manifest.Run) *manifest.Run {
	k := FixedPointPeriods(u)
	return u.DerivedRun("fixed_point", FixedPointDerivation, func(s *manifest.Settings) {
		s.Dynamics.Learn = false
		s.Network.Periods = float64(max(FixedPointTransient, k+1) + k)
		s.Record = manifest.Record{ActivityEvery: 1, ActivityWindow: k}
	})
}

// FixedPointPeriods is the periods a fixed-point run of u averages: those
// u's rule's steady state averages (1 when it has none: the derivation
// then fails and says why).
func FixedPointPeriods(u *manifest.Run) int {
	_, _, periods, _ := SteadyWindow(NewInfo(u))
	return max(periods, 1)
}

// FixedPointCommand is what computes the fixed-point run of a run of the
// manifest at path.
func FixedPointCommand(path string) string { return "ringwave run -fixed-point " + path }

// fixedPointOf returns the cached fixed-point run of u, or nil with a
// note saying how to compute it.
func fixedPointOf(c cache.Cache, u *manifest.Run) (*cache.Result, string) {
	fp := FixedPointRun(u)
	res, state, _ := c.Open(fp)
	if state != cache.Cached {
		return nil, fmt.Sprintf("the fixed-point run (key %.12s) is %s: `%s` computes it", fp.Key, state, FixedPointCommand(u.Manifest.Path))
	}
	return res, ""
}

// FixedPointRelDiff simulates nothing: it reads the cached fixed-point
// run res and returns ‖w** − w*‖/‖w*‖ and the periods averaged.
func FixedPointRelDiff(res *cache.Result) (float64, int, error) {
	info := NewInfo(res.Run)
	p := info.Params
	ps, ok := PeriodSteps(info)
	if !ok {
		return math.NaN(), 0, fmt.Errorf("%s: the period is not a whole number of steps", info.Name)
	}
	last := LastActivity(info)
	to := last.To
	periods := (to - (last.From + p.Delay() + 1)) / ps
	if periods < 1 {
		return math.NaN(), 0, fmt.Errorf("%s: its last window holds less than a period after the delay line", info.Name)
	}
	rs, err := sumRule(res, info, to-periods*ps, to)
	if err != nil {
		return math.NaN(), 0, err
	}
	wstar, err := res.Read(cache.InitialFile)
	if err != nil {
		return math.NaN(), 0, err
	}
	return RelDiff(rs.Steady(p.Lambda, p.Dt), wstar.Values), periods, nil
}

// setFixedPoint adds the fixed-point test to m, the measurements of u:
// empty for a run that has not settled, and missing (with the command)
// when its run is not cached. A run whose only explanation was the rule's
// steady state has the regime steady_state only if w* is a fixed point;
// untested without the test, none when it fails.
func (m *Measurements) setFixedPoint(c cache.Cache, u *manifest.Run) error {
	m.FixedPointRelDiff = nan()
	switch {
	case m.Settled == nil || !*m.Settled:
		m.FixedPointNote = "the run has not settled: there is no steady state to test"
	case m.SteadyNote != "":
		m.FixedPointNote = "no rule's steady state: " + m.SteadyNote
	default:
		res, note := fixedPointOf(c, u)
		m.FixedPointNote = note
		if res != nil {
			rel, periods, err := FixedPointRelDiff(res)
			if err != nil {
				return err
			}
			m.FixedPointRelDiff, m.FixedPointPeriods = Num(rel), periods
		}
	}
	if m.Regime == RegimeSteady || (m.Regime == RegimeNone && m.SteadyHolds) {
		switch rel := float64(m.FixedPointRelDiff); {
		case rel <= FixedPointTolerance:
			m.Regime = RegimeSteady
		case math.IsNaN(rel):
			m.Regime, m.SteadyHolds = RegimeUntested, false
		default:
			m.Regime, m.SteadyHolds = RegimeNone, false
		}
	}
	return nil
}
