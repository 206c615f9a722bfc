package report

import (
	"math"
	"testing"
)

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
