package analysis

import "math"

// Align writes into dst (nil allocates) the full weight matrix w (N×N,
// row-major, w[x·N+y] = weight from pre y to post x) aligned by offset:
//
//	A[i·N+j] = w[((i+j) mod N)·N + i],
//
// the weight from presynaptic neuron i to the neuron j places ahead of it.
// Row i is what presynaptic neuron i sends; column j is the kernel's offset
// j, so a circulant w has identical rows and every column is constant.
//
// The notebook's symmetrize rolls postsynaptic row x by −x instead:
// S[x][k] = w[x][(x+k) mod N] = kernel[(−k) mod N], the same stripes
// mirrored. A is in the project's convention, so its columns read as kernel[j].
func Align(dst, w []float64, n int) []float64 {
	if len(w) != n*n {
		panic("analysis: length mismatch")
	}
	if dst == nil {
		dst = make([]float64, n*n)
	}
	if len(dst) != n*n {
		panic("analysis: length mismatch")
	}
	for i := range n {
		for j := range n {
			dst[i*n+j] = w[((i+j)%n)*n+i]
		}
	}
	return dst
}

// ColumnStats returns the mean and the (population) standard deviation of
// each column of the rows×cols matrix a: for an aligned matrix, the learned
// kernel and its spread across presynaptic neurons.
func ColumnStats(a []float64, rows, cols int) (mean, std []float64) {
	if len(a) != rows*cols || rows == 0 {
		panic("analysis: length mismatch")
	}
	mean = make([]float64, cols)
	std = make([]float64, cols)
	for i := range rows {
		for j, v := range a[i*cols : (i+1)*cols] {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(rows)
	}
	// Two passes: the spread is small next to the mean, and Σv²/n − mean²
	// would lose it to cancellation.
	for i := range rows {
		for j, v := range a[i*cols : (i+1)*cols] {
			d := v - mean[j]
			std[j] += d * d
		}
	}
	for j := range std {
		std[j] = math.Sqrt(std[j] / float64(rows))
	}
	return mean, std
}

// Circulant returns the N×N matrix of a translation-invariant kernel:
// w[x·N+y] = kernel[(x−y) mod N].
func Circulant(kernel []float64) []float64 {
	n := len(kernel)
	w := make([]float64, n*n)
	for x := range n {
		for y := range n {
			w[x*n+y] = kernel[((x-y)%n+n)%n]
		}
	}
	return w
}

// RMS returns sqrt(mean(v²)), 0 for an empty slice.
func RMS(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	var s float64
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s / float64(len(v)))
}

// RMSDiff returns sqrt(mean((a−b)²)).
func RMSDiff(a, b []float64) float64 {
	if len(a) != len(b) {
		panic("analysis: length mismatch")
	}
	if len(a) == 0 {
		return 0
	}
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s / float64(len(a)))
}

// RelDiff returns ‖a − b‖₂ / ‖b‖₂: how far a is from the reference b.
func RelDiff(a, b []float64) float64 {
	return RMSDiff(a, b) / RMS(b)
}

// CirculantResidual returns the root-mean-square distance of the aligned
// matrix a (N×N) from its column means: sqrt(mean over i, j of
// (A[i][j] − kernel[j])²), where kernel = column means. It is 0 exactly
// when w is circulant.
func CirculantResidual(a []float64, n int) float64 {
	_, std := ColumnStats(a, n, n)
	return RMS(std)
}

// Range returns the smallest and largest values of v.
func Range(v []float64) (lo, hi float64) {
	if len(v) == 0 {
		return 0, 0
	}
	lo, hi = v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}
