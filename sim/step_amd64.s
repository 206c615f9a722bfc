//go:build amd64 && !purego

#include "textflag.h"
#include "kernels_amd64.h"

// AVX-512 versions of the kernels in kernels_step.go and kernels_spectral.go
// (see kernels_amd64.s).

// func advanceAVX512(cur, dx, prev, target *float64, n int, dt, alpha float64) int
//
// As advance: dx = (target − prev)·dt·α, cur = prev + dx; returns the first
// index whose cur is not finite (c − c ≠ 0), or −1.
TEXT ·advanceAVX512(SB), NOSPLIT, $0-64
	MOVQ cur+0(FP), DI
	MOVQ dx+8(FP), SI
	MOVQ prev+16(FP), R8
	MOVQ target+24(FP), R9
	MOVQ n+32(FP), CX
	VBROADCASTSD dt+40(FP), Z30
	VBROADCASTSD alpha+48(FP), Z31
	VPXORQ Z29, Z29, Z29
	XORQ AX, AX          // index of the chunk
	MOVQ $-1, R10        // first bad index
	KXNORW K1, K1, K1

advloop:
	CMPQ CX, $8
	JGE  advchunk
	TESTQ CX, CX
	JEQ  advdone
	MOVQ  $1, DX
	SHLQ  CX, DX
	DECQ  DX
	KMOVW DX, K1

advchunk:
	VMOVUPD.Z (R8)(AX*8), K1, Z0
	VMOVUPD.Z (R9)(AX*8), K1, Z1
	VSUBPD    Z0, Z1, Z2
	VMULPD    Z30, Z2, Z2
	VMULPD    Z31, Z2, Z2
	VMOVUPD   Z2, K1, (SI)(AX*8)
	VADDPD    Z2, Z0, Z3
	VMOVUPD   Z3, K1, (DI)(AX*8)
	VSUBPD    Z3, Z3, Z4
	VCMPPD    $4, Z29, Z4, K1, K2 // c−c ≠ 0 or unordered
	KORTESTW  K2, K2
	JEQ       advnext
	TESTQ     R10, R10
	JGE       advnext
	KMOVW     K2, DX
	BSFL      DX, DX
	LEAQ      (AX)(DX*1), R10

advnext:
	ADDQ $8, AX
	SUBQ $8, CX
	JGT  advloop

advdone:
	MOVQ R10, ret+56(FP)
	VZEROUPPER
	RET

// func decideAVX512(dst *float64, need *int, cosB, sinB, radX *float64, n int, c *decideConsts) int
//
// As decideGo: per neuron v = ga·fma(ca, sinB, sa·cosB), margin =
// fma(gr, radX, fma(eps, |v|, errV)) (without radX: fma(eps, |v|, errV)),
// dst = 1 where v+margin ≤ vOne, clip where v−margin ≥ vClip; the other
// indices are written to need. Returns their number.
TEXT ·decideAVX512(SB), NOSPLIT, $0-64
	MOVQ dst+0(FP), DI
	MOVQ need+8(FP), R13
	MOVQ cosB+16(FP), R8
	MOVQ sinB+24(FP), R9
	MOVQ radX+32(FP), R10
	MOVQ n+40(FP), CX
	MOVQ c+48(FP), BX
	VBROADCASTSD 0(BX), Z20  // sa
	VBROADCASTSD 8(BX), Z21  // ca
	VBROADCASTSD 16(BX), Z22 // ga
	VBROADCASTSD 24(BX), Z23 // errV
	VBROADCASTSD 32(BX), Z24 // gr
	VBROADCASTSD 40(BX), Z25 // clip
	VBROADCASTSD 48(BX), Z26 // vOne
	VBROADCASTSD 56(BX), Z27 // vClip
	VBROADCASTSD 64(BX), Z28 // eps
	VBROADCASTSD 72(BX), Z29 // 1
	VPBROADCASTQ 80(BX), Z30 // the mask of |·|
	VMOVDQU64    88(BX), Z19 // indices 0…7
	VPBROADCASTQ 152(BX), Z18 // 8
	XORQ AX, AX               // neuron index of the chunk
	XORQ R11, R11             // count
	MOVQ $0xff, DX            // 8 lanes: popcounts of K3 must not see bits 8–15
	KMOVW DX, K7

decloop:
	CMPQ CX, $8
	JGE  decchunk
	TESTQ CX, CX
	JEQ  decdone
	MOVQ  $1, DX
	SHLQ  CX, DX
	DECQ  DX
	KMOVW DX, K7

