//go:build amd64 && !purego

#include "textflag.h"
#include "kernels_avx2_amd64.h"

// AVX2+FMA versions of the kernels in kernels.go, for amd64 machines without
// AVX-512. A YMM register holds 4 lanes, so the 8 lanes of the order
// documented in kernels.go are kept in two registers, lo (lanes 0–3) and hi
// (lanes 4–7): the bits are those of the Go and AVX-512 versions. Tails
// shorter than a vector use VMASKMOVPD with masks from avx2Mask (masked-out
// lanes load as zero and are not stored, and never fault).

// func dot2x2AVX2(out *[4]float64, a *float64, lda int, b *float64, ldb int, n int)
//
// out[2r+s] = a_r·b_s for r, s < 2, each in the order of dotLanes. 16 YMM
// registers: the 8 accumulators Y0–Y7 (Y(4r+2s) lo, Y(4r+2s+1) hi) and
// the 4 rows' chunks.
TEXT ·dot2x2AVX2(SB), NOSPLIT, $0-48
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), DX
	LEAQ (SI)(DX*8), R8
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), DX
	LEAQ (DI)(DX*8), R9
	MOVQ n+40(FP), CX
	XORQ AX, AX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

d22loop:
	CMPQ CX, $8
	JLT  d22tail
	VMOVUPD (SI)(AX*1), Y8
	VMOVUPD 32(SI)(AX*1), Y9
	VMOVUPD (R8)(AX*1), Y10
	VMOVUPD 32(R8)(AX*1), Y11
	VMOVUPD (DI)(AX*1), Y12
	VMOVUPD 32(DI)(AX*1), Y13
	VMOVUPD (R9)(AX*1), Y14
	VMOVUPD 32(R9)(AX*1), Y15
	VFMADD231PD Y12, Y8, Y0
	VFMADD231PD Y13, Y9, Y1
	VFMADD231PD Y14, Y8, Y2
	VFMADD231PD Y15, Y9, Y3
	VFMADD231PD Y12, Y10, Y4
	VFMADD231PD Y13, Y11, Y5
	VFMADD231PD Y14, Y10, Y6
	VFMADD231PD Y15, Y11, Y7
	ADDQ $64, AX
	SUBQ $8, CX
	JMP  d22loop

d22tail:
	TESTQ CX, CX
	JEQ   d22reduce
	MASKPTR(CX, BX, DX)
	VMOVUPD (BX), Y15
	VMASKMOVPD (SI)(AX*1), Y15, Y8
	VMASKMOVPD (R8)(AX*1), Y15, Y10
	VMASKMOVPD (DI)(AX*1), Y15, Y12
	VMASKMOVPD (R9)(AX*1), Y15, Y14
	VFMADD231PD Y12, Y8, Y0
	VFMADD231PD Y14, Y8, Y2
	VFMADD231PD Y12, Y10, Y4
	VFMADD231PD Y14, Y10, Y6
	VMOVUPD 32(BX), Y15
	VMASKMOVPD 32(SI)(AX*1), Y15, Y9
	VMASKMOVPD 32(R8)(AX*1), Y15, Y11
	VMASKMOVPD 32(DI)(AX*1), Y15, Y13
	VMASKMOVPD 32(R9)(AX*1), Y15, Y14
	VFMADD231PD Y13, Y9, Y1
	VFMADD231PD Y14, Y9, Y3
	VFMADD231PD Y13, Y11, Y5
	VFMADD231PD Y14, Y11, Y7

d22reduce:
	REDUCE4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8)
	MOVQ    out+0(FP), DI
	VMOVUPD Y8, (DI)
	VZEROUPPER
	RET

// func dot1AVX2(a, b *float64, n int) float64
TEXT ·dot1AVX2(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	XORQ AX, AX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1

d1loop:
	CMPQ CX, $8
	JLT  d1tail
	VMOVUPD (SI)(AX*1), Y8
	VMOVUPD 32(SI)(AX*1), Y9
	VFMADD231PD (DI)(AX*1), Y8, Y0
	VFMADD231PD 32(DI)(AX*1), Y9, Y1
	ADDQ $64, AX
	SUBQ $8, CX
	JMP  d1loop

d1tail:
	TESTQ CX, CX
	JEQ   d1reduce
	MASKPTR(CX, BX, DX)
	VMOVUPD (BX), Y14
	VMOVUPD 32(BX), Y15
	VMASKMOVPD (SI)(AX*1), Y14, Y8
	VMASKMOVPD 32(SI)(AX*1), Y15, Y9
	VMASKMOVPD (DI)(AX*1), Y14, Y10
	VMASKMOVPD 32(DI)(AX*1), Y15, Y11
	VFMADD231PD Y10, Y8, Y0
	VFMADD231PD Y11, Y9, Y1

d1reduce:
	HSUM2(Y0, Y1, X0, X1)
	VMOVSD X0, ret+24(FP)
	VZEROUPPER
	RET

// func dot4AVX2(out *[4]float64, a, b *[4]*float64, n int)
//
// Four dot products a[r]·b[r], each in the order of dotLanes, accumulated
// in Y(2r) (lo) and Y(2r+1) (hi).
TEXT ·dot4AVX2(SB), NOSPLIT, $0-32
	MOVQ a+8(FP), AX
	MOVQ 0(AX), SI
	MOVQ 8(AX), R8
	MOVQ 16(AX), R9
	MOVQ 24(AX), R10
	MOVQ b+16(FP), AX
	MOVQ 0(AX), DI
	MOVQ 8(AX), R11
	MOVQ 16(AX), R12
	MOVQ 24(AX), R13
	MOVQ n+24(FP), CX
	XORQ AX, AX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

d4loop:
	CMPQ CX, $8
	JLT  d4tail
	VMOVUPD (SI)(AX*1), Y8
	VMOVUPD 32(SI)(AX*1), Y9
	VMOVUPD (R8)(AX*1), Y10
	VMOVUPD 32(R8)(AX*1), Y11
	VMOVUPD (R9)(AX*1), Y12
	VMOVUPD 32(R9)(AX*1), Y13
	VMOVUPD (R10)(AX*1), Y14
	VMOVUPD 32(R10)(AX*1), Y15
	VFMADD231PD (DI)(AX*1), Y8, Y0
	VFMADD231PD 32(DI)(AX*1), Y9, Y1
	VFMADD231PD (R11)(AX*1), Y10, Y2
	VFMADD231PD 32(R11)(AX*1), Y11, Y3
	VFMADD231PD (R12)(AX*1), Y12, Y4
	VFMADD231PD 32(R12)(AX*1), Y13, Y5
	VFMADD231PD (R13)(AX*1), Y14, Y6
	VFMADD231PD 32(R13)(AX*1), Y15, Y7
	ADDQ $64, AX
	SUBQ $8, CX
	JMP  d4loop

d4tail:
	TESTQ CX, CX
	JEQ   d4reduce
	MASKPTR(CX, BX, DX)
	VMOVUPD (BX), Y14
	VMOVUPD 32(BX), Y15
	D4TAIL(SI, DI, Y0, Y1)
	D4TAIL(R8, R11, Y2, Y3)
	D4TAIL(R9, R12, Y4, Y5)
	D4TAIL(R10, R13, Y6, Y7)

d4reduce:
	REDUCE4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8)
	MOVQ    out+0(FP), DI
	VMOVUPD Y8, (DI)
	VZEROUPPER
	RET
