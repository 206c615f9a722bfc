// Macros shared by the kernels' assembly files.

// The 16 products of 4 rows of a (Z16–Z19) by 4 rows of b (Z20–Z23),
// accumulated in Z0–Z15: Z(4r+s) += a_r·b_s.
#define DOT16 \
	VFMADD231PD Z20, Z16, Z0; VFMADD231PD Z21, Z16, Z1; VFMADD231PD Z22, Z16, Z2; VFMADD231PD Z23, Z16, Z3; \
	VFMADD231PD Z20, Z17, Z4; VFMADD231PD Z21, Z17, Z5; VFMADD231PD Z22, Z17, Z6; VFMADD231PD Z23, Z17, Z7; \
	VFMADD231PD Z20, Z18, Z8; VFMADD231PD Z21, Z18, Z9; VFMADD231PD Z22, Z18, Z10; VFMADD231PD Z23, Z18, Z11; \
	VFMADD231PD Z20, Z19, Z12; VFMADD231PD Z21, Z19, Z13; VFMADD231PD Z22, Z19, Z14; VFMADD231PD Z23, Z19, Z15

// HSUM adds the 8 lanes of Z into the low lane of X (Y, X: its halves; T, U:
// scratch), in the order of dotLanes.
#define HSUM(Z, Y, X, T, U) \
	VEXTRACTF64X4 $1, Z, T; \
	VADDPD        T, Y, Y; \
	VEXTRACTF128  $1, Y, U; \
	VADDPD        U, X, X; \
	VPERMILPD     $1, X, U; \
	VADDSD        U, X, X

// The twiddle indices of 8 lanes, doubled (tw is complex128: the real part
// of tw[k] is float64 number 2k): Z28 holds 2k for the lanes, Z29 the
// increment of a block of 8, Z30 2n. NEXTIDX advances them modulo 2n.
#define NEXTIDX \
	VPADDQ  Z29, Z28, Z28; \
	VPCMPQ  $5, Z30, Z28, K6; \
	VPSUBQ  Z30, Z28, K6, Z28
