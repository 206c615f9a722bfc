//go:build !amd64 || purego

package sim

// Where the assembly kernels are not built, the portable kernels in
// kernels.go run; these stand-ins are never called.

func cpuKernels() kernelSet { return kernelsGo }

func dot4x4AVX512(raw *[16]float64, a *float64, lda int, b *float64, ldb int, n int) {
	panic("sim: no assembly kernels")
}

func combineAVX512(dst, p *float64, a float64, coef, rows *float64, ld, m, n int) {
	panic("sim: no assembly kernels")
}

func dot1AVX512(a, b *float64, n int) float64 {
	panic("sim: no assembly kernels")
}

func gerAVX512(sq *float64, w *float64, ldw, tiles int, u *float64, d *float64, ldd, k, n int, scale float64) {
	panic("sim: no assembly kernels")
}

func advanceAVX512(cur, dx, prev, target *float64, n int, dt, alpha float64) int {
	panic("sim: no assembly kernels")
}

func decideAVX512(dst *float64, need *int, cosB, sinB, radX *float64, n int, c *decideConsts) int {
	panic("sim: no assembly kernels")
}

func reverseAVX512(dst, src *float64, n int) {
	panic("sim: no assembly kernels")
}

func dot4AVX512(out *[4]float64, a, b *[4]*float64, n int) {
	panic("sim: no assembly kernels")
}

func pointSumsAVX512(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex) (a, b float64) {
	panic("sim: no assembly kernels")
}

func phiUpdateAVX512(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex, delta float64) {
	panic("sim: no assembly kernels")
}

func sumSquaresAVX512(v *float64, n int) float64 {
	panic("sim: no assembly kernels")
}

func dot2x2AVX2(out *[4]float64, a *float64, lda int, b *float64, ldb int, n int) {
	panic("sim: no assembly kernels")
}

func dot1AVX2(a, b *float64, n int) float64 {
	panic("sim: no assembly kernels")
}

func dot4AVX2(out *[4]float64, a, b *[4]*float64, n int) {
	panic("sim: no assembly kernels")
}

func gerAVX2(sq *float64, w *float64, ldw, tiles int, u *float64, d *float64, ldd, k, n int, scale float64) {
	panic("sim: no assembly kernels")
}

func combineAVX2(dst, p *float64, a float64, coef, rows *float64, ld, m, n int) {
	panic("sim: no assembly kernels")
}

func advanceAVX2(cur, dx, prev, target *float64, n int, dt, alpha float64) int {
	panic("sim: no assembly kernels")
}

func decideAVX2(dst *float64, need *int, cosB, sinB, radX *float64, n int, c *decideConsts) int {
	panic("sim: no assembly kernels")
}

func reverseAVX2(dst, src *float64, n int) {
	panic("sim: no assembly kernels")
}

func pointSumsAVX2(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex) (a, b float64) {
	panic("sim: no assembly kernels")
}

func phiUpdateAVX2(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex, delta float64) {
	panic("sim: no assembly kernels")
}

func sumSquaresAVX2(v *float64, n int) float64 {
	panic("sim: no assembly kernels")
}
