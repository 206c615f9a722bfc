//go:build amd64 && !purego

#include "textflag.h"
#include "kernels_avx2_amd64.h"

// AVX2+FMA versions of the kernels in kernels_step.go and
// kernels_spectral.go (see kernels_avx2_amd64.s).

// ADVANCE4 is the Euler step of 4 lanes at AX: prev in Y0, target in Y1;
// dx in Y2, cur in Y3, and Y5 marks the lanes whose cur is not finite.
#define ADVANCE4 \
	VSUBPD  Y0, Y1, Y2; \
	VMULPD  Y14, Y2, Y2; \
	VMULPD  Y15, Y2, Y2; \
	VADDPD  Y2, Y0, Y3; \
	VSUBPD  Y3, Y3, Y4; \
	VCMPPD  $4, Y13, Y4, Y5

// func advanceAVX2(cur, dx, prev, target *float64, n int, dt, alpha float64) int
TEXT ·advanceAVX2(SB), NOSPLIT, $0-64
	MOVQ cur+0(FP), DI
	MOVQ dx+8(FP), SI
	MOVQ prev+16(FP), R8
	MOVQ target+24(FP), R9
	MOVQ n+32(FP), CX
	VBROADCASTSD dt+40(FP), Y14
	VBROADCASTSD alpha+48(FP), Y15
	VXORPD Y13, Y13, Y13
	XORQ AX, AX   // index of the chunk
	MOVQ $-1, R10 // first bad index

advloop:
	CMPQ CX, $4
	JLT  advtail
	VMOVUPD (R8)(AX*8), Y0
	VMOVUPD (R9)(AX*8), Y1
	ADVANCE4
	VMOVUPD Y2, (SI)(AX*8)
	VMOVUPD Y3, (DI)(AX*8)
	VMOVMSKPD Y5, DX
	TESTL DX, DX
	JEQ   advnext
	TESTQ R10, R10
	JGE   advnext
	BSFL  DX, DX
	LEAQ  (AX)(DX*1), R10

advnext:
	ADDQ $4, AX
	SUBQ $4, CX
	JMP  advloop

advtail:
	TESTQ CX, CX
	JEQ   advdone
	MASKPTR(CX, BX, DX)
	VMOVUPD (BX), Y12
	VMASKMOVPD (R8)(AX*8), Y12, Y0
	VMASKMOVPD (R9)(AX*8), Y12, Y1
	ADVANCE4
	VMASKMOVPD Y2, Y12, (SI)(AX*8)
	VMASKMOVPD Y3, Y12, (DI)(AX*8)
	VANDPD    Y12, Y5, Y5
	VMOVMSKPD Y5, DX
	TESTL DX, DX
	JEQ   advdone
	TESTQ R10, R10
	JGE   advdone
	BSFL  DX, DX
	LEAQ  (AX)(DX*1), R10

advdone:
	MOVQ R10, ret+56(FP)
	VZEROUPPER
	RET

// func decideAVX2(dst *float64, need *int, cosB, sinB, radX *float64, n int, c *decideConsts) int
//
// As decideLanes (decideAVX512 has the formulas), 4 lanes at a time. Every
// chunk loads through the lane mask Y9 (the last may be short); the decided
// lanes are blended into dst, so that a full chunk needs no masked store
// (slow on some AMD processors).
TEXT ·decideAVX2(SB), NOSPLIT, $0-64
	MOVQ dst+0(FP), DI
	MOVQ need+8(FP), R13
	MOVQ cosB+16(FP), R8
	MOVQ sinB+24(FP), R9
	MOVQ radX+32(FP), R10
	MOVQ n+40(FP), CX
	MOVQ c+48(FP), BX
	VBROADCASTSD 0(BX), Y10  // sa
	VBROADCASTSD 8(BX), Y11  // ca
	VBROADCASTSD 16(BX), Y12 // ga
	VBROADCASTSD 24(BX), Y13 // errV
	VBROADCASTSD 64(BX), Y14 // eps
	VBROADCASTSD 80(BX), Y15 // the mask of |·|
	XORQ AX, AX              // neuron index of the chunk
	XORQ R11, R11            // count

decloop:
	TESTQ CX, CX
	JEQ   decdone
	MOVQ  CX, DX // lanes of this chunk: min(CX, 4)
	CMPQ  DX, $4
	JLE   2(PC)
	MOVQ  $4, DX
	MASKPTR(DX, R12, R14)
	VMOVUPD (R12), Y9
	VMASKMOVPD (R8)(AX*8), Y9, Y0
	VMASKMOVPD (R9)(AX*8), Y9, Y1
	VMULPD      Y10, Y0, Y0
	VFMADD231PD Y1, Y11, Y0 // sa·cosB + ca·sinB
	VMULPD      Y12, Y0, Y0 // v
	VANDPD      Y15, Y0, Y1 // |v|
	VMOVAPD     Y13, Y2
	VFMADD231PD Y1, Y14, Y2 // margin
	TESTQ       R10, R10
	JEQ         decmargin
	VMASKMOVPD  (R10)(AX*8), Y9, Y8
	VBROADCASTSD 32(BX), Y4
	VFMADD231PD Y8, Y4, Y2

decmargin:
	VADDPD       Y2, Y0, Y3
	VSUBPD       Y2, Y0, Y4
	VBROADCASTSD 48(BX), Y5
	VCMPPD       $0x12, Y5, Y3, Y6 // v+margin ≤ vOne
	VBROADCASTSD 56(BX), Y5
	VCMPPD       $0x1d, Y5, Y4, Y7 // v−margin ≥ vClip
	VANDPD       Y9, Y6, Y6
	VANDPD       Y9, Y7, Y7
	VBROADCASTSD 72(BX), Y5 // 1
	VBROADCASTSD 40(BX), Y4 // clip
	VMASKMOVPD   (DI)(AX*8), Y9, Y8
	VBLENDVPD    Y6, Y5, Y8, Y8
	VBLENDVPD    Y7, Y4, Y8, Y8
	CMPQ DX, $4
	JLT  decshort
	VMOVUPD Y8, (DI)(AX*8)
	JMP  decbits

decshort:
	VMASKMOVPD Y8, Y9, (DI)(AX*8)

decbits:
	// The undecided lanes: valid and in neither mask; rare.
	VMOVMSKPD Y9, SI
	VORPD     Y6, Y7, Y8
	VMOVMSKPD Y8, R12
	NOTL R12
	ANDL SI, R12
	JEQ  decnext

decbit:
	BSFL R12, R14
	ADDQ AX, R14
	MOVQ R14, (R13)(R11*8)
	INCQ R11
	LEAL -1(R12), R14
	ANDL R14, R12
	JNE  decbit

decnext:
	ADDQ DX, AX
	SUBQ DX, CX
	JMP  decloop

decdone:
	MOVQ R11, ret+56(FP)
	VZEROUPPER
	RET

// func reverseAVX2(dst, src *float64, n int)
//
// dst[k] = src[n−1−k] for k < n, n a multiple of 4.
TEXT ·reverseAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	LEAQ -32(SI)(CX*8), SI

revloop:
	TESTQ CX, CX
	JEQ   revdone
	VPERMPD $0x1b, (SI), Y0
	VMOVUPD Y0, (DI)
	ADDQ $32, DI
	SUBQ $32, SI
	SUBQ $4, CX
	JMP  revloop

revdone:
	VZEROUPPER
	RET
