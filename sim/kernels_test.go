package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// The assembly kernels must return the same bits as the Go ones (the order
// of operations is part of their contract), and both must agree with a plain
// sum to rounding.

// kernelTol bounds the difference from a plain left-to-right sum relative to
// Σ|terms|: both orders err by at most ~n·2⁻⁵³ ≈ 1e-13 for n ≤ 600.
const kernelTol = 1e-12

var kernelSizes = []int{1, 3, 7, 8, 9, 31, 32, 33, 55, 56, 57, 63, 64, 65, 120, 500}

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64()
	}
	return s
}

func TestDot4x4(t *testing.T) {
	eachKernelSet(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, n := range kernelSizes {
			lda, ldb := n+3, n+1
			a, b := randSlice(rng, 4*lda), randSlice(rng, 4*ldb)
			var got, want [16]float64
			dot4x4(&got, a, lda, b, ldb, n)
			dot4x4Go(&want, a, lda, b, ldb, n)
			for k := range got {
				r, s := k/4, k%4
				var plain, mag float64
				for y := range n {
					plain += a[r*lda+y] * b[s*ldb+y]
					mag += math.Abs(a[r*lda+y] * b[s*ldb+y])
				}
				if math.Abs(want[k]-plain) > kernelTol*mag {
					t.Errorf("n=%d: Go dot[%d] = %v, plain sum %v", n, k, want[k], plain)
				}
				if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
					t.Errorf("n=%d: dot4x4[%d] = %v, Go %v", n, k, got[k], want[k])
				}
				if one := dot(a[r*lda:r*lda+n], b[s*ldb:s*ldb+n]); math.Float64bits(one) != math.Float64bits(want[k]) {
					t.Errorf("n=%d: dot of rows %d, %d = %v, dot4x4 %v", n, r, s, one, want[k])
				}
			}
			// dot4 of the pairs (r, 3−r).
			var four [4]float64
			var ra, rb [4][]float64
			for r := range 4 {
				ra[r], rb[r] = a[r*lda:r*lda+n], b[(3-r)*ldb:(3-r)*ldb+n]
			}
			dot4(&four, &ra, &rb, n)
			for r := range 4 {
				if k := 4*r + 3 - r; math.Float64bits(four[r]) != math.Float64bits(want[k]) {
					t.Errorf("n=%d: dot4[%d] = %v, dot4x4 %v", n, r, four[r], want[k])
				}
			}
		}
	})
}

func TestGer(t *testing.T) {
	eachKernelSet(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, n := range kernelSizes {
			for _, k := range []int{0, 1, 5} {
				const tiles = 3
				ldw, ldd := n+2, n+5
				w0 := randSlice(rng, 4*tiles*ldw)
				u, d := randSlice(rng, 4*tiles*k), randSlice(rng, k*ldd)
				got, want := append([]float64(nil), w0...), append([]float64(nil), w0...)
				sqGot, sqWant := make([]float64, 32*tiles), make([]float64, 32*tiles)
				ger(sqGot, got, ldw, tiles, u, d, ldd, k, n, 0.75)
				gerGo(sqWant, want, ldw, tiles, u, d, ldd, k, n, 0.75)
				for i := range got {
					x, y := i/ldw, i%ldw
					plain := w0[i]
					if y < n {
						plain *= 0.75
						for q := range k {
							plain += u[((x/4)*k+q)*4+x%4] * d[q*ldd+y]
						}
					}
					if math.Abs(want[i]-plain) > kernelTol*(1+math.Abs(plain)) {
						t.Errorf("n=%d k=%d: Go w[%d] = %v, plain %v", n, k, i, want[i], plain)
					}
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Errorf("n=%d k=%d: w[%d] = %v, Go %v (padding must not change)", n, k, i, got[i], want[i])
					}
				}
				for x := range 4 * tiles {
					var g, w float64
					for j := range 8 {
						g, w = g+sqGot[8*x+j], w+sqWant[8*x+j]
					}
					if math.Abs(g-w) > kernelTol*w {
						t.Errorf("n=%d k=%d: sum of squares of row %d = %v, Go %v", n, k, x, g, w)
					}
				}
			}
		}
	})
}

