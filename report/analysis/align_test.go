package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randomVector(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

func TestAlignCirculantGivesKernelRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 7, 64} {
		kernel := randomVector(rng, n)
		a := Align(nil, Circulant(kernel), n)
		for i := range n {
			for j := range n {
				// Align and Circulant only copy values: exact.
				if a[i*n+j] != kernel[j] {
					t.Fatalf("n=%d: A[%d][%d] = %v, want kernel[%d] = %v", n, i, j, a[i*n+j], j, kernel[j])
				}
			}
		}
		mean, std := ColumnStats(a, n, n)
		// The mean of n equal values: sum and division round at most n+1
		// times, each by half an ulp of the running sum.
		tol := float64(n+1) * 1e-16
		for j := range n {
			if math.Abs(mean[j]-kernel[j]) > tol*math.Abs(kernel[j]) || std[j] > tol*math.Abs(kernel[j]) {
				t.Errorf("n=%d offset %d: mean %v std %v, want %v and 0", n, j, mean[j], std[j], kernel[j])
			}
		}
		if r := CirculantResidual(a, n); r > tol*RMS(kernel) {
			t.Errorf("n=%d: circulant residual %v, want 0", n, r)
		}
	}
}

// The notebook's symmetrize rolls postsynaptic row x by −x:
// S[x][k] = W[x][(x+k) mod N]. It holds the same weights as A, mirrored in
// the offset: S[(i+j) mod N][(−j) mod N] = A[i][j].
func TestAlignMirrorsNotebookSymmetrize(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 9
	w := randomVector(rng, n*n)
	a := Align(nil, w, n)
	for i := range n {
		for j := range n {
			x, k := (i+j)%n, (n-j)%n
			s := w[x*n+(x+k)%n]
			if s != a[i*n+j] {
				t.Fatalf("S[%d][%d] = %v, A[%d][%d] = %v", x, k, s, i, j, a[i*n+j])
			}
		}
	}
}

func TestCirculantResidualOfNoise(t *testing.T) {
	// A circulant matrix plus independent noise of standard deviation σ:
	// the residual estimates σ·sqrt((n−1)/n) (population std of n samples).
	rng := rand.New(rand.NewPCG(1, 2))
	const n, sigma = 200, 0.01
	w := Circulant(randomVector(rng, n))
	for i := range w {
		w[i] += sigma * rng.NormFloat64()
	}
	got := CirculantResidual(Align(nil, w, n), n)
	// n² = 40000 samples: the estimate's relative error is about
	// 1/sqrt(2·40000) = 0.35 %; 2 % is over five of those.
	if want := sigma * math.Sqrt(float64(n-1)/n); math.Abs(got/want-1) > 0.02 {
		t.Errorf("residual %v, want %v", got, want)
	}
}
