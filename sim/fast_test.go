package sim_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"runtime"
	"testing"

	"ringwave/sim"
)

// fastTol bounds max|optimised − reference| / max|reference| for activity and
// weights. The optimised networks compute the same equations in another
// order (blocks of up to d steps with the decay applied as c^b, FFT-domain
// kernels): each step adds a relative error of a few 2⁻⁵³, the weights
// accumulate them over the run (a random walk: √4000·1e-16 ≈ 1e-14 here),
// and the sigmoid amplifies an error of the input by at most g/4 = 2.5.
// Measured on these runs: ≤ 1.2e-13 on the weights, ≤ 1e-12 on the
// activity (the largest without drive, where every target depends on the
// input); on the headline runs (N = 500, 150 periods, TestHeadlineAgreement)
// ≤ 4.1e-12. fastTol leaves a factor 100 and is still 10 times tighter than
// the 1e-9 the optimisations were held to.
const fastTol = 1e-10

// mediumParams is the notebook's model at N = 200 for 20 periods (4000
// steps): long enough for several hundred blocks of the full model and for
// the learning to change the weights by 20%.
func mediumParams(m sim.Model) sim.Params {
	p := sim.Default(m)
	p.Neurons = 200
	p.Period = float64(p.Neurons) * p.Dt
	p.Periods = 20
	return p
}

var fastCases = []struct {
	name string
	edit func(*sim.Params)
}{
	{"full", func(*sim.Params) {}},
	{"kernel", func(p *sim.Params) { p.Model = sim.Kernel }},
	{"kernel_single", func(p *sim.Params) { p.Model = sim.KernelSingle }},
	// No drive: every neuron's target depends on its input, so the kernel
	// models take their FFT paths.
	{"full/stimulate=false", func(p *sim.Params) { p.Stimulate = false; p.Periods = 5 }},
	{"kernel/stimulate=false", func(p *sim.Params) { p.Model = sim.Kernel; p.Stimulate = false }},
	{"kernel_single/stimulate=false", func(p *sim.Params) { p.Model = sim.KernelSingle; p.Stimulate = false }},
	{"kernel_single/init_steps=30 shorter than delay", func(p *sim.Params) {
		p.Model = sim.KernelSingle
		p.InitSteps = 30
	}},
	// A delay of one step (blocks of one step) and N not a multiple of 4 (the
	// kernels' tile) or of 8 (their vectors).
	{"full/delay=1,N=37", func(p *sim.Params) {
		p.Neurons, p.TauD = 37, p.Dt
		p.Period = 37 * p.Dt
		p.Periods = 60
	}},
	{"full/delay=3,N=203,init_travel=-1", func(p *sim.Params) {
		p.Neurons, p.TauD, p.InitTravel = 203, 3*p.Dt, -1
		p.Period = 203 * p.Dt
	}},
	{"kernel/N=201,period≠N·dt", func(p *sim.Params) {
		p.Model, p.Neurons, p.Period = sim.Kernel, 201, 0.031
		p.Periods = 12.5
	}},
}

// runRecorded runs p (optimised or reference) and returns its activity, its
// final weights and the weights recorded every weightsEvery steps.
func runRecorded(t *testing.T, run func(context.Context, sim.Params, []float64, sim.Options) ([]float64, error),
	p sim.Params, w0 []float64, weightsEvery int) (activity, weights, history []float64) {
	t.Helper()
	opt := sim.Options{
		Activity: func(_ int, r []float64) error { activity = append(activity, r...); return nil },
	}
	if weightsEvery > 0 {
		opt.WeightsEvery = weightsEvery
		opt.Weights = func(_ int, w []float64) error { history = append(history, w...); return nil }
	}
	weights, err := run(context.Background(), p, w0, opt)
	if err != nil {
		t.Fatal(err)
	}
	return activity, weights, history
}

func TestOptimisedAgreesWithReference(t *testing.T) {
	for i, c := range fastCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := mediumParams(sim.Full)
			c.edit(&p)
			w0 := sim.RandomWeights(p.Model, p.Neurons, uint64(100+i), 0.05)
			// Weights every 37 steps: mostly in the middle of a block.
			xGo, wGo, hGo := runRecorded(t, sim.Run, p, w0, 37)
			xRef, wRef, hRef := runRecorded(t, sim.RunReference, p, w0, 37)
			for _, q := range []struct {
				what     string
				got, ref []float64
			}{{"activity", xGo, xRef}, {"final weights", wGo, wRef}, {"recorded weights", hGo, hRef}} {
				if e := relDiff(q.got, q.ref); !(e <= fastTol) {
					t.Errorf("%s: relative difference %.3g > %g", q.what, e, fastTol)
				} else {
					t.Logf("%s: relative difference %.3g", q.what, e)
				}
			}
			// Recording the weights must not change the run.
			x, w, _ := runRecorded(t, sim.Run, p, w0, 0)
			if !sameBits(x, xGo) || !sameBits(w, wGo) {
				t.Errorf("recording the weights changed the run")
			}
		})
	}
}

