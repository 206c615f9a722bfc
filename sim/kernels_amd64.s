//go:build amd64 && !purego

#include "textflag.h"
#include "kernels_amd64.h"

// AVX-512 versions of the kernels in kernels.go. Each follows the order of
// operations documented there, so that it returns the same bits as the Go
// version. Tails shorter than a vector use zeroing masked loads (which do not
// fault on the masked-out lanes) and masked stores.

// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET

// PAIR adds the lanes l_j and l_{j+4} of A and of B: D = (tA0..tA3, tB0..tB3).
#define PAIR(A, B, D) \
	VSHUFF64X2 $0x44, B, A, Z24; \
	VSHUFF64X2 $0xEE, B, A, Z25; \
	VADDPD Z25, Z24, D

// QUAD turns (tA, tB) and (tC, tD) into (uA0, uA1, uB0, uB1, uC0, uC1, uD0, uD1)
// with u0 = t0+t2 and u1 = t1+t3.
#define QUAD(AB, CD, D) \
	VSHUFF64X2 $0x88, CD, AB, Z24; \
	VSHUFF64X2 $0xDD, CD, AB, Z25; \
	VADDPD Z25, Z24, D

// OCT adds u0+u1 of the 8 sums in P and Q: D = (rP0, rQ0, rP1, rQ1, …).
#define OCT(P, Q, D) \
	VUNPCKLPD Q, P, Z24; \
	VUNPCKHPD Q, P, Z25; \
	VADDPD Z25, Z24, D

// func dot4x4AVX512(raw *[16]float64, a *float64, lda int, b *float64, ldb int, n int)
TEXT ·dot4x4AVX512(SB), NOSPLIT, $0-48
	MOVQ a+8(FP), SI
	MOVQ lda+16(FP), DX
	SHLQ $3, DX
	LEAQ (SI)(DX*1), R8
	LEAQ (R8)(DX*1), R9
	LEAQ (R9)(DX*1), R10
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), DX
	SHLQ $3, DX
	LEAQ (DI)(DX*1), R11
	LEAQ (R11)(DX*1), R12
	LEAQ (R12)(DX*1), R13
	MOVQ n+40(FP), CX
	XORQ AX, AX

	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15

dotloop:
	CMPQ CX, $8
	JLT  dottail
	VMOVUPD (SI)(AX*1), Z16
	VMOVUPD (R8)(AX*1), Z17
	VMOVUPD (R9)(AX*1), Z18
	VMOVUPD (R10)(AX*1), Z19
	VMOVUPD (DI)(AX*1), Z20
	VMOVUPD (R11)(AX*1), Z21
	VMOVUPD (R12)(AX*1), Z22
	VMOVUPD (R13)(AX*1), Z23
	DOT16
	ADDQ $64, AX
	SUBQ $8, CX
	JMP  dotloop

dottail:
	TESTQ CX, CX
	JEQ   dotreduce
	MOVQ  $1, DX
	SHLQ  CX, DX
	DECQ  DX
	KMOVW DX, K1
	VMOVUPD.Z (SI)(AX*1), K1, Z16
	VMOVUPD.Z (R8)(AX*1), K1, Z17
	VMOVUPD.Z (R9)(AX*1), K1, Z18
	VMOVUPD.Z (R10)(AX*1), K1, Z19
	VMOVUPD.Z (DI)(AX*1), K1, Z20
	VMOVUPD.Z (R11)(AX*1), K1, Z21
	VMOVUPD.Z (R12)(AX*1), K1, Z22
	VMOVUPD.Z (R13)(AX*1), K1, Z23
	DOT16

dotreduce:
	PAIR(Z0, Z1, Z16)
	PAIR(Z2, Z3, Z17)
	PAIR(Z4, Z5, Z18)
	PAIR(Z6, Z7, Z19)
	PAIR(Z8, Z9, Z20)
	PAIR(Z10, Z11, Z21)
	PAIR(Z12, Z13, Z22)
	PAIR(Z14, Z15, Z23)
	QUAD(Z16, Z17, Z0)
	QUAD(Z18, Z19, Z1)
	QUAD(Z20, Z21, Z2)
	QUAD(Z22, Z23, Z3)
	OCT(Z0, Z1, Z4)
	OCT(Z2, Z3, Z5)
	MOVQ    raw+0(FP), DI
	VMOVUPD Z4, (DI)
	VMOVUPD Z5, 64(DI)
	VZEROUPPER
	RET

