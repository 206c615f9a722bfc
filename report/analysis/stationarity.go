package analysis

import (
	"fmt"
	"math"
)

// DriftTolerance is the largest relative change of the weights over the
// rule's memory τ_w/λ for which a run counts as settled. Relaxing at the
// rate λ/τ_w, weights a distance δ from their fixed point move by
// (1 − e^(−1))·δ ≈ 0.63·δ over that time, so a drift below 5 % puts them
// within about 8 % of it; the unsaturated runs that have not settled move
// by tens of % (issue 16: 24 % in 2000 steps, 127 % over the memory).
const DriftTolerance = 0.05

// AgreeTolerance is the largest relative difference ‖kernel − w*‖/‖w*‖ for
// which a theory w* is said to hold for a settled run. It is above what a
// correct theory leaves at the notebook's step (the closed form's Euler
// discretisation, ≈ 2 % at dt/τ_x = 0.04; the full model's swing within a
// period, ≈ 0.5 %; a settled run's remaining drift, < 1 %) and far below
// what a wrong one misses by where the drive does not saturate (30–120 %).
const AgreeTolerance = 0.05

// Snapshots describes the weight snapshots of a run that can be compared:
// those a whole number of periods before the last one, which share its
// phase (the weights of the full model swing within a period).
type Snapshots struct {
	Times []float64 // every snapshot, seconds
	Same  []int     // indices of those at the last one's phase, the last included
	Why   string    // why fewer than all share the phase, or none can be used
}

