//go:build amd64 && !purego

#include "textflag.h"
#include "kernels_avx2_amd64.h"

// AVX2+FMA versions of the update kernels in kernels.go (see
// kernels_avx2_amd64.s).

// GERROW loads 8 columns of row R of w into (LO, HI), times scale (Y12).
#define GERROW(R, LO, HI) \
	VMOVUPD (R)(AX*1), LO; \
	VMOVUPD 32(R)(AX*1), HI; \
	VMULPD  Y12, LO, LO; \
	VMULPD  Y12, HI, HI

#define GERROWM(R, LO, HI) \
	VMASKMOVPD (R)(AX*1), Y14, LO; \
	VMASKMOVPD 32(R)(AX*1), Y15, HI; \
	VMULPD  Y12, LO, LO; \
	VMULPD  Y12, HI, HI

// GERFMA adds u_r·d (u_r at OFF(BX), d in Y8, Y9) to row r's (LO, HI).
#define GERFMA(OFF, LO, HI) \
	VBROADCASTSD OFF(BX), Y10; \
	VFMADD231PD  Y8, Y10, LO; \
	VFMADD231PD  Y9, Y10, HI

// GERSQ adds the squares of row r's (LO, HI) to sq at OFF(BX).
#define GERSQ(OFF, LO, HI) \
	VMULPD  LO, LO, Y8; \
	VADDPD  OFF(BX), Y8, Y8; \
	VMOVUPD Y8, OFF(BX); \
	VMULPD  HI, HI, Y9; \
	VADDPD  OFF+32(BX), Y9, Y9; \
	VMOVUPD Y9, OFF+32(BX)

// GERSETUP points SI, R8–R10 at rows 4t…4t+3 of w (t in R14), prefetches
// the next tile's, loads the tile's coefficients' address into BX and the
// slab of d into DI, and k into CX.
#define GERSETUP \
	MOVQ  R14, SI; \
	IMULQ DX, SI; \
	SHLQ  $2, SI; \
	ADDQ  w+8(FP), SI; \
	LEAQ  (SI)(DX*1), R8; \
	LEAQ  (R8)(DX*1), R9; \
	LEAQ  (R9)(DX*1), R10; \
	LEAQ  (R10)(DX*1), BX; \
	PREFETCHT0 (BX)(AX*1); \
	ADDQ  DX, BX; \
	PREFETCHT0 (BX)(AX*1); \
	ADDQ  DX, BX; \
	PREFETCHT0 (BX)(AX*1); \
	ADDQ  DX, BX; \
	PREFETCHT0 (BX)(AX*1); \
	VBROADCASTSD scale+72(FP), Y12; \
	MOVQ  k+56(FP), CX; \
	MOVQ  R14, BX; \
	IMULQ CX, BX; \
	SHLQ  $5, BX; \
	ADDQ  u+32(FP), BX; \
	MOVQ  d+40(FP), DI; \
	ADDQ  AX, DI

// GERSQSETUP points BX at the tile's 32 partial sums of squares.
#define GERSQSETUP \
	MOVQ R14, BX; \
	SHLQ $8, BX; \
	ADDQ sq+0(FP), BX

// func gerAVX2(sq *float64, w *float64, ldw, tiles int, u *float64, d *float64, ldd, k, n int, scale float64)
//
// Slabs of 8 columns, and for each slab every tile of 4 rows in turn, so
// that the k×8 block of d stays in L1 while the tiles pass. The 4×8 block of
// w stays in Y0–Y7 (row r in Y(2r), Y(2r+1)); its squares are added to sq.
TEXT ·gerAVX2(SB), NOSPLIT, $0-80
	MOVQ ldw+16(FP), DX
	SHLQ $3, DX
	MOVQ ldd+48(FP), R11
	SHLQ $3, R11
	MOVQ n+64(FP), R12
	XORQ AX, AX

gercols:
	CMPQ R12, $8
	JLT  germasked
	XORQ R14, R14

gertile:
	GERSETUP
	GERROW(SI, Y0, Y1)
	GERROW(R8, Y2, Y3)
	GERROW(R9, Y4, Y5)
	GERROW(R10, Y6, Y7)
	TESTQ CX, CX
	JEQ   gerstore

gerq:
	VMOVUPD (DI), Y8
	VMOVUPD 32(DI), Y9
	GERFMA(0, Y0, Y1)
	GERFMA(8, Y2, Y3)
	GERFMA(16, Y4, Y5)
	GERFMA(24, Y6, Y7)
	ADDQ $32, BX
	ADDQ R11, DI
	DECQ CX
	JNE  gerq

gerstore:
	VMOVUPD Y0, (SI)(AX*1)
	VMOVUPD Y1, 32(SI)(AX*1)
	VMOVUPD Y2, (R8)(AX*1)
	VMOVUPD Y3, 32(R8)(AX*1)
	VMOVUPD Y4, (R9)(AX*1)
	VMOVUPD Y5, 32(R9)(AX*1)
	VMOVUPD Y6, (R10)(AX*1)
	VMOVUPD Y7, 32(R10)(AX*1)
	GERSQSETUP
	GERSQ(0, Y0, Y1)
	GERSQ(64, Y2, Y3)
	GERSQ(128, Y4, Y5)
	GERSQ(192, Y6, Y7)
	INCQ R14
	CMPQ R14, tiles+24(FP)
	JLT  gertile
	ADDQ $64, AX
	SUBQ $8, R12
	JGT  gercols
	VZEROUPPER
	RET

