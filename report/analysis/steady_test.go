package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/runtest"
	"ringwave/internal/smallruns"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
	"ringwave/sim"
)

// RuleSum's fast paths (FFTs for the kernel model, a matrix product per
// chunk for the full one) add up the same pairings as the rule written out.
func TestRuleSumIsTheRule(t *testing.T) {
	const tol = 1e-12 // sums of a few hundred products of O(1) numbers
	rng := rand.New(rand.NewPCG(1, 2))
	const n, steps = 12, 300 // more than a chunk of the full model
	rows := make([][]float64, steps+1)
	for i := range rows {
		rows[i] = make([]float64, n)
		for x := range rows[i] {
			rows[i][x] = rng.Float64()
		}
	}
	delayed := func(s int) []float64 { return rows[(s*7)%len(rows)] } // any rows will do
	for _, model := range []sim.Pairing{sim.EachSynapse, sim.MeanOverOffsets, sim.FromNeuron0} {
		rs, err := NewRuleSum(model, n)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]float64, n*n) // want[x·n+y] = Σ dx_x·X_y(s−d)
		for s := 1; s <= steps; s++ {
			rs.Add(rows[s-1], rows[s], delayed(s))
			for x := range n {
				for y := range n {
					want[x*n+y] += (rows[s][x] - rows[s-1][x]) * delayed(s)[y]
				}
			}
		}
		got := rs.Steady(1, 1)
		check := func(i int, w float64) {
			if math.Abs(got[i]-w/steps) > tol {
				t.Errorf("%s: [%d] = %v, want %v", model, i, got[i], w/steps)
			}
		}
		for j := range n {
			switch model {
			case sim.EachSynapse:
				for y := range n {
					check(j*n+y, want[j*n+y])
				}
			case sim.MeanOverOffsets: // the mean over pairs (i+j ← i)
				var w float64
				for i := range n {
					w += want[((i+j)%n)*n+i]
				}
				check(j, w/n)
			case sim.FromNeuron0:
				check(j, want[j*n])
			}
		}
	}
}

// unsaturated is a kernel model of 100 neurons at the notebook's step
// (T = 20 ms) whose weights forget in τ_w/λ = 0.25 s, run for 6 s: 24 such
// memories. At A = 5000 the sigmoid saturates; at A = 1 (g·A = 10) the
// weights never settle; at A = 0.1 (g·A = 1) the activity is neither
// periodic nor a travelling wave, yet the weights settle (issue 16).
const unsaturated = `
name = "unsaturated"
model = "kernel"
[network]
neurons = 100
periods = 300
[dynamics]
tau_w = 5.0
[record]
weights_every = 500
[sweep]
"input.amplitude" = [5000.0, 1.0, 0.1]
`

// analyseFull reads and analyses a full run computed by measureSweep.
func analyseFull(t *testing.T, c cache.Cache, r *manifest.Run) *Full {
	t.Helper()
	res, _, err := c.Open(r)
	if err != nil {
		t.Fatal(err)
	}
	in, err := LoadFull(res, NewInfo(r))
	if err != nil {
		t.Fatal(err)
	}
	return AnalyseFull(in)
}

// measureSweep computes the runs of a manifest and measures each.
func measureSweep(t *testing.T, text string) ([]*manifest.Run, []*Measurements, cache.Cache) {
	t.Helper()
	dir := t.TempDir()
	runs := runtest.Expand(t, runtest.WriteManifest(t, dir, "m.toml", text))
	c := cache.Cache{Dir: filepath.Join(dir, "results")}
	if err := (executor.Local{Cache: c, Jobs: 2}).Execute(context.Background(), runs); err != nil {
		t.Fatal(err)
	}
	return runs, measureAll(t, c, runs), c
}

