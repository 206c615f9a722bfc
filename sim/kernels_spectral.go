package sim

import "math"

// The kernels of the kernel model's sparse spectral updates (see
// spectralKernel). Like those of kernels.go, each has a Go version and
// AVX-512 and AVX2 ones that return the same bits: 8 lanes, lane ℓ taking the terms
// j ≡ ℓ (mod 8) in increasing j (unused lanes of the last vector add 0·t),
// and the lanes added as in dotLanes.

// twiddleIndex walks k_j = (start + j·step) mod n for j = 0, 1, …, 8 lanes
// at a time, as the assembly does. The indices are doubled: the real part of
// tw[k] is float64 number 2k of the table.
type twiddleIndex struct {
	k       [8]int64 // 2·k_j of the lanes
	inc, n2 int64    // 2·(8·step mod n), 2n
}

func newTwiddleIndex(start, step, n int) twiddleIndex {
	var t twiddleIndex
	for l := range t.k {
		t.k[l] = int64(2 * ((start + l*step) % n))
	}
	t.inc, t.n2 = int64(2*((8*step)%n)), int64(2*n)
	return t
}

func (t *twiddleIndex) next() {
	for l, k := range t.k {
		if k += t.inc; k >= t.n2 {
			k -= t.n2
		}
		t.k[l] = k
	}
}

// pointSums returns a = Σ_j re[j]·Re tw[k_j] and b = Σ_j im[j]·Im tw[k_j]
// for j < len(re), k_j = (start + j·step) mod len(tw), 0 ≤ start, step < len(tw).
func pointSums(re, im []float64, tw []complex128, start, step int) (a, b float64) {
	cnt := len(re)
	if cnt == 0 {
		return 0, 0
	}
	im = im[:cnt]
	idx := newTwiddleIndex(start, step, len(tw))
	switch kernels {
	case kernelsAVX512:
		return pointSumsAVX512(&re[0], &im[0], &tw[0], cnt, &idx)
	case kernelsAVX2:
		return pointSumsAVX2(&re[0], &im[0], &tw[0], cnt, &idx)
	}
	var la, lb [8]float64
	for j0 := 0; j0 < cnt; j0 += 8 {
		for l := range 8 {
			var r, i float64
			if j := j0 + l; j < cnt {
				r, i = re[j], im[j]
			}
			w := tw[idx.k[l]/2]
			la[l] = math.FMA(r, real(w), la[l])
			lb[l] = math.FMA(i, imag(w), lb[l])
		}
		idx.next()
	}
	return sumLanes(&la), sumLanes(&lb)
}

// sumLanes adds 8 lanes as dotLanes does.
func sumLanes(l *[8]float64) float64 {
	t0, t1, t2, t3 := l[0]+l[4], l[1]+l[5], l[2]+l[6], l[3]+l[7]
	u0, u1 := t0+t2, t1+t3
	return u0 + u1
}

// phiUpdate adds delta·conj(tw[k_j]) to (re[j], im[j]) for j < len(re), k_j as
// in pointSums: re[j] = fma(delta, Re tw, re[j]), im[j] = fma(−delta, Im tw, im[j]).
func phiUpdate(re, im []float64, tw []complex128, start, step int, delta float64) {
	cnt := len(re)
	if cnt == 0 {
		return
	}
	im = im[:cnt]
	idx := newTwiddleIndex(start, step, len(tw))
	switch kernels {
	case kernelsAVX512:
		phiUpdateAVX512(&re[0], &im[0], &tw[0], cnt, &idx, delta)
		return
	case kernelsAVX2:
		phiUpdateAVX2(&re[0], &im[0], &tw[0], cnt, &idx, delta)
		return
	}
	for j0 := 0; j0 < cnt; j0 += 8 {
		for l := range min(8, cnt-j0) {
			w := tw[idx.k[l]/2]
			re[j0+l] = math.FMA(delta, real(w), re[j0+l])
			im[j0+l] = math.FMA(-delta, imag(w), im[j0+l])
		}
		idx.next()
	}
}
