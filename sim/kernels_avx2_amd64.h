// Macros shared by the AVX2 kernels' assembly files.

// MASKPTR sets P to the masks of the first C lanes (0 < C ≤ 32): lane j
// of the 4-lane mask at P + 32·g is on if 4g+j < C. T: scratch.
#define MASKPTR(C, P, T) \
	LEAQ ·avx2Mask+256(SB), P; \
	MOVQ C, T; \
	SHLQ $3, T; \
	SUBQ T, P

// HSUM2 adds the 8 lanes of (LO, HI) into the low lane of X (LO's low
// half; U: scratch) in the order of dotLanes: t = lo+hi, (t0+t2, t1+t3),
// then u0+u1.
#define HSUM2(LO, HI, X, U) \
	VADDPD       HI, LO, LO; \
	VEXTRACTF128 $1, LO, U; \
	VADDPD       U, X, X; \
	VPERMILPD    $1, X, U; \
	VADDSD       U, X, X

// REDUCE4 adds the lanes of four 8-lane sums (A0, A1), (B0, B1), (C0, C1),
// (D0, D1), each as HSUM2 does, into D = (a, b, c, d). It overwrites the
// inputs.
#define REDUCE4(A0, A1, B0, B1, C0, C1, D0, D1, D) \
	VADDPD     A1, A0, A0; \
	VADDPD     B1, B0, B0; \
	VADDPD     C1, C0, C0; \
	VADDPD     D1, D0, D0; \
	VPERM2F128 $0x20, B0, A0, A1; \
	VPERM2F128 $0x31, B0, A0, B1; \
	VADDPD     B1, A1, A1; \
	VPERM2F128 $0x20, D0, C0, C1; \
	VPERM2F128 $0x31, D0, C0, D1; \
	VADDPD     D1, C1, C1; \
	VHADDPD    C1, A1, D; \
	VPERMPD    $0xd8, D, D

// D4TAIL adds the masked last chunk of A·B (masks in Y14, Y15) to (LO, HI).
#define D4TAIL(A, B, LO, HI) \
	VMASKMOVPD (A)(AX*1), Y14, Y8; \
	VMASKMOVPD (B)(AX*1), Y14, Y9; \
	VFMADD231PD Y9, Y8, LO; \
	VMASKMOVPD 32(A)(AX*1), Y15, Y10; \
	VMASKMOVPD 32(B)(AX*1), Y15, Y11; \
	VFMADD231PD Y11, Y10, HI

// SQMASKED adds the squares of the 4 numbers at OFF(SI), masked by the
// masks at OFF(BX), to ACC.
#define SQMASKED(OFF, ACC) \
	VMOVUPD     OFF(BX), Y14; \
	VMASKMOVPD  OFF(SI), Y14, Y8; \
	VFMADD231PD Y8, Y8, ACC
