package sim

import "math/rand/v2"

// RandomWeights returns scale·z for WeightLen(m, n) standard normal numbers z
// drawn, in row-major order, from Go's math/rand/v2 PCG generator seeded with
// (seed, 0x72696e6777617665) by the ziggurat of Rand.NormFloat64 (see
// normal, which gives the same bits on every machine). The numbers are
// stable across Go versions (math/rand/v2 promises PCG's output), but they
// are not NumPy's randn: to start from NumPy's numbers, give the weights as
// an .npy.
func RandomWeights(m Model, n int, seed uint64, scale float64) []float64 {
	rng := normal{rand.NewPCG(seed, 0x72696e6777617665)} // "ringwave"
	w := make([]float64, WeightLen(m, n))
	for i := range w {
		w[i] = scale * rng.next()
	}
	return w
}
