//go:build amd64 && !purego

#include "textflag.h"
#include "kernels_avx2_amd64.h"

// AVX2+FMA versions of pointSums, phiUpdate and sumSquares (see
// kernels_avx2_amd64.s). The twiddle indices of the 8 lanes are in Y8
// (lanes 0–3) and Y9 (lanes 4–7), doubled as in twiddleIndex; Y10 holds the
// increment of a block of 8, Y11 2n and Y12 2n−1.

// IDXSETUP loads the twiddle indices from idx (in AX).
#define IDXSETUP \
	VMOVDQU      0(AX), Y8; \
	VMOVDQU      32(AX), Y9; \
	VPBROADCASTQ 64(AX), Y10; \
	VPBROADCASTQ 72(AX), Y11; \
	VPCMPEQQ     Y12, Y12, Y12; \
	VPADDQ       Y11, Y12, Y12

// NEXTIDX4 advances the indices of IDX modulo 2n (T: scratch).
#define NEXTIDX4(IDX, T) \
	VPADDQ   Y10, IDX, IDX; \
	VPCMPGTQ Y12, IDX, T; \
	VPAND    Y11, T, T; \
	VPSUBQ   T, IDX, IDX

// GATHER8 loads Re tw[k] of the 8 lanes into (RLO, RHI) and Im tw[k] into
// (ILO, IHI); M is scratch (the gathers consume their mask).
#define GATHER8(M, RLO, RHI, ILO, IHI) \
	VPCMPEQQ   M, M, M; \
	VGATHERQPD M, (R8)(Y8*8), RLO; \
	VPCMPEQQ   M, M, M; \
	VGATHERQPD M, (R8)(Y9*8), RHI; \
	VPCMPEQQ   M, M, M; \
	VGATHERQPD M, (R9)(Y8*8), ILO; \
	VPCMPEQQ   M, M, M; \
	VGATHERQPD M, (R9)(Y9*8), IHI

// func pointSumsAVX2(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex) (a, b float64)
TEXT ·pointSumsAVX2(SB), NOSPLIT, $0-56
	MOVQ re+0(FP), SI
	MOVQ im+8(FP), DI
	MOVQ tw+16(FP), R8
	LEAQ 8(R8), R9
	MOVQ cnt+24(FP), CX
	MOVQ idx+32(FP), AX
	IDXSETUP
	XORQ AX, AX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

ptloop:
	CMPQ CX, $8
	JLT  pttail
	GATHER8(Y13, Y4, Y5, Y6, Y7)
	VFMADD231PD (SI)(AX*8), Y4, Y0
	VFMADD231PD 32(SI)(AX*8), Y5, Y1
	VFMADD231PD (DI)(AX*8), Y6, Y2
	VFMADD231PD 32(DI)(AX*8), Y7, Y3
	NEXTIDX4(Y8, Y13)
	NEXTIDX4(Y9, Y13)
	ADDQ $8, AX
	SUBQ $8, CX
	JMP  ptloop

pttail:
	TESTQ CX, CX
	JEQ   ptreduce
	GATHER8(Y13, Y4, Y5, Y6, Y7)
	MASKPTR(CX, BX, DX)
	VMOVUPD (BX), Y14
	VMOVUPD 32(BX), Y15
	VMASKMOVPD (SI)(AX*8), Y14, Y13
	VFMADD231PD Y13, Y4, Y0
	VMASKMOVPD 32(SI)(AX*8), Y15, Y13
	VFMADD231PD Y13, Y5, Y1
	VMASKMOVPD (DI)(AX*8), Y14, Y13
	VFMADD231PD Y13, Y6, Y2
	VMASKMOVPD 32(DI)(AX*8), Y15, Y13
	VFMADD231PD Y13, Y7, Y3

ptreduce:
	HSUM2(Y0, Y1, X0, X13)
	VMOVSD X0, a+40(FP)
	HSUM2(Y2, Y3, X2, X13)
	VMOVSD X2, b+48(FP)
	VZEROUPPER
	RET

// func phiUpdateAVX2(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex, delta float64)
TEXT ·phiUpdateAVX2(SB), NOSPLIT, $0-48
	MOVQ re+0(FP), SI
	MOVQ im+8(FP), DI
	MOVQ tw+16(FP), R8
	LEAQ 8(R8), R9
	MOVQ cnt+24(FP), CX
	MOVQ idx+32(FP), AX
	IDXSETUP
	VBROADCASTSD delta+40(FP), Y13
	XORQ AX, AX

