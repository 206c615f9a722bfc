package analysis

import (
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"

	"ringwave/sim"
)

// The weak drive's own oscillation, linearised. The uniform mode of the
// ring, r̄ (the population rate), sees the recurrent input K₀·r̄(t − τ_d),
// K₀ = Σ_j kernel[j] the kernel's uniform eigenvalue. Linearised around
// the operating point, with G = φ′·K₀ the loop gain (φ′ = g·r(1 − r), the
// sigmoid's slope, averaged over the last periods):
//
//	τ_x·δṙ = −δr + G·δr(t − τ_d).
//
// An oscillation e^{iωt} needs 1 + iωτ_x = G·e^{−iωτ_d}: for an
// inhibitory loop (G < 0) the phase condition ωτ_d + atan(ωτ_x) = π, which
// sets ω whatever G, and the gain condition |G| ≥ √(1 + ω²τ_x²) for it to
// grow (a Hopf bifurcation). The simulation's Euler scheme with the delay
// d = round(τ_d/dt) steps, X[i] = ρ·X[i−1] + (1 − ρ)·G·X[i−d], ρ = 1 −
// dt/τ_x, has on the unit circle z = e^{iθ} the phase condition
//
//	arg(1 − ρ·e^{−iθ}) + d·θ = π,   ω = θ/dt,
//
// which LoopPeriod solves. Far beyond the Hopf point (|G| ≫ √(1 +
// ω²τ_x²)) the oscillation saturates and its period departs from the
// linear one: the page compares the two and claims no tolerance.

// LoopPeriod returns the period, seconds, of the linearised delayed loop's
// oscillation in the discrete scheme of p (see above), and the gain
// √(1 + ω²τ_x²) its loop must exceed.
func LoopPeriod(p sim.Params) (period, threshold float64) {
	rho := 1 - p.Dt/p.TauX
	d := float64(p.Delay())
	f := func(theta float64) float64 {
		return cmplx.Phase(1-complex(rho, 0)*cmplx.Exp(complex(0, -theta))) + d*theta - math.Pi
	}
	// f rises from −π at θ = 0; the first root below π/d·(1 + …) is in
	// (0, π/d].
	lo, hi := 0.0, math.Pi/d
	if f(hi) < 0 {
		return math.NaN(), math.NaN()
	}
	for range 200 {
		mid := (lo + hi) / 2
		if f(mid) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	omega := (lo + hi) / 2 / p.Dt
	return 2 * math.Pi / omega, math.Hypot(1, omega*p.TauX)
}

// loopGain returns G = φ′·Σ kernel, φ′ = g·⟨r(1 − r)⟩ over the rows of w.
func loopGain(info Info, kernel []float64, w Window) float64 {
	if w.Rows == 0 {
		return math.NaN()
	}
	var slope float64
	for _, r := range w.Values {
		slope += r * (1 - r)
	}
	slope *= info.Params.Gain / float64(len(w.Values))
	var k0 float64
	for _, v := range kernel {
		k0 += v
	}
	return slope * k0
}

// PopulationSpectrum returns the power spectrum of the population rate
// over the rows of w (every h seconds, its mean removed): frequencies in
// Hz and |FFT|² normalised to a largest value of 1 (nil for a constant
// rate).
func PopulationSpectrum(info Info, w Window) (freq, power []float64) {
	n := info.Params.Neurons
	if w.Rows < 4 {
		return nil, nil
	}
	h := float64(info.ActivityEvery()) * info.Params.Dt
	pop := make([]float64, w.Rows)
	var mean float64
	for r := range pop {
		for _, v := range w.Values[r*n : (r+1)*n] {
			pop[r] += v / float64(n)
		}
		mean += pop[r] / float64(w.Rows)
	}
	for r := range pop {
		pop[r] -= mean
	}
	coeff := fourier.NewFFT(w.Rows).Coefficients(nil, pop)
	var top float64
	power = make([]float64, len(coeff))
	freq = make([]float64, len(coeff))
	for k, c := range coeff {
		power[k] = real(c)*real(c) + imag(c)*imag(c)
		freq[k] = float64(k) / (float64(w.Rows) * h)
		top = math.Max(top, power[k])
	}
	if !(top > 1e-24*float64(w.Rows)) {
		return nil, nil
	}
	for k := range power {
		power[k] /= top
	}
	return freq, power
}
