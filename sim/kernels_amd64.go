//go:build amd64 && !purego

package sim

// haveAVX512 reports whether the CPU and the operating system support the
// AVX-512 foundation instructions that the *_amd64.s kernels use.
var haveAVX512 = detectAVX512()

func detectAVX512() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave = 1 << 27
	if ecx1&osxsave == 0 {
		return false
	}
	// The OS must save the XMM, YMM, opmask and both halves of the ZMM state.
	if xcr0, _ := xgetbv(); xcr0&0xe6 != 0xe6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const avx512f = 1 << 16
	return ebx7&avx512f != 0
}

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax, edx uint32)

//go:noescape
func dot4x4AVX512(raw *[16]float64, a *float64, lda int, b *float64, ldb int, n int)

//go:noescape
func combineAVX512(dst, p *float64, a float64, coef, rows *float64, ld, m, n int)

//go:noescape
func dot1AVX512(a, b *float64, n int) float64

//go:noescape
func gerAVX512(sq *float64, w *float64, ldw, tiles int, u *float64, d *float64, ldd, k, n int, scale float64)

//go:noescape
func advanceAVX512(cur, dx, prev, target *float64, n int, dt, alpha float64) int

//go:noescape
func decideAVX512(dst *float64, need *int, cosB, sinB, radX *float64, n int, c *decideConsts) int

//go:noescape
func reverseAVX512(dst, src *float64, n int)

//go:noescape
func dot4AVX512(out *[4]float64, a, b *[4]*float64, n int)

//go:noescape
func pointSumsAVX512(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex) (a, b float64)

//go:noescape
func phiUpdateAVX512(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex, delta float64)

//go:noescape
func sumSquaresAVX512(v *float64, n int) float64