phloop:
	CMPQ CX, $8
	JLT  phtail
	GATHER8(Y0, Y4, Y5, Y6, Y7)
	VMOVUPD (SI)(AX*8), Y0
	VMOVUPD 32(SI)(AX*8), Y1
	VMOVUPD (DI)(AX*8), Y2
	VMOVUPD 32(DI)(AX*8), Y3
	VFMADD231PD  Y4, Y13, Y0
	VFMADD231PD  Y5, Y13, Y1
	VFNMADD231PD Y6, Y13, Y2
	VFNMADD231PD Y7, Y13, Y3
	VMOVUPD Y0, (SI)(AX*8)
	VMOVUPD Y1, 32(SI)(AX*8)
	VMOVUPD Y2, (DI)(AX*8)
	VMOVUPD Y3, 32(DI)(AX*8)
	NEXTIDX4(Y8, Y0)
	NEXTIDX4(Y9, Y0)
	ADDQ $8, AX
	SUBQ $8, CX
	JMP  phloop

phtail:
	TESTQ CX, CX
	JEQ   phdone
	GATHER8(Y0, Y4, Y5, Y6, Y7)
	MASKPTR(CX, BX, DX)
	VMOVUPD (BX), Y14
	VMOVUPD 32(BX), Y15
	VMASKMOVPD (SI)(AX*8), Y14, Y0
	VMASKMOVPD 32(SI)(AX*8), Y15, Y1
	VMASKMOVPD (DI)(AX*8), Y14, Y2
	VMASKMOVPD 32(DI)(AX*8), Y15, Y3
	VFMADD231PD  Y4, Y13, Y0
	VFMADD231PD  Y5, Y13, Y1
	VFNMADD231PD Y6, Y13, Y2
	VFNMADD231PD Y7, Y13, Y3
	VMASKMOVPD Y0, Y14, (SI)(AX*8)
	VMASKMOVPD Y1, Y15, 32(SI)(AX*8)
	VMASKMOVPD Y2, Y14, (DI)(AX*8)
	VMASKMOVPD Y3, Y15, 32(DI)(AX*8)

phdone:
	VZEROUPPER
	RET

// func sumSquaresAVX2(v *float64, n int) float64
//
// As sumSquares: chunk c of 8 into accumulator c mod 4, (Y(2g), Y(2g+1))
// for accumulator g, the last 0–31 numbers masked.
TEXT ·sumSquaresAVX2(SB), NOSPLIT, $0-24
	MOVQ v+0(FP), SI
	MOVQ n+8(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

sqloop:
	CMPQ CX, $32
	JLT  sqtail
	VMOVUPD (SI), Y8
	VMOVUPD 32(SI), Y9
	VMOVUPD 64(SI), Y10
	VMOVUPD 96(SI), Y11
	VFMADD231PD Y8, Y8, Y0
	VFMADD231PD Y9, Y9, Y1
	VFMADD231PD Y10, Y10, Y2
	VFMADD231PD Y11, Y11, Y3
	VMOVUPD 128(SI), Y8
	VMOVUPD 160(SI), Y9
	VMOVUPD 192(SI), Y10
	VMOVUPD 224(SI), Y11
	VFMADD231PD Y8, Y8, Y4
	VFMADD231PD Y9, Y9, Y5
	VFMADD231PD Y10, Y10, Y6
	VFMADD231PD Y11, Y11, Y7
	ADDQ $256, SI
	SUBQ $32, CX
	JMP  sqloop

sqtail:
	// The last 0–31 numbers, padded with zeros to 32 as the Go version.
	MASKPTR(CX, BX, DX)
	SQMASKED(0, Y0)
	SQMASKED(32, Y1)
	SQMASKED(64, Y2)
	SQMASKED(96, Y3)
	SQMASKED(128, Y4)
	SQMASKED(160, Y5)
	SQMASKED(192, Y6)
	SQMASKED(224, Y7)
	VADDPD Y2, Y0, Y0 // (acc0+acc1), lanes 0–3
	VADDPD Y6, Y4, Y4 // (acc2+acc3)
	VADDPD Y4, Y0, Y0
	VADDPD Y3, Y1, Y1 // the same, lanes 4–7
	VADDPD Y7, Y5, Y5
	VADDPD Y5, Y1, Y1
	HSUM2(Y0, Y1, X0, X13)
	VMOVSD X0, ret+16(FP)
	VZEROUPPER
	RET
