package analysis

import (
	"fmt"
	"math"

	"ringwave/sim"
)

// DiscreteSquareWaveCorrelation returns C[m], the rule's pairing of the
// square wave S (1 on steps [0, P/2) of a period of P steps, 0 on
// [P/2, P)) low-passed by the simulation's own Euler step
// X[s] = ρ·X[s−1] + (1 − ρ)·S[s], ρ = 1 − dt/τ_x, at a lag of m whole
// steps (DerivativeCorrelation of its periodic solution):
//
//	C[m] = (2/(1+ρ))·(ρ^m + ρ^(P/2+1−m))/(T·(1 + r)) − 1/T,   m ∈ [0, P/2],  r = ρ^(P/2),
//	C[m + P/2] = −C[m],   T = P·dt.
//
// It is exact for the discrete scheme (no τ_E, no half-step lag: those
// approximate it), where SquareWaveCorrelation is the continuous-time
// form. P must be even.
func DiscreteSquareWaveCorrelation(m, steps int, dt, tauX float64) float64 {
	if steps%2 != 0 || steps <= 0 {
		panic("analysis: the discrete square wave needs an even number of steps")
	}
	half := steps / 2
	m = ((m % steps) + steps) % steps
	sign := 1.0
	if m > half {
		m -= half
		sign = -1
	}
	rho := 1 - dt/tauX
	t := float64(steps) * dt
	r := math.Pow(rho, float64(half))
	c := (2/(1+rho))*(math.Pow(rho, float64(m))+math.Pow(rho, float64(half+1-m)))/(t*(1+r)) - 1/t
	return sign * c
}

// PhaseSteps returns, for a period of P whole steps, how many steps
// neuron x's square-wave drive leads neuron 0's: k_x = floor(x·P/N).
// Neuron x's input A·sin(2π(t + x·T/N)/T) is positive on the steps s with
// (s + x·P/N) mod P in [0, P/2), which are s ∈ [−k_x, P/2 − k_x) mod P
// when P is even: the grid rounds the phase θ_x down to whole steps.
func PhaseSteps(x, steps, n int) int { return x * steps / n }

// DiscreteClosedKernel returns the steady state of a saturated drive in
// the simulation's discrete scheme, for the pairing of the run's model
// (sim.Pairing): with k_x = PhaseSteps(x), post x = i + j, pre i and d
// the delay in steps, the rule pairs dx_{i+j}(s) with X_i(s − d), so
//
//	λ·w*(i+j ← i) = C[d + k_{i+j} − k_i]      (DiscreteSquareWaveCorrelation)
//
// and the kernel is its mean over i (kernel; full: the aligned mean) or
// its value at i = 0 (kernel_single). For T = N·dt, k_x = x and the lag
// is d + j steps. It returns why there is none when the period is not an
// even whole number of steps.
func DiscreteClosedKernel(p sim.Params, pairing sim.Pairing) ([]float64, string) {
	s := p.Period / p.Dt
	steps := int(math.Round(s))
	if steps <= 0 || math.Abs(s-float64(steps)) > 1e-6*s || steps%2 != 0 {
		return nil, fmt.Sprintf("the period T = %s s is not an even whole number of steps of dt = %s s, so the square wave's halves are not whole steps", fmtG(p.Period), fmtG(p.Dt))
	}
	n, d := p.Neurons, p.Delay()
	c := make([]float64, steps)
	for m := range c {
		c[m] = DiscreteSquareWaveCorrelation(m, steps, p.Dt, p.TauX) / p.Lambda
	}
	at := func(m int) float64 { return c[((m%steps)+steps)%steps] }
	k := make([]float64, n)
	for j := range k {
		if pairing == sim.FromNeuron0 {
			k[j] = at(d + PhaseSteps(j, steps, n))
			continue
		}
		var sum float64
		for i := range n {
			sum += at(d + PhaseSteps(i+j, steps, n) - PhaseSteps(i, steps, n))
		}
		k[j] = sum / float64(n)
	}
	return k, ""
}

// PredictedCrossing is where the closed form's kernel changes sign, in
// offsets, for any period: C vanishes at lags 0 and T/2, and the discrete
// rule's lag at offset j is j·T/N + τ_d − dt/2 (τ_d the simulated delay
// d·dt; dx(s) = X[s] − X[s−1] is centred half a step before s), so
//
//	down (+ to −):  −(τ_d − dt/2)·N/T  mod N
//	up   (− to +):  N/2 − (τ_d − dt/2)·N/T  mod N.
//
// For T = N·dt that is −d + 1/2 and N/2 − d + 1/2.
func PredictedCrossing(p sim.Params, up bool) float64 {
	n := float64(p.Neurons)
	v := -(float64(p.Delay())*p.Dt - p.Dt/2) * n / p.Period
	if up {
		v += n / 2
	}
	return mod(v, n)
}
