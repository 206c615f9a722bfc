package sim

import "math"

// The per-step kernels: the Euler step, the saturation test of
// stimulus.decide, and a reversed copy. Like those of kernels.go, each has a
// Go version and AVX-512 and AVX2 ones (step_amd64.s, step_avx2_amd64.s)
// that return the same bits.

// advance is the Euler step X[i] = X[i−1] + dx with the notebook's
// dx = (−X[i−1] + φ)·dt·α (the reference's operations: −p + φ is φ − p
// exactly). It returns the first neuron whose rate is no longer finite, or −1.
func advance(cur, dx, prev, target []float64, dt, alpha float64) int {
	n := len(target)
	if n == 0 {
		return -1
	}
	cur, dx, prev = cur[:n], dx[:n], prev[:n]
	switch kernels {
	case kernelsAVX512:
		return advanceAVX512(&cur[0], &dx[0], &prev[0], &target[0], n, dt, alpha)
	case kernelsAVX2:
		return advanceAVX2(&cur[0], &dx[0], &prev[0], &target[0], n, dt, alpha)
	}
	return advanceGo(cur, dx, prev, target, dt, alpha)
}

func advanceGo(cur, dx, prev, target []float64, dt, alpha float64) int {
	bad := -1
	for x, v := range target {
		d := float64((-prev[x] + v) * dt * alpha)
		dx[x] = d
		c := prev[x] + d
		cur[x] = c
		if c-c != 0 && bad < 0 { // NaN or ±Inf
			bad = x
		}
	}
	return bad
}

// decideConsts are the constants of one step of decideLanes, laid out for
// the assembly.
type decideConsts struct {
	sa, ca, ga, errV, gr, clip float64
	vOne, vClip, eps, one      float64
	abs                        uint64 // clears the sign
	idx                        [8]int64
	eight                      int64
}

// decideLanes is the loop of stimulus.decide without estimates of the input:
// for each neuron x < len(dst),
//
//	v = ga·fma(ca, sinB[x], sa·cosB[x]),  m = fma(gr, radX[x], fma(eps, |v|, errV))
//
// (m = fma(eps, |v|, errV) if radX is nil), and dst[x] = 1 if v+m ≤ vOne,
// clip if v−m ≥ vClip; the other neurons are appended to need.
func decideLanes(dst []float64, need []int, cosB, sinB, radX []float64, c *decideConsts) []int {
	n := len(dst)
	if n == 0 {
		return need
	}
	cosB, sinB = cosB[:n], sinB[:n]
	if radX != nil {
		radX = radX[:n]
	}
	if kernels != kernelsGo {
		k := len(need)
		buf := need[k : k+n]
		var rp *float64
		if radX != nil {
			rp = &radX[0]
		}
		c.abs, c.eight = 1<<63-1, 8
		c.idx = [8]int64{0, 1, 2, 3, 4, 5, 6, 7}
		if kernels == kernelsAVX512 {
			return need[:k+decideAVX512(&dst[0], &buf[0], &cosB[0], &sinB[0], rp, n, c)]
		}
		return need[:k+decideAVX2(&dst[0], &buf[0], &cosB[0], &sinB[0], rp, n, c)]
	}
	for x := range dst {
		v := float64(c.ga * math.FMA(c.ca, sinB[x], float64(c.sa*cosB[x])))
		m := math.FMA(c.eps, math.Abs(v), c.errV)
		if radX != nil {
			m = math.FMA(c.gr, radX[x], m)
		}
		switch {
		case v+m <= c.vOne:
			dst[x] = c.one
		case v-m >= c.vClip:
			dst[x] = c.clip
		default:
			need = append(need, x)
		}
	}
	return need
}

// reverse sets dst[k] = src[len(src)−1−k].
func reverse(dst, src []float64) {
	n := len(src)
	dst = dst[:n]
	m := 0
	switch kernels {
	case kernelsAVX512:
		if m = n &^ 7; m > 0 {
			reverseAVX512(&dst[0], &src[n-m], m)
		}
	case kernelsAVX2:
		if m = n &^ 3; m > 0 {
			reverseAVX2(&dst[0], &src[n-m], m)
		}
	}
	for k := m; k < n; k++ {
		dst[k] = src[n-1-k]
	}
}

// sumSquares is Σ v[y]² for the bounds of the recurrent input, four chains
// at a time: chunk c of 8 numbers goes to accumulator c mod 4 (the last
// chunks padded with zeros to a multiple of 4 chunks), then
// (acc0+acc1)+(acc2+acc3) lane by lane, then the lanes as in dotLanes.
func sumSquares(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	switch kernels {
	case kernelsAVX512:
		return sumSquaresAVX512(&v[0], len(v))
	case kernelsAVX2:
		return sumSquaresAVX2(&v[0], len(v))
	}
	var acc [4][8]float64
	for c0 := 0; c0 < len(v); c0 += 32 {
		for j := range 32 {
			var x float64
			if y := c0 + j; y < len(v) {
				x = v[y]
			}
			acc[j/8][j%8] = math.FMA(x, x, acc[j/8][j%8])
		}
	}
	var l [8]float64
	for j := range l {
		l[j] = (acc[0][j] + acc[1][j]) + (acc[2][j] + acc[3][j])
	}
	return sumLanes(&l)
}
