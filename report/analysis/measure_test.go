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

func TestDownsample(t *testing.T) {
	const rows, cols = 10, 7
	a := make([]float64, rows*cols)
	for i := range a {
		a[i] = float64(i)
	}
	g := Downsample(a, rows, cols, 4, 7)
	if g.Rows != 4 || g.Cols != 7 { // blocks of 3 rows: 3+3+3+1
		t.Fatalf("grid %d×%d", g.Rows, g.Cols)
	}
	// The last block holds row 9 alone; the first rows 0–2 of column 0.
	if g.Values[3*7+2] != a[9*7+2] || g.Values[0] != (a[0]+a[7]+a[14])/3 {
		t.Errorf("block means %v", g.Values)
	}
	// The total, weighted by block size, is kept.
	var sum, want float64
	for r := range g.Rows {
		for c := range g.Cols {
			sum += g.Values[r*g.Cols+c] * float64((g.RowStart[r+1]-g.RowStart[r])*(g.ColStart[c+1]-g.ColStart[c]))
		}
	}
	for _, v := range a {
		want += v
	}
	if math.Abs(sum-want) > 1e-9 {
		t.Errorf("sum %v, want %v", sum, want)
	}
	tr := g.Transpose()
	if tr.Rows != g.Cols || tr.Values[2*tr.Cols+3] != g.Values[3*g.Cols+2] {
		t.Error("transpose")
	}
}
