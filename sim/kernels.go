package sim

import "math"

// The dense kernels of the full model. Each has a portable Go version and,
// on amd64, assembly versions for AVX-512 (kernels_amd64.s, ger_amd64.s)
// and for AVX2 with FMA (kernels_avx2_amd64.s, ger_avx2_amd64.s); kernels
// chooses, once per process. All follow the same order of floating-point
// operations, so that they return the same bits: a run gives identical
// numbers whichever version the machine uses.
//
// The order is that of 8-lane vectors (AVX2 keeps them in two registers). A dot product of length n keeps 8
// partial sums, lane j summing the products at y ≡ j (mod 8) in increasing y
// with fused multiply-adds (the last, partial vector adds 0·0 to its unused
// lanes), then adds the lanes pairwise: (l0+l4, l1+l5, l2+l6, l3+l7), then
// (t0+t2, t1+t3), then u0+u1. Updates of single elements (ger, combine)
// round a product once and then accumulate with fused multiply-adds; explicit
// float64 conversions stop the compiler from fusing anything else.

// dot4x4 sets out[4·r+s] = Σ_{y<n} a[r·lda+y]·b[s·ldb+y] for r, s < 4.
func dot4x4(out *[16]float64, a []float64, lda int, b []float64, ldb int, n int) {
	if n <= 0 {
		*out = [16]float64{}
		return
	}
	_, _ = a[3*lda+n-1], b[3*ldb+n-1]
	switch kernels {
	case kernelsAVX512:
		var raw [16]float64
		dot4x4AVX512(&raw, &a[0], lda, &b[0], ldb, n)
		// The assembly leaves the sums interleaved by its transposing reduction.
		for i, k := range dot4x4Order {
			out[k] = raw[i]
		}
	case kernelsAVX2:
		// Four 2×2 blocks: the 16 registers hold 4 sums of 8 lanes.
		var q [4]float64
		for r := 0; r < 4; r += 2 {
			for s := 0; s < 4; s += 2 {
				dot2x2AVX2(&q, &a[r*lda], lda, &b[s*ldb], ldb, n)
				out[4*r+s], out[4*r+s+1], out[4*r+4+s], out[4*r+4+s+1] = q[0], q[1], q[2], q[3]
			}
		}
	default:
		dot4x4Go(out, a, lda, b, ldb, n)
	}
}

// dot4x4Order[i] is the index in out of the assembly's i-th sum.
var dot4x4Order = [16]int{0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15}

func dot4x4Go(out *[16]float64, a []float64, lda int, b []float64, ldb int, n int) {
	for r := range 4 {
		for s := range 4 {
			out[4*r+s] = dotLanes(a[r*lda:r*lda+n], b[s*ldb:s*ldb+n])
		}
	}
}

// dot is Σ_{y<len(a)} a[y]·b[y] in the 8-lane order described above; it
// equals the corresponding entry of dot4x4 bit for bit.
func dot(a, b []float64) float64 {
	if len(a) == 0 {
		return 0
	}
	_ = b[len(a)-1]
	switch kernels {
	case kernelsAVX512:
		return dot1AVX512(&a[0], &b[0], len(a))
	case kernelsAVX2:
		return dot1AVX2(&a[0], &b[0], len(a))
	}
	return dotLanes(a, b)
}

// dot4 sets out[r] = dot(a[r], b[r]) for r < 4, four at once; the slices
// are n long.
func dot4(out *[4]float64, a, b *[4][]float64, n int) {
	if n <= 0 {
		*out = [4]float64{}
		return
	}
	if kernels != kernelsGo {
		var ap, bp [4]*float64
		for r := range 4 {
			_, _ = a[r][n-1], b[r][n-1]
			ap[r], bp[r] = &a[r][0], &b[r][0]
		}
		if kernels == kernelsAVX512 {
			dot4AVX512(out, &ap, &bp, n)
		} else {
			dot4AVX2(out, &ap, &bp, n)
		}
		return
	}
	for r := range 4 {
		out[r] = dotLanes(a[r][:n], b[r][:n])
	}
}

func dotLanes(a, b []float64) float64 {
	var l0, l1, l2, l3, l4, l5, l6, l7 float64
	y := 0
	for ; y+8 <= len(a); y += 8 {
		a, b := a[y:y+8], b[y:y+8]
		l0 = math.FMA(a[0], b[0], l0)
		l1 = math.FMA(a[1], b[1], l1)
		l2 = math.FMA(a[2], b[2], l2)
		l3 = math.FMA(a[3], b[3], l3)
		l4 = math.FMA(a[4], b[4], l4)
		l5 = math.FMA(a[5], b[5], l5)
		l6 = math.FMA(a[6], b[6], l6)
		l7 = math.FMA(a[7], b[7], l7)
	}
	if y < len(a) {
		var ta, tb [8]float64
		copy(ta[:], a[y:])
		copy(tb[:], b[y:])
		l0 = math.FMA(ta[0], tb[0], l0)
		l1 = math.FMA(ta[1], tb[1], l1)
		l2 = math.FMA(ta[2], tb[2], l2)
		l3 = math.FMA(ta[3], tb[3], l3)
		l4 = math.FMA(ta[4], tb[4], l4)
		l5 = math.FMA(ta[5], tb[5], l5)
		l6 = math.FMA(ta[6], tb[6], l6)
		l7 = math.FMA(ta[7], tb[7], l7)
	}
	t0, t1, t2, t3 := l0+l4, l1+l5, l2+l6, l3+l7
	u0, u1 := t0+t2, t1+t3
	return u0 + u1
}

