package sim

import (
	"fmt"
	"math"
)

// Model names one of the three ways the weights are represented and learned.
type Model string

const (
	// Full learns an N×N matrix (notebook: f_I_matrix_multiply, get_dw).
	Full Model = "full"
	// Kernel learns a translation-invariant kernel with the rule averaged over
	// all pairs of the same offset (notebook: f_I_conv_circ_fft, get_dw_prime_mean).
	Kernel Model = "kernel"
	// KernelSingle learns the kernel from presynaptic neuron 0 alone
	// (notebook: get_dw_prime).
	KernelSingle Model = "kernel_single"
)

// Params are the resolved parameters of one simulation. Every field is set;
// Default returns the notebook's constants. The JSON names are those of
// tools/notebook.py and tools/reference.py.
type Params struct {
	Model Model `json:"model"`

	Neurons int     `json:"neurons"` // N, neurons on the ring
	Dt      float64 `json:"dt"`      // integration step, seconds
	Period  float64 `json:"period"`  // T, period of the input, seconds (notebook: N·dt)
	Periods float64 `json:"periods"` // duration of the run, in periods of the input

	TauX   float64 `json:"tau_x"`  // time constant of the rates, seconds
	TauD   float64 `json:"tau_d"`  // synaptic delay, seconds
	TauW   float64 `json:"tau_w"`  // time constant of learning, seconds
	Lambda float64 `json:"lambda"` // weight decay λ, dimensionless

	Amplitude float64 `json:"amplitude"` // A, amplitude of the input
	Stimulate bool    `json:"stimulate"` // whether the input drives the neurons after the initial phase
	Gain      float64 `json:"gain"`      // g, gain of the sigmoid φ

	InitTravel    float64 `json:"init_travel"`    // speed of the input during the initial phase (notebook: init_travel)
	InitSteps     int     `json:"init_steps"`     // length of the initial phase in steps; 0: the notebook's rule
	InitStimulate bool    `json:"init_stimulate"` // whether the input drives the neurons during the initial phase

	// Frozen turns learning off: dw = 0 at every step, the weights stay
	// w0 bit for bit (manifest: dynamics.learn = false). Left out of the
	// JSON when false, so that the keys of learning runs do not change.
	Frozen bool `json:"frozen,omitempty"`
}

// Default returns the notebook's constants for model m.
func Default(m Model) Params {
	const n, dt = 500, 2e-4
	return Params{
		Model:         m,
		Neurons:       n,
		Dt:            dt,
		Period:        n * dt,
		Periods:       150,
		TauX:          5e-3,
		TauD:          15e-3,
		TauW:          50,
		Lambda:        20,
		Amplitude:     5000,
		Stimulate:     true,
		Gain:          10,
		InitTravel:    1,
		InitSteps:     0,
		InitStimulate: true,
	}
}

// ParamError reports a parameter that cannot be simulated. Field names the
// field of Params (e.g. "TauD"); callers that spell parameters otherwise
// (manifests) map it to their own names.
type ParamError struct {
	Field string
	Msg   string
}

func (e *ParamError) Error() string { return e.Field + " " + e.Msg }

// Delay returns the synaptic delay in steps, round(τ_d/dt) with ties to even
// as Python's round.
func (p Params) Delay() int { return int(math.RoundToEven(p.TauD / p.Dt)) }

// Steps returns the number of rows of the activity, initial phase included:
// the length of the notebook's t = np.arange(0, periods·T, dt).
func (p Params) Steps() int { return arangeLen(0, float64(p.Periods*p.Period), p.Dt) }

// arangeLen is the length of np.arange(start, stop, step) for floats:
// ceil((stop−start)/step), at least 0.
func arangeLen(start, stop, step float64) int {
	n := math.Ceil((stop - start) / step)
	if !(n > 0) {
		return 0
	}
	if n > math.MaxInt32*float64(1<<16) {
		return -1 // absurd; Validate reports it
	}
	return int(n)
}

// Validate reports the first parameter that cannot be simulated, as a
// *ParamError.
func (p Params) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &ParamError{Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if _, known := Describe(p.Model); !known {
		return bad("Model", "must be one of %s (got %q)", ModelNames(", "), string(p.Model))
	}
	if p.Neurons < 2 {
		return bad("Neurons", "must be ≥ 2 (got %d)", p.Neurons)
	}
	positive := []struct {
		field string
		v     float64
	}{
		{"Dt", p.Dt}, {"Period", p.Period}, {"Periods", p.Periods},
		{"TauX", p.TauX}, {"TauD", p.TauD}, {"TauW", p.TauW},
	}
	for _, f := range positive {
		if !(f.v > 0) || math.IsInf(f.v, 0) {
			return bad(f.field, "must be a positive finite number (got %v)", f.v)
		}
	}
	finite := []struct {
		field string
		v     float64
	}{
		{"Lambda", p.Lambda}, {"Amplitude", p.Amplitude},
		{"Gain", p.Gain}, {"InitTravel", p.InitTravel},
	}
	for _, f := range finite {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return bad(f.field, "must be a finite number (got %v)", f.v)
		}
	}
	if p.Lambda < 0 {
		return bad("Lambda", "must be ≥ 0 (got %v)", p.Lambda)
	}
	if d := p.Delay(); d < 1 {
		return bad("TauD", "must be at least half a step, dt = %v, so that the delay is ≥ 1 step (got %v)", p.Dt, p.TauD)
	}
	steps := p.Steps()
	if steps < 0 || steps > 1<<40 {
		return bad("Periods", "gives an absurd number of steps (periods·period/dt = %v)", p.Periods*p.Period/p.Dt)
	}
	if p.InitSteps < 0 {
		return bad("InitSteps", "must be ≥ 0 (got %d)", p.InitSteps)
	}
	init, err := p.initPhase()
	if err != nil {
		return err
	}
	if init.steps >= steps {
		return bad("InitSteps", "the initial phase (%d steps) must be shorter than the run (%d steps)", init.steps, steps)
	}
	return nil
}

// InitPhaseSteps returns the number of rows computed by the initial phase: the
// explicit InitSteps, or the notebook's rule. It assumes Validate passed.
func (p Params) InitPhaseSteps() int {
	init, _ := p.initPhase()
	return init.steps
}
