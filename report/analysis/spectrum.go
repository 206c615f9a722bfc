package analysis

import (
	"cmp"
	"errors"
	"math"
	"math/cmplx"
	"slices"

	"gonum.org/v1/gonum/dsp/fourier"
	"gonum.org/v1/gonum/mat"
)

// Eigenvalues returns the eigenvalues of the N×N row-major matrix w, sorted
// by SortComplex.
func Eigenvalues(w []float64, n int) ([]complex128, error) {
	if len(w) != n*n {
		panic("analysis: length mismatch")
	}
	var e mat.Eigen
	if !e.Factorize(mat.NewDense(n, n, append([]float64(nil), w...)), mat.EigenNone) {
		return nil, errors.New("the eigenvalue decomposition of the weights did not converge")
	}
	v := e.Values(nil)
	SortComplex(v)
	return v, nil
}

// KernelSpectrum returns the discrete Fourier transform of the kernel,
//
//	K̂[m] = Σ_j kernel[j]·exp(−2πi·j·m/N),   m = 0 … N−1,
//
// which are the eigenvalues of Circulant(kernel): its eigenvector
// v_m[y] = exp(2πi·m·y/N) gives (W·v_m)[x] = Σ_j kernel[j]·v_m[x−j] =
// K̂[m]·v_m[x]. The result is sorted by SortComplex, like Eigenvalues.
func KernelSpectrum(kernel []float64) []complex128 {
	n := len(kernel)
	half := fourier.NewFFT(n).Coefficients(nil, kernel) // m = 0 … N/2
	spec := make([]complex128, n)
	copy(spec, half)
	for m := len(half); m < n; m++ {
		spec[m] = cmplx.Conj(half[n-m]) // a real kernel's spectrum is Hermitian
	}
	SortComplex(spec)
	return spec
}

// SortComplex sorts v by decreasing modulus, then by imaginary part, so that
// two lists of the same numbers print alike.
func SortComplex(v []complex128) {
	slices.SortStableFunc(v, func(a, b complex128) int {
		if c := cmp.Compare(cmplx.Abs(b), cmplx.Abs(a)); c != 0 {
			return c
		}
		return cmp.Compare(imag(a), imag(b))
	})
}

// Farthest returns the largest distance from a point of from to the
// nearest point of to: 0 when every point of from is in to.
func Farthest(from, to []complex128) float64 {
	worst := 0.0
	for _, z := range from {
		near := math.Inf(1)
		for _, y := range to {
			near = math.Min(near, cmplx.Abs(z-y))
		}
		worst = math.Max(worst, near)
	}
	return worst
}

// MaxAbs returns the largest modulus in v.
func MaxAbs(v []complex128) float64 {
	m := 0.0
	for _, z := range v {
		m = math.Max(m, cmplx.Abs(z))
	}
	return m
}

// SpectralNormBound returns the Frobenius norm of w − Circulant(kernel).
// w's eigenvalues lie within this distance of the kernel's spectrum: a
// circulant matrix is normal, so by the Bauer–Fike theorem every eigenvalue
// of the perturbed matrix is within ‖E‖₂ ≤ ‖E‖_F of one of its eigenvalues.
func SpectralNormBound(w, kernel []float64) float64 {
	n := len(kernel)
	if len(w) != n*n {
		panic("analysis: length mismatch")
	}
	var s float64
	for x := range n {
		for y := range n {
			d := w[x*n+y] - kernel[((x-y)%n+n)%n]
			s += d * d
		}
	}
	return math.Sqrt(s)
}
