//go:build amd64 && !purego

package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// TestRunSameBitsWithoutAVX512 runs every model with the AVX-512 kernels and
// with the Go ones: a run must give the same bits on every machine.
func TestRunSameBitsWithoutAVX512(t *testing.T) {
	if !haveAVX512 {
		t.Skip("no AVX-512 on this machine: only the Go kernels run")
	}
	defer func() { haveAVX512 = true }()
	for _, m := range Models {
		p := Default(m)
		p.Neurons, p.Periods = 150, 10
		p.Period = float64(p.Neurons) * p.Dt
		w0 := RandomWeights(m, p.Neurons, 5, 0.05)
		var runs [2][]float64
		for k, avx := range []bool{true, false} {
			haveAVX512 = avx
			w, err := Run(context.Background(), p, w0, Options{
				Activity: func(_ int, r []float64) error { runs[k] = append(runs[k], r...); return nil },
			})
			if err != nil {
				t.Fatal(err)
			}
			runs[k] = append(runs[k], w...)
		}
		for i := range runs[0] {
			if math.Float64bits(runs[0][i]) != math.Float64bits(runs[1][i]) {
				t.Errorf("%s: value %d is %v with AVX-512, %v without", m, i, runs[0][i], runs[1][i])
				break
			}
		}
	}
}

func TestSumSquaresSameBits(t *testing.T) {
	if !haveAVX512 {
		t.Skip("no AVX-512 on this machine")
	}
	defer func() { haveAVX512 = true }()
	rng := rand.New(rand.NewPCG(17, 18))
	for _, n := range append(kernelSizes, 95, 96, 97, 127, 128, 129) {
		v := randSlice(rng, n)
		haveAVX512 = true
		asm := sumSquares(v)
		haveAVX512 = false
		if g := sumSquares(v); math.Float64bits(g) != math.Float64bits(asm) {
			t.Errorf("n=%d: AVX-512 sumSquares %v, Go %v", n, asm, g)
		}
	}
}