func TestCombine(t *testing.T) {
	eachKernelSet(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, n := range kernelSizes {
			for _, m := range []int{0, 1, 7} {
				ld := n + 4
				p, coef, rows := randSlice(rng, n), randSlice(rng, m), randSlice(rng, m*ld)
				got, want := make([]float64, n+1), make([]float64, n+1)
				got[n], want[n] = 42, 42 // must stay untouched
				combine(got[:n], p, 1.5, coef, rows, ld, m)
				combineGo(want[:n], p, 1.5, coef, rows, ld, m)
				for x := range got {
					plain := 42.0
					if x < n {
						plain = 1.5 * p[x]
						for q := range m {
							plain += coef[q] * rows[q*ld+x]
						}
					}
					if math.Abs(want[x]-plain) > kernelTol*(1+math.Abs(plain)) {
						t.Errorf("n=%d m=%d: Go dst[%d] = %v, plain %v", n, m, x, want[x], plain)
					}
					if math.Float64bits(got[x]) != math.Float64bits(want[x]) {
						t.Errorf("n=%d m=%d: dst[%d] = %v, Go %v", n, m, x, got[x], want[x])
					}
				}
			}
		}
	})
}

func TestAdvance(t *testing.T) {
	eachKernelSet(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for _, n := range kernelSizes {
			prev, target := randSlice(rng, n), randSlice(rng, n)
			for _, bad := range []int{-1, n / 2, n - 1} {
				if bad >= 0 {
					prev[bad] = math.Inf(1)
					if n > 2 {
						target[n-1-bad/2] = math.NaN()
					}
				}
				want := -1
				for x := range n {
					if c := prev[x] + (target[x]-prev[x])*0.2*0.5; math.IsNaN(c) || math.IsInf(c, 0) {
						want = x
						break
					}
				}
				cur, dx := make([]float64, n), make([]float64, n)
				curGo, dxGo := make([]float64, n), make([]float64, n)
				got := advance(cur, dx, prev, target, 0.2, 0.5)
				gotGo := advanceGo(curGo, dxGo, prev, target, 0.2, 0.5)
				if got != want || gotGo != want {
					t.Errorf("n=%d: first bad neuron %d (Go %d), want %d", n, got, gotGo, want)
				}
				if !sameBitsOrNaN(cur, curGo) || !sameBitsOrNaN(dx, dxGo) {
					t.Errorf("n=%d: advance differs from advanceGo", n)
				}
			}
		}
	})
}

func TestDecideLanes(t *testing.T) {
	eachKernelSet(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		for _, n := range kernelSizes {
			cosB, sinB, radX := randSlice(rng, n), randSlice(rng, n), randSlice(rng, n)
			for x := range radX {
				radX[x] = math.Abs(radX[x])
			}
			for _, withRad := range []bool{false, true} {
				c := decideConsts{sa: 0.6, ca: -0.8, ga: -5e4, errV: 1e-6, gr: 3, clip: 1e-100,
					vOne: vOne, vClip: vClip, eps: 1e-15, one: 1}
				r := radX
				if !withRad {
					r = nil
				}
				dst, dstGo := make([]float64, n), make([]float64, n)
				cGo := c
				need := decideLanes(dst, make([]int, 0, n), cosB, sinB, r, &c)
				var needGo []int
				for x := range dstGo {
					v := float64(cGo.ga * math.FMA(cGo.ca, sinB[x], float64(cGo.sa*cosB[x])))
					m := math.FMA(cGo.eps, math.Abs(v), cGo.errV)
					if r != nil {
						m = math.FMA(cGo.gr, r[x], m)
					}
					switch {
					case v+m <= cGo.vOne:
						dstGo[x] = 1
					case v-m >= cGo.vClip:
						dstGo[x] = cGo.clip
					default:
						needGo = append(needGo, x)
					}
				}
				if !sameBitsOrNaN(dst, dstGo) || fmt.Sprint(need) != fmt.Sprint(needGo) {
					t.Errorf("n=%d radX=%v: need %v, want %v", n, withRad, need, needGo)
				}
			}
		}
	})
}