// headlineTol is the agreement the optimisations were held to on the
// headline run (the notebook's defaults: N = 500, 150 periods).
const headlineTol = 1e-9

// TestHeadlineAgreement runs the headline configuration of every model with
// both implementations. The reference takes about a minute for the full
// model, so the test runs only with RINGWAVE_LONG_TESTS=1.
func TestHeadlineAgreement(t *testing.T) {
	if os.Getenv("RINGWAVE_LONG_TESTS") == "" {
		t.Skip("set RINGWAVE_LONG_TESTS=1 to compare the headline runs (minutes)")
	}
	for _, m := range sim.Models() {
		t.Run(string(m), func(t *testing.T) {
			p := sim.Default(m)
			w0 := sim.RandomWeights(m, p.Neurons, 1, 0.05)
			xGo, wGo, _ := runRecorded(t, sim.Run, p, w0, 0)
			xRef, wRef, _ := runRecorded(t, sim.RunReference, p, w0, 0)
			for _, q := range []struct {
				what     string
				got, ref []float64
			}{{"activity", xGo, xRef}, {"final weights", wGo, wRef}} {
				if e := relDiff(q.got, q.ref); !(e <= headlineTol) {
					t.Errorf("%s: relative difference %.3g > %g", q.what, e, headlineTol)
				} else {
					t.Logf("%s: relative difference %.3g", q.what, e)
				}
			}
		})
	}
}

// TestOptimisedDeterministic runs the full model, whose dense phases are
// split between goroutines, with 1 and 2 (and 3) threads: the bits must not
// change.
func TestOptimisedDeterministic(t *testing.T) {
	p := mediumParams(sim.Full)
	p.Periods = 6
	w0 := sim.RandomWeights(p.Model, p.Neurons, 7, 0.05)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first []float64
	for _, procs := range []int{1, 2, 3} {
		runtime.GOMAXPROCS(procs)
		x, w, _ := runRecorded(t, sim.Run, p, w0, 0)
		got := append(x, w...)
		if first == nil {
			first = got
		} else if !sameBits(got, first) {
			t.Errorf("GOMAXPROCS=%d: results differ from GOMAXPROCS=1", procs)
		}
	}
}

// TestRunAllocations checks that a run allocates only when it starts: the
// same number of times for 2 and for 8 periods.
func TestRunAllocations(t *testing.T) {
	for _, m := range sim.Models() {
		t.Run(string(m), func(t *testing.T) {
			p := sim.Default(m)
			p.Neurons = 100
			p.Period = float64(p.Neurons) * p.Dt
			w0 := sim.RandomWeights(m, p.Neurons, 1, 0.05)
			opt := sim.Options{
				Activity:     func(int, []float64) error { return nil },
				Weights:      func(int, []float64) error { return nil },
				WeightsEvery: 150,
			}
			allocs := func(periods float64) float64 {
				p.Periods = periods
				return testing.AllocsPerRun(3, func() {
					if _, err := sim.Run(context.Background(), p, w0, opt); err != nil {
						t.Fatal(err)
					}
				})
			}
			short, long := allocs(2), allocs(8)
			if short != long {
				t.Errorf("%v allocations for 200 steps, %v for 800: a step allocates", short, long)
			}
			t.Logf("%v allocations per run", short)
		})
	}
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

func ExampleRun_streaming() {
	// Stream the activity instead of keeping it: the run itself holds only
	// the d+1 rows the delay needs.
	p := sim.Default(sim.Kernel)
	p.Periods = 2
	var rows int
	var last float64
	w, err := sim.Run(context.Background(), p, sim.RandomWeights(p.Model, p.Neurons, 1, 0.05), sim.Options{
		Activity: func(_ int, rates []float64) error { rows++; last = rates[0]; return nil },
	})
	fmt.Println(rows, len(w), err, last > 0)
	// Output: 1000 500 <nil> true
}