decchunk:
	VMOVUPD.Z   (R8)(AX*8), K7, Z0
	VMOVUPD.Z   (R9)(AX*8), K7, Z1
	VMULPD      Z0, Z20, Z2
	VFMADD231PD Z1, Z21, Z2
	VMULPD      Z22, Z2, Z3 // v
	VPANDQ      Z30, Z3, Z4 // |v|
	VMOVAPD     Z23, Z5
	VFMADD231PD Z4, Z28, Z5 // margin
	TESTQ       R10, R10
	JEQ         decmargin
	VMOVUPD.Z   (R10)(AX*8), K7, Z6
	VFMADD231PD Z6, Z24, Z5

decmargin:
	VADDPD   Z5, Z3, Z7
	VSUBPD   Z5, Z3, Z8
	VCMPPD   $0x12, Z26, Z7, K7, K1 // v+margin ≤ vOne
	VCMPPD   $0x1d, Z27, Z8, K7, K2 // v−margin ≥ vClip
	VMOVUPD  Z29, K1, (DI)(AX*8)
	VMOVUPD  Z25, K2, (DI)(AX*8)
	KORW     K1, K2, K3
	KANDNW   K7, K3, K3 // undecided lanes of the chunk
	KORTESTW K3, K3
	JEQ      decnext    // the common case: a compressing store is slow
	VPCOMPRESSQ Z19, K3, (R13)(R11*8)
	KMOVW    K3, DX
	POPCNTL  DX, DX
	ADDQ     DX, R11

decnext:
	VPADDQ   Z18, Z19, Z19
	ADDQ $8, AX
	SUBQ $8, CX
	JGT  decloop

decdone:
	MOVQ R11, ret+56(FP)
	VZEROUPPER
	RET

DATA revIdx<>+0(SB)/8, $7
DATA revIdx<>+8(SB)/8, $6
DATA revIdx<>+16(SB)/8, $5
DATA revIdx<>+24(SB)/8, $4
DATA revIdx<>+32(SB)/8, $3
DATA revIdx<>+40(SB)/8, $2
DATA revIdx<>+48(SB)/8, $1
DATA revIdx<>+56(SB)/8, $0
GLOBL revIdx<>(SB), RODATA|NOPTR, $64

// func reverseAVX512(dst, src *float64, n int)
//
// dst[k] = src[n−1−k] for k < n, n a multiple of 8.
TEXT ·reverseAVX512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VMOVDQU64 revIdx<>(SB), Z31
	LEAQ -64(SI)(CX*8), SI

revloop:
	TESTQ CX, CX
	JEQ   revdone
	VPERMPD (SI), Z31, Z0
	VMOVUPD Z0, (DI)
	ADDQ $64, DI
	SUBQ $64, SI
	SUBQ $8, CX
	JMP  revloop

revdone:
	VZEROUPPER
	RET

// func pointSumsAVX512(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex) (a, b float64)
//
// a = Σ re[j]·Re tw[k_j], b = Σ im[j]·Im tw[k_j] over j < cnt, with
// k_j = (start + j·step) mod n, each in the order of dotLanes.
TEXT ·pointSumsAVX512(SB), NOSPLIT, $0-56
	MOVQ re+0(FP), SI
	MOVQ im+8(FP), DI
	MOVQ tw+16(FP), R8
	LEAQ 8(R8), R9
	MOVQ cnt+24(FP), CX
	MOVQ idx+32(FP), AX
	VMOVDQU64    0(AX), Z28
	VPBROADCASTQ 64(AX), Z29
	VPBROADCASTQ 72(AX), Z30
	XORQ AX, AX
	VPXORQ Z0, Z0, Z0
	VPXORQ Z4, Z4, Z4
	KXNORW K1, K1, K1

ptloop:
	CMPQ CX, $8
	JGE  ptchunk
	TESTQ CX, CX
	JEQ  ptreduce
	MOVQ  $1, DX
	SHLQ  CX, DX
	DECQ  DX
	KMOVW DX, K1

ptchunk:
	KXNORW K2, K2, K2
	KXNORW K3, K3, K3
	VGATHERQPD (R8)(Z28*8), K2, Z16
	VGATHERQPD (R9)(Z28*8), K3, Z17
	VMOVUPD.Z   (SI)(AX*8), K1, Z18
	VMOVUPD.Z   (DI)(AX*8), K1, Z19
	VFMADD231PD Z16, Z18, Z0
	VFMADD231PD Z17, Z19, Z4
	NEXTIDX
	ADDQ $8, AX
	SUBQ $8, CX
	JGT  ptloop

