package sim

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

// fftTol bounds the differences from gonum's FFT and from a direct DFT
// relative to Σ|seq| (an FFT's error grows like log n·2⁻⁵³, a direct DFT's
// like n·2⁻⁵³: ≤ 1e-12 for n ≤ 5000).
const fftTol = 1e-12

var fftSizes = []int{2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 30, 37, 49, 64, 77, 100, 150, 200, 201, 203, 250, 500, 512, 1000, 1024, 4000}

func TestFFTAgainstGonumAndDFT(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, n := range fftSizes {
		f, g := newFFT(n), fourier.NewFFT(n)
		seq := randSlice(rng, n)
		var mag float64
		for _, v := range seq {
			mag += math.Abs(v)
		}
		got := f.coefficients(make([]complex128, n/2+1), seq)
		want := g.Coefficients(nil, seq)
		for k := range got {
			if d := cmplx.Abs(got[k] - want[k]); d > fftTol*mag {
				t.Errorf("n=%d: C_%d = %v, gonum %v", n, k, got[k], want[k])
			}
		}
		if n <= 1024 {
			for k := range got {
				var dft complex128
				for x, v := range seq {
					s, c := math.Sincos(-2 * math.Pi * float64(k*x%n) / float64(n))
					dft += complex(v*c, v*s)
				}
				if d := cmplx.Abs(got[k] - dft); d > fftTol*mag {
					t.Errorf("n=%d: C_%d = %v, direct DFT %v", n, k, got[k], dft)
				}
			}
		}
		// The inverse of coefficients with random imaginary parts at 0 and
		// n/2, which both implementations ignore.
		coeff := make([]complex128, n/2+1)
		for k := range coeff {
			coeff[k] = complex(rng.NormFloat64(), rng.NormFloat64())
		}
		back := f.sequence(make([]float64, n), coeff)
		wantBack := g.Sequence(nil, coeff)
		mag = 0
		for _, c := range coeff {
			mag += 2 * cmplx.Abs(c)
		}
		for x := range back {
			if d := math.Abs(back[x] - wantBack[x]); d > fftTol*mag {
				t.Errorf("n=%d: sequence[%d] = %v, gonum %v", n, x, back[x], wantBack[x])
			}
		}
		// Round trip: n·seq.
		round := f.sequence(make([]float64, n), f.coefficients(make([]complex128, n/2+1), seq))
		for x := range round {
			if d := math.Abs(round[x]/float64(n) - seq[x]); d > fftTol*float64(n) {
				t.Errorf("n=%d: round trip [%d] = %v, want %v", n, x, round[x]/float64(n), seq[x])
			}
		}
	}
}