// snapshotsOf returns the rows snapshots of a run, at the steps its
// recording gives them (record.weights_every, and with windows
// record.weights_between between them).
//
// cycles is the activity's period in input periods (Periodicity.Cycles;
// 1 for T or when the activity is not locked to the input): snapshots
// are compared only cycles·T apart, at the same phase of the activity's
// own orbit (a 2T orbit alternates between two sets of weights).
func snapshotsOf(info Info, rows, cycles int) Snapshots {
	k := info.Settings.Record.WeightsEvery
	s := Snapshots{Times: historyTimes(info, rows)}
	steps := historySteps(info)
	if rows == 0 || k <= 0 {
		s.Why = "no weight snapshots were recorded (set record.weights_every)"
		return s
	}
	ps, ok := PeriodSteps(info)
	if !ok {
		s.Why = "the period is not a whole number of steps, so no two snapshots share their phase"
		return s
	}
	ps *= max(cycles, 1)
	if len(steps) < rows {
		s.Why = fmt.Sprintf("%d snapshots were found where the recording gives %d", rows, len(steps))
		return s
	}
	last := steps[rows-1]
	for r := range rows {
		if (last-steps[r])%ps == 0 {
			s.Same = append(s.Same, r)
		}
	}
	if len(s.Same) < rows {
		every := ps / gcd(ps, k)
		s.Why = fmt.Sprintf("snapshots are %d steps apart and a period of the activity is %d steps, so only one snapshot in %d (%d of %d) shares the last one's phase",
			k, ps, every, len(s.Same), rows)
	}
	return s
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Drift is the stationarity of a run: the relative change of its weights
// over the last whole periods within the rule's memory τ_w/λ.
type Drift struct {
	Value  float64 // ‖w_end − w(t_end − Window)‖/‖w_end‖; NaN when unknown
	Window float64 // seconds
	Known  bool
	Why    string // why it is unknown
	// Max is the largest such change over the same window ending at any
	// snapshot of the second half of the learning (both snapshots in it),
	// NaN when there is no such pair: the verdict, so that it does not
	// depend on where the run stops.
	Max float64
}

// Settled reports whether the run is known to have settled: its weights
// moved by at most DriftTolerance over every window of the second half of
// the learning (the last one alone when the history is too short).
func (d Drift) Settled() bool {
	if !d.Known {
		return false
	}
	if !math.IsNaN(d.Max) {
		return d.Max <= DriftTolerance
	}
	return d.Value <= DriftTolerance
}

// weightsDrift picks, among the snapshots at the last one's phase, the one
// closest to the rule's memory before the last (at least a period, at most
// what was recorded) and returns the change since, from rel, the distance
// of every snapshot to the last relative to its norm.
//
// cycle, when the activity oscillates at a period of its own not locked to
// the input (else 0), makes the span the one from the memory to twice it
// nearest to a whole number of those cycles, so that the weights' swing
// with the oscillation does not count as drift.
func weightsDrift(info Info, snaps Snapshots, rel []float64, cycle float64) Drift {
	if len(snaps.Same) < 2 {
		why := snaps.Why
		if why == "" || len(snaps.Same) == 1 {
			why = "fewer than two weight snapshots a whole number of periods apart"
		}
		return Drift{Value: math.NaN(), Why: why}
	}
	p := info.Params
	last := snaps.Same[len(snaps.Same)-1]
	tEnd := snaps.Times[last]
	memory := math.Max(math.Round(p.TauW/p.Lambda/p.Period), 1) * p.Period
	// The latest snapshot a memory or more back; with a shorter history,
	// the earliest (the longest span recorded).
	pick := snaps.Same[0]
	for _, i := range snaps.Same[:len(snaps.Same)-1] {
		if tEnd-snaps.Times[i] >= memory*(1-1e-9) {
			pick = i
		}
	}
	if cycle > 0 {
		best := math.Inf(1)
		for _, i := range snaps.Same[:len(snaps.Same)-1] {
			span := tEnd - snaps.Times[i]
			if span < memory*(1-1e-9) || span > 2*memory*(1+1e-9) {
				continue
			}
			if off := math.Abs(span/cycle - math.Round(span/cycle)); off < best-1e-9 {
				best, pick = off, i
			}
		}
	}
	return Drift{Value: rel[pick], Window: tEnd - snaps.Times[pick], Known: true, Max: math.NaN()}
}

// driftMax returns the largest relative change over d.Window between
// snapshots at the last one's phase within the second half of the
// learning, from pair(a, b) = ‖w_b − w_a‖/‖w_b‖; NaN without a pair.
func driftMax(info Info, snaps Snapshots, d Drift, pair func(a, b int) (float64, error)) (float64, error) {
	out := math.NaN()
	if !d.Known || pair == nil || len(snaps.Same) < 2 {
		return out, nil
	}
	last := snaps.Same[len(snaps.Same)-1]
	mid := (info.LearnStart() + snaps.Times[last]) / 2
	for bi, b := range snaps.Same {
		for ai := bi - 1; ai >= 0; ai-- {
			a := snaps.Same[ai]
			if snaps.Times[a] < mid {
				break
			}
			if span := snaps.Times[b] - snaps.Times[a]; span >= d.Window*(1-1e-9) {
				if span <= d.Window*(1+1e-9) {
					v, err := pair(a, b)
					if err != nil {
						return math.NaN(), err
					}
					out = math.Max(v, nanTo(out, v))
				}
				break
			}
		}
	}
	return out, nil
}

func nanTo(v, w float64) float64 {
	if math.IsNaN(v) {
		return w
	}
	return v
}

// Regime names which theory explains a run's learned weights, the most
// specific first: the closed form (a saturated, low-passed square wave)
// implies a travelling wave, which implies the rule's steady state.
type Regime string

const (
	RegimeClosedForm Regime = "closed_form"     // the closed form holds
	RegimeWave       Regime = "travelling_wave" // the steady state of a travelling wave from neuron 0 holds
	RegimeSteady     Regime = "steady_state"    // only the rule's steady state holds, and it is a fixed point of the coupled dynamics (fixed_point_rel_diff)
	RegimeUntested   Regime = "untested"        // settled, only the rule's steady state (an identity) holds, and no fixed-point run tests it
	RegimeNone       Regime = "none"            // settled, yet no theory holds
	RegimeUnsettled  Regime = "not_settled"     // the weights still move: no steady state to compare with
	RegimeUnknown    Regime = "unknown"         // stationarity cannot be measured (no snapshots)
)

// Explained reports whether a theory holds for a run in this regime.
func (r Regime) Explained() bool {
	return r == RegimeClosedForm || r == RegimeWave || r == RegimeSteady
}

// Holds says, for a settled run, which theories are within AgreeTolerance
// of its learned weights; every field is false for a run not known to be
// settled.
type Holds struct {
	ClosedForm, Wave, Steady bool
}

// regimeOf classifies a run from its drift and its relative differences
// from each theory (NaN where a theory could not be computed).
func regimeOf(d Drift, closedRel, waveRel, steadyRel float64) (Regime, Holds) {
	switch {
	case !d.Known:
		return RegimeUnknown, Holds{}
	case !d.Settled():
		return RegimeUnsettled, Holds{}
	}
	h := Holds{closedRel <= AgreeTolerance, waveRel <= AgreeTolerance, steadyRel <= AgreeTolerance}
	switch {
	case h.ClosedForm:
		return RegimeClosedForm, h
	case h.Wave:
		return RegimeWave, h
	case h.Steady:
		return RegimeSteady, h
	}
	return RegimeNone, h
}
