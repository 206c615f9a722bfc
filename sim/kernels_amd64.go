//go:build amd64 && !purego

package sim

// cpuKernels returns the fastest kernel set that the CPU and the operating
// system support: AVX-512F (*_amd64.s but *_avx2_amd64.s), else AVX2 with
// FMA (*_avx2_amd64.s), else Go.
func cpuKernels() kernelSet {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return kernelsGo
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&osxsave == 0 || ecx1&avx == 0 || ecx1&fma == 0 {
		return kernelsGo
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const avx2, avx512f = 1 << 5, 1 << 16
	xcr0, _ := xgetbv()
	switch {
	case xcr0&0x6 != 0x6 || ebx7&avx2 == 0: // the OS saves XMM and YMM
		return kernelsGo
	case xcr0&0xe6 == 0xe6 && ebx7&avx512f != 0: // and the opmask and ZMM state
		return kernelsAVX512
	}
	return kernelsAVX2
}

// avx2Mask holds the lane masks of the AVX2 kernels' short chunks: 32 lanes
// on, then 32 off (see MASKPTR in kernels_avx2_amd64.h).
var avx2Mask = func() (m [64]int64) {
	for i := range 32 {
		m[i] = -1
	}
	return m
}()

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

//go:noescape
func dot2x2AVX2(out *[4]float64, a *float64, lda int, b *float64, ldb int, n int)

//go:noescape
func dot1AVX2(a, b *float64, n int) float64

//go:noescape
func dot4AVX2(out *[4]float64, a, b *[4]*float64, n int)

//go:noescape
func gerAVX2(sq *float64, w *float64, ldw, tiles int, u *float64, d *float64, ldd, k, n int, scale float64)

//go:noescape
func combineAVX2(dst, p *float64, a float64, coef, rows *float64, ld, m, n int)

//go:noescape
func advanceAVX2(cur, dx, prev, target *float64, n int, dt, alpha float64) int

//go:noescape
func decideAVX2(dst *float64, need *int, cosB, sinB, radX *float64, n int, c *decideConsts) int

//go:noescape
func reverseAVX2(dst, src *float64, n int)

//go:noescape
func pointSumsAVX2(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex) (a, b float64)

//go:noescape
func phiUpdateAVX2(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex, delta float64)

//go:noescape
func sumSquaresAVX2(v *float64, n int) float64