ptreduce:
	HSUM(Z0, Y0, X0, Y1, X1)
	VMOVSD X0, a+40(FP)
	HSUM(Z4, Y4, X4, Y5, X5)
	VMOVSD X4, b+48(FP)
	VZEROUPPER
	RET

// func phiUpdateAVX512(re, im *float64, tw *complex128, cnt int, idx *twiddleIndex, delta float64)
//
// re[j] += delta·Re tw[k_j], im[j] −= delta·Im tw[k_j] for j < cnt (one
// fused multiply-add each), k_j as in pointSumsAVX512.
TEXT ·phiUpdateAVX512(SB), NOSPLIT, $0-48
	MOVQ re+0(FP), SI
	MOVQ im+8(FP), DI
	MOVQ tw+16(FP), R8
	LEAQ 8(R8), R9
	MOVQ cnt+24(FP), CX
	MOVQ idx+32(FP), AX
	VMOVDQU64    0(AX), Z28
	VPBROADCASTQ 64(AX), Z29
	VPBROADCASTQ 72(AX), Z30
	VBROADCASTSD delta+40(FP), Z31
	XORQ AX, AX
	KXNORW K1, K1, K1

phloop:
	CMPQ CX, $8
	JGE  phchunk
	TESTQ CX, CX
	JEQ  phdone
	MOVQ  $1, DX
	SHLQ  CX, DX
	DECQ  DX
	KMOVW DX, K1

phchunk:
	KXNORW K2, K2, K2
	KXNORW K3, K3, K3
	VGATHERQPD (R8)(Z28*8), K2, Z16
	VGATHERQPD (R9)(Z28*8), K3, Z17
	VMOVUPD.Z    (SI)(AX*8), K1, Z18
	VMOVUPD.Z    (DI)(AX*8), K1, Z19
	VFMADD231PD  Z16, Z31, Z18
	VFNMADD231PD Z17, Z31, Z19
	VMOVUPD      Z18, K1, (SI)(AX*8)
	VMOVUPD      Z19, K1, (DI)(AX*8)
	NEXTIDX
	ADDQ $8, AX
	SUBQ $8, CX
	JGT  phloop

phdone:
	VZEROUPPER
	RET

// func sumSquaresAVX512(v *float64, n int) float64
//
// As sumSquares: chunk c of 8 into accumulator c mod 4, then
// (acc0+acc1)+(acc2+acc3), then the lanes as in dotLanes.
TEXT ·sumSquaresAVX512(SB), NOSPLIT, $0-24
	MOVQ v+0(FP), SI
	MOVQ n+8(FP), CX
	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3

sqloop:
	CMPQ CX, $32
	JLT  sqtail
	VMOVUPD (SI), Z16
	VMOVUPD 64(SI), Z17
	VMOVUPD 128(SI), Z18
	VMOVUPD 192(SI), Z19
	VFMADD231PD Z16, Z16, Z0
	VFMADD231PD Z17, Z17, Z1
	VFMADD231PD Z18, Z18, Z2
	VFMADD231PD Z19, Z19, Z3
	ADDQ $256, SI
	SUBQ $32, CX
	JMP  sqloop

sqtail:
	// The last 0–31 numbers: chunks into Z0, Z1, Z2, Z3 in turn, masked.
	MOVQ  $1, DX
	SHLQ  CX, DX
	DECQ  DX
	KMOVW DX, K1
	SHRQ  $8, DX
	KMOVW DX, K2
	SHRQ  $8, DX
	KMOVW DX, K3
	SHRQ  $8, DX
	KMOVW DX, K4
	VMOVUPD.Z (SI), K1, Z16
	VMOVUPD.Z 64(SI), K2, Z17
	VMOVUPD.Z 128(SI), K3, Z18
	VMOVUPD.Z 192(SI), K4, Z19
	VFMADD231PD Z16, Z16, Z0
	VFMADD231PD Z17, Z17, Z1
	VFMADD231PD Z18, Z18, Z2
	VFMADD231PD Z19, Z19, Z3
	VADDPD Z1, Z0, Z0
	VADDPD Z3, Z2, Z2
	VADDPD Z2, Z0, Z0
	HSUM(Z0, Y0, X0, Y1, X1)
	VMOVSD X0, ret+16(FP)
	VZEROUPPER
	RET
