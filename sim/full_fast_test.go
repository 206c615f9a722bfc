package sim

import (
	"context"
	"math"
	"testing"
)

// TestFullDenseSameBits checks that the full model's two ways of computing a
// block, dense (every W·D_m) and sparse (only for the neurons the bound does
// not decide), give the same bits: they do the same operations in the same
// order for every input they use.
func TestFullDenseSameBits(t *testing.T) {
	for _, stimulate := range []bool{true, false} {
		p := Default(Full)
		p.Neurons, p.Periods, p.Stimulate = 150, 12, stimulate
		p.Period = float64(p.Neurons) * p.Dt
		w0 := RandomWeights(Full, p.Neurons, 3, 0.05)
		runs := make([][]float64, 2)
		for k, dense := range []bool{false, true} {
			alwaysDense = dense
			var rows []float64
			w, err := Run(context.Background(), p, w0, Options{
				Activity: func(_ int, r []float64) error { rows = append(rows, r...); return nil },
			})
			alwaysDense = false
			if err != nil {
				t.Fatal(err)
			}
			runs[k] = append(rows, w...)
		}
		for i := range runs[0] {
			if math.Float64bits(runs[0][i]) != math.Float64bits(runs[1][i]) {
				t.Fatalf("stimulate=%v: value %d is %v sparse, %v dense", stimulate, i, runs[0][i], runs[1][i])
			}
		}
	}
}
