package sim

import (
	"context"
	"fmt"
	"math"
)

// Options say what to record during a run. Every callback receives a slice
// that is valid only during the call; an error from a callback stops the run
// and is returned by Run.
type Options struct {
	// Activity, if not nil, receives row 0 of the activity and then every
	// ActivityEvery-th row (rates of the N neurons).
	Activity      func(step int, rates []float64) error
	ActivityEvery int // steps between recorded rows; 0 means 1

	// Weights, if not nil and WeightsEvery > 0, receives the weights at steps
	// 0, WeightsEvery, 2·WeightsEvery, …: row i is the notebook's W[i], the
	// weights after step i.
	Weights      func(step int, weights []float64) error
	WeightsEvery int

	// Progress, if not nil, is called every few steps with the number of
	// steps done and the total.
	Progress func(done, total int)
}

// DivergedError reports a run whose state stopped being finite.
type DivergedError struct {
	Step  int
	What  string // "rate of neuron 12", "weight 3 → 7", …
	Value float64
}

func (e *DivergedError) Error() string {
	return fmt.Sprintf("simulation diverged at step %d: %s is %v", e.Step, e.What, e.Value)
}

// WeightLen returns the number of weights of model m with n neurons (see
// ModelSpec.WeightLen); m must be registered.
func WeightLen(m Model, n int) int { return spec(m).WeightLen(n) }

// Run simulates p starting from the weights w0 (WeightLen values; not
// modified) and returns the final weights. It stops early with ctx's error
// when ctx is done, and with a *DivergedError when a rate or weight is no
// longer finite.
func Run(ctx context.Context, p Params, w0 []float64, opt Options) ([]float64, error) {
	return run(ctx, p, w0, opt, false)
}

// run is Run with the optimised networks and target rates, or, if reference,
// with the straightforward ones the optimised are tested against.
func run(ctx context.Context, p Params, w0 []float64, opt Options, reference bool) ([]float64, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	n, d, steps := p.Neurons, p.Delay(), p.Steps()
	if len(w0) != WeightLen(p.Model, n) {
		panic("sim: length mismatch")
	}
	init, _ := p.initPhase()
	if opt.ActivityEvery <= 0 {
		opt.ActivityEvery = 1
	}

	hist := newHistory(n, d)
	net := newNetwork
	if reference {
		net = newReferenceNetwork
	}
	nw := net(p, w0, hist)
	defer nw.close()
	stim := newStimulus(p)
	theta := stim.theta
	target := make([]float64, n)
	dx := make([]float64, n)
	alpha := 1 / p.TauX

	record := func(i int, rates []float64) error {
		if opt.Activity != nil && i%opt.ActivityEvery == 0 {
			if err := opt.Activity(i, rates); err != nil {
				return err
			}
		}
		if opt.Weights != nil && opt.WeightsEvery > 0 && i%opt.WeightsEvery == 0 {
			w := nw.weights()
			if err := checkWeights(i, p, w); err != nil {
				return err
			}
			if err := opt.Weights(i, w); err != nil {
				return err
			}
		}
		return nil
	}
	if err := record(0, hist.row(0)); err != nil {
		return nil, err
	}

	for i := 1; i < steps; i++ {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if opt.Progress != nil {
				opt.Progress(i, steps)
			}
		}
		prev, cur := hist.row(i-1), hist.row(i)
		if i < init.steps {
			// Input alone: no recurrence, no learning.
			t := init.time(i)
			if reference {
				for x := range target {
					var u float64
					if p.InitStimulate {
						u = drive(t, theta[x], p.Period, p.Amplitude)
					}
					target[x] = phi(u, p.Gain)
				}
			} else {
				stim.rates(target, nil, t, p.InitStimulate)
			}
		} else {
			nw.targets(target, i)
		}
		if x := advance(cur, dx, prev, target, p.Dt, alpha); x >= 0 {
			return nil, &DivergedError{Step: i, What: fmt.Sprintf("rate of neuron %d", x), Value: cur[x]}
		}
		if i >= init.steps {
			nw.learn(dx, target, i)
		}
		if err := record(i, cur); err != nil {
			return nil, err
		}
	}
	if opt.Progress != nil {
		opt.Progress(steps, steps)
	}
	w := nw.weights()
	if err := checkWeights(steps-1, p, w); err != nil {
		return nil, err
	}
	return w, nil
}

func checkWeights(step int, p Params, w []float64) error {
	for k, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			what := fmt.Sprintf("kernel weight at offset %d", k)
			if spec(p.Model).Matrix {
				what = fmt.Sprintf("weight from neuron %d to neuron %d", k%p.Neurons, k/p.Neurons)
			}
			return &DivergedError{Step: step, What: what, Value: v}
		}
	}
	return nil
}