// ger applies a rank-k update to the rows of tiles·4 rows of w (row x at
// w[x·ldw:], n long):
//
//	w[x·ldw+y] = scale·w[x·ldw+y] + Σ_{q<k} u[(t·k+q)·4+r]·d[q·ldd+y],  x = 4t+r,
//
// with the sum taken in increasing q (u holds each tile's coefficients side
// by side, as the kernel reads them). It adds the squares of the updated
// rows to sq: row x's sum of squares is the sum of sq[8x : 8x+8], in no
// particular order.
func ger(sq, w []float64, ldw, tiles int, u, d []float64, ldd, k, n int, scale float64) {
	if n <= 0 || tiles <= 0 {
		return
	}
	_, _ = w[(4*tiles-1)*ldw+n-1], sq[32*tiles-1]
	if k > 0 {
		_, _ = u[4*k*tiles-1], d[(k-1)*ldd+n-1]
	}
	if kernels != kernelsGo {
		var up, dp *float64
		if k > 0 {
			up, dp = &u[0], &d[0]
		}
		if kernels == kernelsAVX512 {
			gerAVX512(&sq[0], &w[0], ldw, tiles, up, dp, ldd, k, n, scale)
		} else {
			gerAVX2(&sq[0], &w[0], ldw, tiles, up, dp, ldd, k, n, scale)
		}
		return
	}
	gerGo(sq, w, ldw, tiles, u, d, ldd, k, n, scale)
}

func gerGo(sq, w []float64, ldw, tiles int, u, d []float64, ldd, k, n int, scale float64) {
	for t := range tiles {
		var rows [4][]float64
		for r := range rows {
			row := w[(4*t+r)*ldw : (4*t+r)*ldw+n]
			for y, v := range row {
				row[y] = float64(scale * v)
			}
			rows[r] = row
		}
		r0, r1, r2, r3 := rows[0], rows[1][:n], rows[2][:n], rows[3][:n]
		// Four q at a time for the tile's four rows: each weight gets the
		// same operations in the same order as one q at a time, with a
		// quarter of the loads and stores of a row at a time (16 multiply-
		// adds for 8 loads: on arm64, whose 32 registers hold the 16
		// coefficients, the loop is bound by the multiply-adds).
		q := 0
		for ; q+4 <= k; q += 4 {
			c := u[(t*k+q)*4 : (t*k+q)*4+16] // c[4j+r]: step q+j, row r
			d0, d1 := d[q*ldd:q*ldd+n], d[(q+1)*ldd:(q+1)*ldd+n]
			d2, d3 := d[(q+2)*ldd:(q+2)*ldd+n], d[(q+3)*ldd:(q+3)*ldd+n]
			c00, c01, c02, c03 := c[0], c[4], c[8], c[12]
			c10, c11, c12, c13 := c[1], c[5], c[9], c[13]
			c20, c21, c22, c23 := c[2], c[6], c[10], c[14]
			c30, c31, c32, c33 := c[3], c[7], c[11], c[15]
			_, _, _, _ = d0[len(r0)-1], d1[len(r0)-1], d2[len(r0)-1], d3[len(r0)-1]
			_, _, _ = r1[len(r0)-1], r2[len(r0)-1], r3[len(r0)-1]
			for y := range r0 {
				a0, a1, a2, a3 := d0[y], d1[y], d2[y], d3[y]
				r0[y] = math.FMA(c03, a3, math.FMA(c02, a2, math.FMA(c01, a1, math.FMA(c00, a0, r0[y]))))
				r1[y] = math.FMA(c13, a3, math.FMA(c12, a2, math.FMA(c11, a1, math.FMA(c10, a0, r1[y]))))
				r2[y] = math.FMA(c23, a3, math.FMA(c22, a2, math.FMA(c21, a1, math.FMA(c20, a0, r2[y]))))
				r3[y] = math.FMA(c33, a3, math.FMA(c32, a2, math.FMA(c31, a1, math.FMA(c30, a0, r3[y]))))
			}
		}
		for ; q < k; q++ {
			dq := d[q*ldd : q*ldd+n]
			for r, row := range rows {
				c := u[(t*k+q)*4+r]
				for y, v := range dq {
					row[y] = math.FMA(c, v, row[y])
				}
			}
		}
		for r, row := range rows {
			var s float64
			for _, v := range row {
				s = math.FMA(v, v, s)
			}
			sq[8*(4*t+r)] += s
		}
	}
}

// combine sets dst[x] = a·p[x] + Σ_{q<m} coef[q]·rows[q·ld+x] for x < len(dst),
// the sum taken in increasing q.
func combine(dst, p []float64, a float64, coef, rows []float64, ld, m int) {
	n := len(dst)
	if n == 0 {
		return
	}
	_ = p[n-1]
	if m > 0 {
		_, _ = coef[m-1], rows[(m-1)*ld+n-1]
	}
	if kernels != kernelsGo {
		var cp, rp *float64
		if m > 0 {
			cp, rp = &coef[0], &rows[0]
		}
		if kernels == kernelsAVX512 {
			combineAVX512(&dst[0], &p[0], a, cp, rp, ld, m, n)
		} else {
			combineAVX2(&dst[0], &p[0], a, cp, rp, ld, m, n)
		}
		return
	}
	combineGo(dst, p, a, coef, rows, ld, m)
}

func combineGo(dst, p []float64, a float64, coef, rows []float64, ld, m int) {
	p = p[:len(dst)]
	for x, v := range p {
		dst[x] = float64(a * v)
	}
	for q := range m {
		c, row := coef[q], rows[q*ld:q*ld+len(dst)]
		for x, v := range row {
			dst[x] = math.FMA(c, v, dst[x])
		}
	}
}
