package analysis

import (
	"math"
	"testing"
)

// travelling returns rows×n rates of a bump r(x, t) = φ-like profile of
// width w centred at x0 + v·t (neurons), sampled every h seconds, with k
// bumps round the ring.
func travelling(n, rows int, h, x0, v float64, k int) []float64 {
	rates := make([]float64, rows*n)
	for t := range rows {
		c := x0 + v*float64(t)*h
		for x := range n {
			// A smooth periodic bump in (0, 1): high where cos(2πk(x − c)/N) ≈ 1.
			z := math.Cos(2 * math.Pi * float64(k) * (float64(x) - c) / float64(n))
			rates[t*n+x] = 1 / (1 + math.Exp(-10*(z-0.5)))
		}
	}
	return rates
}

// kernelPeakAt is a kernel of n offsets peaked at offset j (mod n).
func kernelPeakAt(n, j int) []float64 {
	k := make([]float64, n)
	for i := range k {
		d := float64((i - j + n) % n)
		if d > float64(n)/2 {
			d -= float64(n)
		}
		k[i] = math.Exp(-d * d / 50)
	}
	return k
}

func TestMeasureReplayKnownCases(t *testing.T) {
	// The speed is the slope of a phase that is exact for the synthetic
	// bump: least squares on it leaves rounding, ~1e−12 relative.
	const tol = 1e-9
	const n, rows, h = 100, 400, 1e-3 // 0.4 s
	const tauD, tauX = 15e-3, 5e-3
	cases := []struct {
		name      string
		v         float64
		k         int
		direction int
		period    float64
	}{
		{"forward", 250, 1, +1, 100.0 / 250},
		{"backward", -400, 1, -1, 100.0 / 400},
		{"two bumps", -300, 2, -1, 100.0 / (2 * 300)},
		{"standing", 0, 1, 0, math.NaN()},
		// 4 neurons in 0.4 s, under MinTravel (5 of 100): settling, not travelling.
		{"settling drift", 10, 1, 0, math.NaN()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := MeasureReplay(travelling(n, rows, h, 7, c.v, c.k), n, h, kernelPeakAt(n, 90), tauD, tauX)
			if !r.Sustained || r.Range < 0.9 {
				t.Errorf("sustained %v, range %v: a bump spanning (0, 1) persists", r.Sustained, r.Range)
			}
			if r.Mode != c.k {
				t.Errorf("mode %d, want %d", r.Mode, c.k)
			}
			if r.Direction != c.direction {
				t.Errorf("direction %d, want %d", r.Direction, c.direction)
			}
			if math.Abs(r.Speed-c.v) > tol*math.Max(1, math.Abs(c.v)) {
				t.Errorf("speed %v neurons/s, want %v", r.Speed, c.v)
			}
			if !(math.Abs(r.Period-c.period) <= tol*c.period) && !(math.IsNaN(c.period) && math.IsNaN(r.Period)) {
				t.Errorf("period %v s, want %v", r.Period, c.period)
			}
			// Peak at offset 90 ≡ −10: the prediction is −10/(20 ms) = −500 neurons/s.
			if r.PeakOffset != -10 || math.Abs(r.PredictedSpeed+500) > 1e-9 || math.Abs(r.PredictedPeriod-0.2) > 1e-12 {
				t.Errorf("peak offset %d, predicted %v neurons/s, %v s; want −10, −500, 0.2", r.PeakOffset, r.PredictedSpeed, r.PredictedPeriod)
			}
		})
	}
	// The prediction can fail: a bump at +250 neurons/s against −500 is off
	// by far more than PredictionTolerance, and one at −480 is within it.
	off := MeasureReplay(travelling(n, rows, h, 0, 250, 1), n, h, kernelPeakAt(n, 90), tauD, tauX)
	if !(math.Abs(off.SpeedRelDiff) > PredictionTolerance) {
		t.Errorf("rel diff %v of a replay against its prediction's direction is within tolerance", off.SpeedRelDiff)
	}
	near := MeasureReplay(travelling(n, rows, h, 0, -480, 1), n, h, kernelPeakAt(n, 90), tauD, tauX)
	if !(math.Abs(near.SpeedRelDiff) <= PredictionTolerance) {
		t.Errorf("rel diff %v of a replay at 96%% of its prediction is beyond tolerance", near.SpeedRelDiff)
	}
}

// TestMeasureReplayDiesOut: activity that relaxes to a uniform rate is
// not sustained, and has no direction, speed or period.
func TestMeasureReplayDiesOut(t *testing.T) {
	const n, rows, h = 100, 400, 1e-3
	rates := travelling(n, rows, h, 0, 250, 1)
	for t := range rows {
		fade := math.Exp(-float64(t) * h / 5e-3) // τ_x: gone in a few ms
		for x := range n {
			rates[t*n+x] = 0.3 + (rates[t*n+x]-0.3)*fade
		}
	}
	// Over the last half of the rows the bump has faded below 1e−10.
	r := MeasureReplay(rates[rows/2*n:], n, h, kernelPeakAt(n, 10), 15e-3, 5e-3)
	if r.Sustained || r.Range > 1e-6 {
		t.Errorf("sustained %v with range %v: the activity died out", r.Sustained, r.Range)
	}
	if r.Direction != 0 || !math.IsNaN(r.Speed) || !math.IsNaN(r.Period) {
		t.Errorf("direction %d, speed %v, period %v of activity that died out", r.Direction, r.Speed, r.Period)
	}
	// The whole window, fade included, still spans the bump: sustained is
	// about what is left, which is why it is measured over the last periods.
	if whole := MeasureReplay(rates, n, h, kernelPeakAt(n, 10), 15e-3, 5e-3); !whole.Sustained {
		t.Errorf("the window with the bump in it is not sustained (range %v)", whole.Range)
	}
}
