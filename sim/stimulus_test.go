package sim

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

// TestStimulusSameBits checks the saturation shortcut of stimulus.rates
// against the reference's phi(drive(…) + I) bit for bit, at times and inputs
// that put neurons on both sides of both thresholds and in between.
func TestStimulusSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name string
		edit func(*Params)
	}{
		{"defaults", func(*Params) {}},
		{"period≠N·dt", func(p *Params) { p.Period = 0.0173 }},
		{"small amplitude", func(p *Params) { p.Amplitude = 3 }},
		{"negative gain", func(p *Params) { p.Gain = -4 }},
		{"zero gain", func(p *Params) { p.Gain = 0 }},
		{"huge amplitude", func(p *Params) { p.Amplitude = 1e300 }},
	}
	specials := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 3.7, -3.7, 25, -25, 24.9999999999}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Default(Full)
			p.Neurons = 257
			c.edit(&p)
			s := newStimulus(p)
			got := make([]float64, p.Neurons)
			input := make([]float64, p.Neurons)
			for trial := range 400 {
				// Steps up to 10⁷ (angles up to ~10⁶ rad at the defaults).
				step := rng.IntN(10_000_000)
				if trial < 100 {
					step = trial
				}
				t0 := float64(step) * p.Dt
				scale := []float64{0, 1e-3, 1, 30, 1e4}[trial%5]
				for x := range input {
					input[x] = scale * rng.NormFloat64()
				}
				if trial%7 == 0 {
					for k, v := range specials {
						input[(k*31+trial)%p.Neurons] = v
					}
				}
				for _, on := range []bool{true, false} {
					s.rates(got, input, t0, on)
					for x, v := range got {
						var u float64
						if on {
							u = drive(t0, s.theta[x], p.Period, p.Amplitude)
						}
						want := phi(u+input[x], p.Gain)
						if math.Float64bits(v) != math.Float64bits(want) && !(math.IsNaN(v) && math.IsNaN(want)) {
							t.Fatalf("step %d, on=%v, neuron %d, input %v: %v, reference %v", step, on, x, input[x], v, want)
						}
					}
				}
			}
		})
	}
}

// TestSpectralPoint checks the twiddles and the one-point inverse transform
// against fourier.FFT.Sequence. tol: both sum N terms of size ≤ max|Î|, with
// rounding errors ≤ N·2⁻⁵³ relative to Σ|Î_f|.
func TestSpectralPoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{2, 3, 4, 5, 8, 64, 201, 500} {
		m := n/2 + 1
		s := &spectralKernel{n: n, m: m, tw: twiddles(n), iHat: make([]complex128, m), iRe: make([]float64, m), iIm: make([]float64, m)}
		x := randSlice(rng, n)
		fourier.NewFFT(n).Coefficients(s.iHat, x)
		for f, v := range s.iHat {
			s.iRe[f], s.iIm[f] = real(v), imag(v)
		}
		want := fourier.NewFFT(n).Sequence(nil, s.iHat)
		var scale float64
		for _, v := range s.iHat {
			scale += math.Abs(real(v)) + math.Abs(imag(v))
		}
		tol := float64(n) * 0x1p-50 * scale
		for j := range n {
			if got := s.at(j); math.Abs(got-want[j]) > tol {
				t.Errorf("n=%d: at(%d) = %v, Sequence %v", n, j, got, want[j])
			}
		}
		for k := range n {
			want := cmplx.Exp(complex(0, 2*math.Pi*float64(k)/float64(n)))
			if d := cmplx.Abs(s.tw[k] - want); d > 1e-15 {
				t.Errorf("n=%d: twiddle %d off by %g", n, k, d)
			}
		}
	}
}
