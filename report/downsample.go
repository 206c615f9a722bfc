package report

import "ringwave/report/analysis"

// heatmapCells bounds each axis of a heatmap, so that a page of several
// heatmaps stays a few MB and opens in a couple of seconds.
const heatmapCells = 200

// raster is a window of activity downsampled for a heatmap.
type raster struct {
	Grid            // rows: time bins, columns: neuron bins
	Times []float64 // start time of each time bin, seconds
}

// makeRaster downsamples a window of activity: time bins × neuron bins.
func makeRaster(info analysis.Info, w analysis.Window) raster {
	n := info.Params.Neurons
	if w.Rows == 0 {
		return raster{}
	}
	g := Downsample(w.Values, w.Rows, n, heatmapCells, heatmapCells)
	h := float64(info.ActivityEvery()) * info.Params.Dt
	times := make([]float64, g.Rows)
	for r := range times {
		times[r] = float64(w.Start+g.RowStart[r]) * h
	}
	return raster{Grid: g, Times: times}
}

// Grid is a matrix downsampled for a heatmap: cell (r, c) is the mean of
// the block of source rows [RowStart[r], RowStart[r+1]) and columns
// [ColStart[c], ColStart[c+1]).
type Grid struct {
	Rows, Cols         int
	Values             []float64 // row-major, Rows×Cols
	RowStart, ColStart []int     // first source row (column) of each cell, and one past the end
}

// Downsample averages the rows×cols row-major matrix a into blocks of
// ⌈rows/maxRows⌉ × ⌈cols/maxCols⌉ source cells (the last block of each
// axis may be smaller), so that the grid has at most maxRows × maxCols
// cells. A block mean, not a sample: a narrow stripe still shows.
func Downsample(a []float64, rows, cols, maxRows, maxCols int) Grid {
	if len(a) != rows*cols || maxRows < 1 || maxCols < 1 {
		panic("report: bad downsampling")
	}
	rowStart := blocks(rows, maxRows)
	colStart := blocks(cols, maxCols)
	g := Grid{Rows: len(rowStart) - 1, Cols: len(colStart) - 1, RowStart: rowStart, ColStart: colStart}
	g.Values = make([]float64, g.Rows*g.Cols)
	for r := range g.Rows {
		for c := range g.Cols {
			var sum float64
			for i := rowStart[r]; i < rowStart[r+1]; i++ {
				for _, v := range a[i*cols+colStart[c] : i*cols+colStart[c+1]] {
					sum += v
				}
			}
			g.Values[r*g.Cols+c] = sum / float64((rowStart[r+1]-rowStart[r])*(colStart[c+1]-colStart[c]))
		}
	}
	return g
}

// blocks splits n into blocks of ⌈n/most⌉ and returns their starts and n.
func blocks(n, most int) []int {
	size := (n + most - 1) / most
	starts := []int{}
	for s := 0; s < n; s += size {
		starts = append(starts, s)
	}
	return append(starts, n)
}

// Transpose returns g with rows and columns swapped.
func (g Grid) Transpose() Grid {
	t := Grid{Rows: g.Cols, Cols: g.Rows, RowStart: g.ColStart, ColStart: g.RowStart,
		Values: make([]float64, len(g.Values))}
	for r := range g.Rows {
		for c := range g.Cols {
			t.Values[c*g.Rows+r] = g.Values[r*g.Cols+c]
		}
	}
	return t
}
