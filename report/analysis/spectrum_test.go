package analysis

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// naiveDFT is K̂[m] = Σ_j k[j]·exp(−2πi·jm/N), unsorted.
func naiveDFT(k []float64) []complex128 {
	n := len(k)
	out := make([]complex128, n)
	for m := range n {
		for j, v := range k {
			out[m] += complex(v, 0) * cmplx.Exp(complex(0, -2*math.Pi*float64(j*m)/float64(n)))
		}
	}
	return out
}

// The sign of the exponent, checked on the eigenvectors themselves:
// W·v_m = K̂[m]·v_m with v_m[y] = exp(2πi·my/N) and W = Circulant(k).
func TestCirculantEigenvectorsAndSign(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 12
	k := randomVector(rng, n)
	w := Circulant(k)
	spec := naiveDFT(k)
	// Sums of n terms of size ≤ max|k|: rounding ≤ n·eps·Σ|k|.
	tol := n * 1e-15 * float64(n) * 3
	for m := range n {
		for x := range n {
			var wv complex128
			for y := range n {
				wv += complex(w[x*n+y], 0) * cmplx.Exp(complex(0, 2*math.Pi*float64(m*y)/n))
			}
			want := spec[m] * cmplx.Exp(complex(0, 2*math.Pi*float64(m*x)/n))
			if cmplx.Abs(wv-want) > tol {
				t.Fatalf("mode %d, row %d: (W·v)[x] = %v, K̂[m]·v[x] = %v", m, x, wv, want)
			}
		}
	}
	// KernelSpectrum (an FFT, sorted) holds the same numbers.
	naive := append([]complex128(nil), spec...)
	SortComplex(naive)
	if d := Farthest(KernelSpectrum(k), naive) + Farthest(naive, KernelSpectrum(k)); d > tol {
		t.Errorf("FFT and naive DFT differ by %v", d)
	}
}

func TestEigenvaluesOfCirculantAreDFT(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{5, 16, 101} {
		k := randomVector(rng, n)
		eig, err := Eigenvalues(Circulant(k), n)
		if err != nil {
			t.Fatal(err)
		}
		spec := KernelSpectrum(k)
		// A circulant matrix is normal, so its eigenvalues are perfectly
		// conditioned: LAPACK's backward error, about n·eps·‖W‖, is also
		// their error. ‖W‖₂ = max|K̂|.
		tol := 10 * float64(n) * 2.3e-16 * MaxAbs(spec)
		if d := math.Max(Farthest(eig, spec), Farthest(spec, eig)); d > tol {
			t.Errorf("n=%d: eigenvalues and DFT differ by %v (tolerance %v)", n, d, tol)
		}
	}
}

// Bauer–Fike: every eigenvalue of a circulant matrix plus E lies within
// ‖E‖_F of the circulant's spectrum. The bound could fail if Eigenvalues
// or SpectralNormBound were wrong.
func TestBauerFikeBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 40
	k := randomVector(rng, n)
	w := Circulant(k)
	for i := range w {
		w[i] += 0.05 * rng.NormFloat64()
	}
	eig, err := Eigenvalues(w, n)
	if err != nil {
		t.Fatal(err)
	}
	d, bound := Farthest(eig, KernelSpectrum(k)), SpectralNormBound(w, k)
	if d > bound || d == 0 {
		t.Errorf("farthest eigenvalue %v from the spectrum; bound %v", d, bound)
	}
}
