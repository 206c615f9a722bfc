package analysis

import (
	"math"
	"testing"
)

func TestZeroCrossings(t *testing.T) {
	tests := []struct {
		name string
		v    []float64
		want []float64
	}{
		{"between samples", []float64{-1, 1, 3, 1, -1}, []float64{0.5, 3.5}},
		{"wrapping round", []float64{1, 1, -1, -1}, []float64{1.5, 3.5}},
		{"an exact zero", []float64{-1, 0, 1, 1}, []float64{1, 3.5}},
		{"no change", []float64{1, 2, 3}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ZeroCrossings(tt.v)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-12 {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestExtrema(t *testing.T) {
	peak, trough := Extrema([]float64{0.5, 2, -3, 2, -3})
	if peak != (Extremum{1, 2}) || trough != (Extremum{2, -3}) {
		t.Errorf("peak %+v trough %+v", peak, trough)
	}
}

// FitDecay recovers the rate of points that follow its model exactly,
// whatever the scale, also with the end correction large.
func TestFitDecayRecoversRate(t *testing.T) {
	for _, k := range []float64{0.4, 2, 7} {
		want := Decay{Rate: k, Scale: 0.3, T0: 0.5, TEnd: 4}
		var ts, ds []float64
		for t := 0.0; t < 4; t += 0.05 {
			ts = append(ts, t)
			ds = append(ds, want.At(t))
		}
		got, ok := FitDecay(ts, ds, want.T0, want.TEnd, 1)
		// Golden-section search to 1e-10 in log k.
		if !ok || math.Abs(got.Rate/k-1) > 1e-8 || math.Abs(got.Scale/want.Scale-1) > 1e-6 {
			t.Errorf("k=%v: fitted %+v", k, got)
		}
	}
	if _, ok := FitDecay([]float64{1, 2}, []float64{1, 0.5}, 0, 3, 1); ok {
		t.Error("a fit from two points")
	}
}