func TestReverse(t *testing.T) {
	eachKernelSet(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		for _, n := range kernelSizes {
			src := randSlice(rng, n)
			dst := make([]float64, n)
			reverse(dst, src)
			for k := range n {
				if dst[k] != src[n-1-k] {
					t.Fatalf("n=%d: dst[%d] = %v, want src[%d] = %v", n, k, dst[k], n-1-k, src[n-1-k])
				}
			}
		}
	})
}

func sameBitsOrNaN(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return len(a) == len(b)
}

func TestPointSumsAndPhiUpdate(t *testing.T) {
	eachKernelSet(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(13, 14))
		for _, n := range []int{2, 3, 5, 8, 17, 64, 201, 500, 1024} {
			tw := twiddles(n)
			for _, x := range []int{0, 1, n / 3, n - 1} {
				cnt := (n + 1) / 2
				re, im := randSlice(rng, cnt), randSlice(rng, cnt)
				a, b := pointSums(re, im, tw, x%n, x)
				var pa, pb, mag float64
				for j := range cnt {
					w := tw[(x+j*x)%n]
					pa += re[j] * real(w)
					pb += im[j] * imag(w)
					mag += math.Abs(re[j]) + math.Abs(im[j])
				}
				if math.Abs(a-pa) > kernelTol*mag || math.Abs(b-pb) > kernelTol*mag {
					t.Errorf("n=%d x=%d: pointSums = %v, %v; plain %v, %v", n, x, a, b, pa, pb)
				}
				// The Go version, inline.
				{
					idx := newTwiddleIndex(x%n, x, n)
					var la, lb [8]float64
					for j0 := 0; j0 < cnt; j0 += 8 {
						for l := range 8 {
							var r, i float64
							if j := j0 + l; j < cnt {
								r, i = re[j], im[j]
							}
							w := tw[idx.k[l]/2]
							la[l], lb[l] = math.FMA(r, real(w), la[l]), math.FMA(i, imag(w), lb[l])
						}
						idx.next()
					}
					if ga, gb := sumLanes(&la), sumLanes(&lb); math.Float64bits(ga) != math.Float64bits(a) || math.Float64bits(gb) != math.Float64bits(b) {
						t.Errorf("n=%d x=%d: pointSums %v, %v; Go %v, %v", n, x, a, b, ga, gb)
					}
				}
				upRe, upIm := append([]float64(nil), re...), append([]float64(nil), im...)
				phiUpdate(upRe, upIm, tw, 0, x, 0.3)
				for j := range cnt {
					w := tw[(j*x)%n]
					if wr, wi := math.FMA(0.3, real(w), re[j]), math.FMA(-0.3, imag(w), im[j]); math.Float64bits(upRe[j]) != math.Float64bits(wr) || math.Float64bits(upIm[j]) != math.Float64bits(wi) {
						t.Errorf("n=%d x=%d: phiUpdate[%d] = %v, %v; want %v, %v", n, x, j, upRe[j], upIm[j], wr, wi)
					}
				}
			}
		}
	})
}

func TestSumSquares(t *testing.T) {
	eachKernelSet(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(15, 16))
		for _, n := range append(kernelSizes, 0, 95, 96, 97, 127, 128, 129) {
			v := randSlice(rng, n)
			got := sumSquares(v)
			var plain float64
			for _, x := range v {
				plain += x * x
			}
			if math.Abs(got-plain) > kernelTol*plain {
				t.Errorf("n=%d: sumSquares = %v, plain %v", n, got, plain)
			}
		}
	})
}
