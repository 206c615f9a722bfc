package sim

import (
	"fmt"
	"math"
)

// phi is the notebook's sigmoid 1/(1+exp(clip(−g·z, −250, 250))). NaN
// propagates, as in NumPy.
func phi(z, gain float64) float64 {
	v := -gain * z
	if v > 250 {
		v = 250
	} else if v < -250 {
		v = -250
	}
	return 1 / (1 + exp(v))
}

// drive is the notebook's u(t+θ_x, T) = A·sin(2π(t+θ_x)/T) with the same order
// of floating-point operations.
func drive(t, theta, period, amplitude float64) float64 {
	return amplitude * sin(2*math.Pi*(float64(t)+float64(theta))/period)
}

// phases returns θ_x = np.linspace(0, T, N, endpoint=False)[x] = x·(T/N).
func phases(n int, period float64) []float64 {
	theta := make([]float64, n)
	step := period / float64(n)
	for x := range theta {
		theta[x] = float64(x) * step
	}
	return theta
}

// initPhase describes the notebook's initial phase: its length in steps and
// the input time of each of its rows.
type initPhase struct {
	steps int
	start float64 // tinit[i] = start + i·delta
	delta float64
}

func (ph initPhase) time(i int) float64 { return ph.start + float64(float64(i)*ph.delta) }

// initPhase reproduces the t_init and init_steps of the notebook's simulate().
func (p Params) initPhase() (initPhase, error) {
	var ph initPhase
	d := p.Delay()
	travel := p.InitTravel
	ph.steps = p.InitSteps
	if ph.steps == 0 { // the notebook's init_steps=None
		if travel == 0 {
			ph.steps = d
		} else {
			per := math.Abs(math.RoundToEven(float64(p.Neurons) / travel))
			if per == 0 {
				// The notebook loops forever here.
				return ph, &ParamError{Field: "InitTravel", Msg: fmt.Sprintf(
					"must be at most 2·neurons in magnitude: round(neurons/travel) is 0 (got %v)", travel)}
			}
			ph.steps = (d/int(per) + 1) * int(per)
		}
	}
	var n int
	switch {
	case travel == 0:
		// t_init = np.zeros(init_steps)
		return ph, nil
	case travel > 0:
		// t_init = np.arange(0, init_steps, init_travel*dt): a step count used as
		// the stop time; only its first init_steps entries are used.
		ph.start, ph.delta = 0, travel*p.Dt
		n = arangeLen(0, float64(ph.steps), travel*p.Dt)
	default:
		// t_init = np.arange(init_steps, 0, init_travel*dt); numpy fills it as
		// start + i·((start+step)−start).
		ph.start = float64(ph.steps)
		ph.delta = (ph.start + float64(travel*p.Dt)) - ph.start
		n = arangeLen(ph.start, 0, travel*p.Dt)
	}
	if n < ph.steps {
		return ph, &ParamError{Field: "InitTravel", Msg: fmt.Sprintf(
			"is too fast: the notebook's initial time grid has %d entries for %d initial steps (need |travel|·dt < 1, got %v)",
			n, ph.steps, travel)}
	}
	return ph, nil
}
