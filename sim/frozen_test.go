package sim_test

import (
	"context"
	"math"
	"testing"

	"ringwave/sim"
)

// TestFrozenWeightsBitIdentical: with learning off the final weights, and
// every snapshot of them, are w0 bit for bit, in every model, while the
// same run learning changes them (so the check could fail).
func TestFrozenWeightsBitIdentical(t *testing.T) {
	for i, m := range sim.Models() {
		t.Run(string(m), func(t *testing.T) {
			p := smallParams(m)
			p.Periods = 8
			w0 := sim.RandomWeights(m, p.Neurons, uint64(10+i), 0.05)
			w0[3] = math.Copysign(0, -1) // a −0 stays −0: no w + 0 on the way
			p.Frozen = true
			snapshots := 0
			final, err := sim.Run(context.Background(), p, w0, sim.Options{
				WeightsEvery: 97,
				Weights: func(step int, w []float64) error {
					snapshots++
					if k := firstBitDifference(w, w0); k >= 0 {
						t.Errorf("step %d: weight %d is %v, w0 %v", step, k, w[k], w0[k])
					}
					return nil
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			if k := firstBitDifference(final, w0); k >= 0 {
				t.Errorf("final weight %d is %v, w0 %v", k, final[k], w0[k])
			}
			if snapshots < 2 {
				t.Errorf("%d snapshots", snapshots)
			}
			p.Frozen = false
			learned, err := sim.Run(context.Background(), p, w0, sim.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if firstBitDifference(learned, w0) < 0 {
				t.Errorf("learning on left the weights as they were: the check above proves nothing")
			}
		})
	}
}

// firstBitDifference returns the first index where a and b differ in any
// bit (sign of zero included), or −1.
func firstBitDifference(a, b []float64) int {
	for k := range a {
		if math.Float64bits(a[k]) != math.Float64bits(b[k]) {
			return k
		}
	}
	return -1
}