// func dot1AVX512(a, b *float64, n int) float64
//
// One dot product in the order of dotLanes: one accumulator, lanes added
// (l_j + l_{j+4}), then (t0+t2, t1+t3), then u0+u1.
TEXT ·dot1AVX512(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	XORQ AX, AX
	VPXORQ Z0, Z0, Z0

dot1loop:
	CMPQ CX, $8
	JLT  dot1tail
	VMOVUPD (SI)(AX*1), Z16
	VFMADD231PD (DI)(AX*1), Z16, Z0
	ADDQ $64, AX
	SUBQ $8, CX
	JMP  dot1loop

dot1tail:
	TESTQ CX, CX
	JEQ   dot1reduce
	MOVQ  $1, DX
	SHLQ  CX, DX
	DECQ  DX
	KMOVW DX, K1
	VMOVUPD.Z (SI)(AX*1), K1, Z16
	VMOVUPD.Z (DI)(AX*1), K1, Z17
	VFMADD231PD Z17, Z16, Z0

dot1reduce:
	HSUM(Z0, Y0, X0, Y1, X1)
	VMOVSD X0, ret+24(FP)
	VZEROUPPER
	RET

// func dot4AVX512(out *[4]float64, a, b *[4]*float64, n int)
//
// Four dot products a[r]·b[r], each in the order of dotLanes; four chains
// of multiply-adds at once instead of dot1's one.
TEXT ·dot4AVX512(SB), NOSPLIT, $0-32
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
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3

dot4loop:
	CMPQ CX, $8
	JLT  dot4tail
	VMOVUPD (SI)(AX*1), Z16
	VMOVUPD (R8)(AX*1), Z17
	VMOVUPD (R9)(AX*1), Z18
	VMOVUPD (R10)(AX*1), Z19
	VFMADD231PD (DI)(AX*1), Z16, Z0
	VFMADD231PD (R11)(AX*1), Z17, Z1
	VFMADD231PD (R12)(AX*1), Z18, Z2
	VFMADD231PD (R13)(AX*1), Z19, Z3
	ADDQ $64, AX
	SUBQ $8, CX
	JMP  dot4loop

dot4tail:
	TESTQ CX, CX
	JEQ   dot4reduce
	MOVQ  $1, DX
	SHLQ  CX, DX
	DECQ  DX
	KMOVW DX, K1
	VMOVUPD.Z (SI)(AX*1), K1, Z16
	VMOVUPD.Z (R8)(AX*1), K1, Z17
	VMOVUPD.Z (R9)(AX*1), K1, Z18
	VMOVUPD.Z (R10)(AX*1), K1, Z19
	VMOVUPD.Z (DI)(AX*1), K1, Z20
	VMOVUPD.Z (R11)(AX*1), K1, Z21
	VMOVUPD.Z (R12)(AX*1), K1, Z22
	VMOVUPD.Z (R13)(AX*1), K1, Z23
	VFMADD231PD Z20, Z16, Z0
	VFMADD231PD Z21, Z17, Z1
	VFMADD231PD Z22, Z18, Z2
	VFMADD231PD Z23, Z19, Z3

dot4reduce:
	MOVQ out+0(FP), DI
	VMOVAPD Z1, Z4
	VMOVAPD Z2, Z8
	VMOVAPD Z3, Z12
	HSUM(Z0, Y0, X0, Y1, X1)
	VMOVSD X0, (DI)
	HSUM(Z4, Y4, X4, Y5, X5)
	VMOVSD X4, 8(DI)
	HSUM(Z8, Y8, X8, Y9, X9)
	VMOVSD X8, 16(DI)
	HSUM(Z12, Y12, X12, Y13, X13)
	VMOVSD X12, 24(DI)
	VZEROUPPER
	RET