// measureAll measures cached runs.
func measureAll(t *testing.T, c cache.Cache, runs []*manifest.Run) []*Measurements {
	t.Helper()
	var ms []*Measurements
	for _, r := range runs {
		res, _, err := c.Open(r)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Compute(res, NewInfo(r))
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	return ms
}

func TestSteadyStateWhereTheDriveDoesNotSaturate(t *testing.T) {
	_, ms, _ := measureSweep(t, unsaturated)
	sat, unsettled, weak := ms[0], ms[1], ms[2]

	// Saturated: every theory holds. The rule's steady state is exact up to
	// the relaxation left, e^(−24)·‖w0 − w*‖/‖w*‖ ≈ 1e−10; the discrete
	// scheme's closed form to discreteTol.
	if sat.Regime != RegimeClosedForm || sat.SteadyRelDiff > 1e-8 || sat.TheoryRelDiff > 1e-8 || sat.DiscreteClosedRel > discreteTol {
		t.Errorf("A = 5000: regime %s, steady %v, wave %v, closed (discrete) %v", sat.Regime, sat.SteadyRelDiff, sat.TheoryRelDiff, sat.DiscreteClosedRel)
	}
	// Its convergence is exponential at λ/τ_w: the discrete rule's rate
	// differs by λ·dt/(2τ_w), 4e−4 relative.
	if r := float64(sat.DecayRate / sat.DecayRatePredicted); math.Abs(r-1) > 1e-3 {
		t.Errorf("A = 5000: decay rate %v, predicted %v", sat.DecayRate, sat.DecayRatePredicted)
	}

	// Weak drive: the ring oscillates at its own period, about 41 ms
	// against T = 20 ms (issue 20), not locked to the input; its weights,
	// compared T apart, swing with that oscillation by more than
	// DriftTolerance somewhere in the second half (10 % measured), so it
	// is not said to have settled. The travelling wave from neuron 0 and
	// the closed form miss by ~100 % whatever.
	if weak.Locked == nil || *weak.Locked || math.Abs(float64(weak.ActivityPeriod)-0.041) > 0.002 {
		t.Errorf("A = 0.1: activity period %v (locked %v), want ≈ 41 ms, not locked", weak.ActivityPeriod, weak.Locked)
	}
	if weak.Settled == nil || *weak.Settled || weak.Regime != RegimeUnsettled {
		t.Errorf("A = 0.1: settled %v, regime %s, drift %v, largest %v", weak.Settled, weak.Regime, weak.WeightsDrift, weak.WeightsDriftMax)
	}
	if weak.TheoryRelDiff < 0.3 || weak.ClosedRelDiff < 0.3 {
		t.Errorf("A = 0.1: wave %v and closed %v (want ≥ 30 %%)", weak.TheoryRelDiff, weak.ClosedRelDiff)
	}
	if weak.PeriodError < WaveTolerance || weak.WaveError < WaveTolerance {
		t.Errorf("A = 0.1: period error %v, wave error %v: the activity should be neither periodic nor a travelling wave", weak.PeriodError, weak.WaveError)
	}

	// Not settled: the weights move by most of their norm over a memory.
	if unsettled.Settled == nil || *unsettled.Settled || unsettled.Regime != RegimeUnsettled || unsettled.WeightsDrift < 0.5 {
		t.Errorf("A = 1: settled %v, regime %s, drift %v", unsettled.Settled, unsettled.Regime, unsettled.WeightsDrift)
	}
	if unsettled.ClosedHolds || unsettled.WaveHolds || unsettled.SteadyHolds {
		t.Error("A = 1: a theory is said to hold for a run that has not settled")
	}

	// Neither converges exponentially: the rate is withheld, with the fit's
	// quality in the note.
	for _, m := range []*Measurements{unsettled, weak} {
		if !math.IsNaN(float64(m.DecayRate)) || !(m.DecayFitR2 < FitR2Min) || !strings.Contains(m.DecayNote, "not exponential") {
			t.Errorf("decay rate %v given for a fit with R² = %v (note %q)", m.DecayRate, m.DecayFitR2, m.DecayNote)
		}
	}
}

// The general steady state against the learned weights of the faithful
// small versions of the headline runs (smallruns: both models, N = 80,
// 40 periods, relaxed by e^(−8)).
func TestSteadyStateOfSmallRuns(t *testing.T) {
	_, runs, results := smallruns.Compute(t, t.TempDir())
	c := cache.Cache{Dir: results}
	for i, m := range measureAll(t, c, runs) {
		checkHeadline(t, runs[i], m)
	}
}

// checkHeadline checks a saturated, relaxed run: the kernel of the rule's
// steady state from its activity is its kernel up to the relaxation left,
// e^(−8) ≈ 3e−4 of ‖w0 − w*‖ for the small runs (1 % allowed); synapse by
// synapse the full model adds its swing within a period (λT/τ_w = 0.2
// there: the circulant residual, ~6 % of the kernel).
func checkHeadline(t *testing.T, r *manifest.Run, m *Measurements) {
	t.Helper()
	t.Logf("%s: steady %.3g (synapses %.3g), wave %.3g, closed %.3g (discrete %.3g), drift %.3g, residual %.3g", r.Name,
		m.SteadyRelDiff, m.SteadySynapseRelDiff, m.TheoryRelDiff, m.ClosedRelDiff, m.DiscreteClosedRel, m.WeightsDrift, m.CirculantResidual)
	const tol = 0.01
	if !(float64(m.SteadyRelDiff) < tol) {
		t.Errorf("%s: kernel vs the rule's steady state %v, want < %v", r.Name, m.SteadyRelDiff, tol)
	}
	if r.Params.Model == sim.Full {
		if d := float64(m.SteadySynapseRelDiff / m.CirculantResidual); math.Abs(d-1) > 0.1 {
			t.Errorf("%s: synapses vs the rule's steady state %v, the swing within a period %v", r.Name, m.SteadySynapseRelDiff, m.CirculantResidual)
		}
	}
	if m.Settled == nil || !*m.Settled || m.Regime != RegimeClosedForm {
		t.Errorf("%s: settled %v, regime %s (drift %v)", r.Name, m.Settled, m.Regime, m.WeightsDrift)
	}
}

// The headline runs themselves (experiments/), about 10 s to compute:
// RINGWAVE_LONG_TESTS=1 go test ./report/analysis -run Headline
func TestSteadyStateOfHeadlineRuns(t *testing.T) {
	if os.Getenv("RINGWAVE_LONG_TESTS") == "" {
		t.Skip("RINGWAVE_LONG_TESTS is not set")
	}
	root, _ := filepath.Abs("../..")
	ms, err := manifest.LoadAll([]string{filepath.Join(root, "experiments", "weight_symmetry.toml")})
	if err != nil {
		t.Fatal(err)
	}
	runs, err := manifest.ExpandAll(ms)
	if err != nil {
		t.Fatal(err)
	}
	c := cache.Cache{Dir: t.TempDir()}
	if err := (executor.Local{Cache: c, Jobs: 2}).Execute(context.Background(), runs); err != nil {
		t.Fatal(err)
	}
	for i, m := range measureAll(t, c, runs) {
		checkHeadline(t, runs[i], m)
	}
	// And their rule's steady states are fixed points (see
	// TestFixedPointOfSmallRuns for the tolerance).
	for i, rel := range fixedPoint(t, c, runs, FixedPointDerivation) {
		t.Logf("%s: fixed point %.3g", runs[i].Name, rel)
		if !(rel <= FixedPointTolerance) {
			t.Errorf("%s: fixed_point_rel_diff %v", runs[i].Name, rel)
		}
	}
}

// A pairing the analysis does not know is an error, never another
// pairing's sum.
func TestRuleSumUnknownPairing(t *testing.T) {
	if rs, err := NewRuleSum("each_other_synapse", 4); err == nil {
		t.Fatalf("an unknown pairing gave a sum: %+v", rs)
	}
}