germasked:
	// The last 1–7 columns: masked loads and stores, masks in Y14, Y15.
	MASKPTR(R12, BX, CX)
	VMOVUPD (BX), Y14
	VMOVUPD 32(BX), Y15
	XORQ R14, R14

germtile:
	GERSETUP
	GERROWM(SI, Y0, Y1)
	GERROWM(R8, Y2, Y3)
	GERROWM(R9, Y4, Y5)
	GERROWM(R10, Y6, Y7)
	TESTQ CX, CX
	JEQ   germstore

germq:
	VMASKMOVPD (DI), Y14, Y8
	VMASKMOVPD 32(DI), Y15, Y9
	GERFMA(0, Y0, Y1)
	GERFMA(8, Y2, Y3)
	GERFMA(16, Y4, Y5)
	GERFMA(24, Y6, Y7)
	ADDQ $32, BX
	ADDQ R11, DI
	DECQ CX
	JNE  germq

germstore:
	VMASKMOVPD Y0, Y14, (SI)(AX*1)
	VMASKMOVPD Y1, Y15, 32(SI)(AX*1)
	VMASKMOVPD Y2, Y14, (R8)(AX*1)
	VMASKMOVPD Y3, Y15, 32(R8)(AX*1)
	VMASKMOVPD Y4, Y14, (R9)(AX*1)
	VMASKMOVPD Y5, Y15, 32(R9)(AX*1)
	VMASKMOVPD Y6, Y14, (R10)(AX*1)
	VMASKMOVPD Y7, Y15, 32(R10)(AX*1)
	GERSQSETUP
	GERSQ(0, Y0, Y1)
	GERSQ(64, Y2, Y3)
	GERSQ(128, Y4, Y5)
	GERSQ(192, Y6, Y7)
	INCQ R14
	CMPQ R14, tiles+24(FP)
	JLT  germtile
	VZEROUPPER
	RET

// COMBQ adds coef·rows (coef in Y8, rows at OFF(DI)) to ACC.
#define COMBQ(OFF, ACC) VFMADD231PD OFF(DI), Y8, ACC

// func combineAVX2(dst, p *float64, a float64, coef, rows *float64, ld, m, n int)
//
// Columns 32 at a time in Y0–Y7 (eight independent chains of multiply-adds),
// then the last 1–31 four at a time with masks.
TEXT ·combineAVX2(SB), NOSPLIT, $0-64
	MOVQ dst+0(FP), SI
	MOVQ p+8(FP), R8
	VBROADCASTSD a+16(FP), Y15
	MOVQ ld+40(FP), R11
	SHLQ $3, R11
	MOVQ n+56(FP), R12
	XORQ AX, AX

combcols:
	CMPQ R12, $32
	JLT  combrest
	VMULPD (R8)(AX*1), Y15, Y0
	VMULPD 32(R8)(AX*1), Y15, Y1
	VMULPD 64(R8)(AX*1), Y15, Y2
	VMULPD 96(R8)(AX*1), Y15, Y3
	VMULPD 128(R8)(AX*1), Y15, Y4
	VMULPD 160(R8)(AX*1), Y15, Y5
	VMULPD 192(R8)(AX*1), Y15, Y6
	VMULPD 224(R8)(AX*1), Y15, Y7
	MOVQ coef+24(FP), BX
	MOVQ rows+32(FP), DI
	ADDQ AX, DI
	MOVQ m+48(FP), CX
	TESTQ CX, CX
	JEQ  combstore

combq:
	VBROADCASTSD (BX), Y8
	COMBQ(0, Y0)
	COMBQ(32, Y1)
	COMBQ(64, Y2)
	COMBQ(96, Y3)
	COMBQ(128, Y4)
	COMBQ(160, Y5)
	COMBQ(192, Y6)
	COMBQ(224, Y7)
	ADDQ $8, BX
	ADDQ R11, DI
	DECQ CX
	JNE  combq

combstore:
	VMOVUPD Y0, (SI)(AX*1)
	VMOVUPD Y1, 32(SI)(AX*1)
	VMOVUPD Y2, 64(SI)(AX*1)
	VMOVUPD Y3, 96(SI)(AX*1)
	VMOVUPD Y4, 128(SI)(AX*1)
	VMOVUPD Y5, 160(SI)(AX*1)
	VMOVUPD Y6, 192(SI)(AX*1)
	VMOVUPD Y7, 224(SI)(AX*1)
	ADDQ $256, AX
	SUBQ $32, R12
	JMP  combcols

combrest:
	TESTQ R12, R12
	JLE   combdone
	MASKPTR(R12, BX, CX)
	VMOVUPD (BX), Y14
	VMASKMOVPD (R8)(AX*1), Y14, Y0
	VMULPD Y15, Y0, Y0
	MOVQ coef+24(FP), BX
	MOVQ rows+32(FP), DI
	ADDQ AX, DI
	MOVQ m+48(FP), CX
	TESTQ CX, CX
	JEQ  combreststore

combrestq:
	VBROADCASTSD (BX), Y8
	VMASKMOVPD (DI), Y14, Y1
	VFMADD231PD Y1, Y8, Y0
	ADDQ $8, BX
	ADDQ R11, DI
	DECQ CX
	JNE  combrestq

combreststore:
	VMASKMOVPD Y0, Y14, (SI)(AX*1)
	ADDQ $32, AX
	SUBQ $4, R12
	JMP  combrest

combdone:
	VZEROUPPER
	RET
