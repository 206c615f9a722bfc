package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ulps returns how many float64s lie between a and b (0 if both are NaN).
func ulps(a, b float64) uint64 {
	if math.IsNaN(a) && math.IsNaN(b) {
		return 0
	}
	ia, ib := int64(math.Float64bits(a)), int64(math.Float64bits(b))
	if ia < 0 {
		ia = math.MinInt64 - ia
	}
	if ib < 0 {
		ib = math.MinInt64 - ib
	}
	if ia > ib {
		return uint64(ia - ib)
	}
	return uint64(ib - ia)
}

// libmArgs returns arguments for the elementary functions: the specials,
// then random ones over many magnitudes, of both signs.
func libmArgs(n int) []float64 {
	args := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1),
		1e-300, 1e-20, 0x1p-28, 0.5, 1, math.Pi / 4, math.Pi / 2, math.Pi, 250, -250, 709, 710, -745, -746,
		1 << 29, 1<<29 + 0.5, 1e10, 1e300, math.MaxFloat64}
	rng := rand.New(rand.NewPCG(31, 32))
	for range n {
		x := math.Ldexp(rng.Float64(), rng.IntN(80)-40)
		if rng.IntN(2) == 0 {
			x = -x
		}
		args = append(args, x)
	}
	return args
}

// TestLibmAgainstMath compares the package's exp, log, sin and cos with the
// standard library's. Their algorithms are the same as its pure Go ones, so
// sin and cos agree exactly where the standard library's products are not
// fused (amd64 below GOAMD64=v3); exp and log are assembly on amd64 and
// arm64, a different evaluation: each is within one unit in the last place
// of e^x, so they may differ by two (seen: exp(−20.45240304118382) is one
// below, math.Exp one above; phi needs exp on [−250, 250] only).
func TestLibmAgainstMath(t *testing.T) {
	trigULP := uint64(1)
	if stdlibUnfused {
		trigULP = 0
	}
	for _, x := range libmArgs(200000) {
		s, c := sincos(x)
		ws, wc := math.Sincos(x)
		if ulps(s, ws) > trigULP || ulps(c, wc) > trigULP || ulps(sin(x), math.Sin(x)) > trigULP {
			t.Errorf("sincos(%v) = %v, %v; math: %v, %v", x, s, c, ws, wc)
		}
		// amd64's math.Exp overflows early, from 709.59 on (exp ≤ 709.78 is finite).
		if e, we := exp(x), math.Exp(x); ulps(e, we) > 2 && math.Abs(x) < 709 {
			t.Errorf("exp(%v) = %v, math.Exp %v", x, e, we)
		}
		if l, wl := log(x), math.Log(x); ulps(l, wl) > 2 {
			t.Errorf("log(%v) = %v, math.Log %v", x, l, wl)
		}
	}
}

// TestNormalAgainstRand checks normal against math/rand/v2's NormFloat64 from
// the same source: the same numbers, up to the last bit of the rare ones
// that went through log or exp (and the same count of draws: equal values
// afterwards).
func TestNormalAgainstRand(t *testing.T) {
	ours := normal{rand.NewPCG(41, 42)}
	theirs := rand.New(rand.NewPCG(41, 42))
	differ := 0
	const draws = 1_000_000
	for i := range draws {
		a, b := ours.next(), theirs.NormFloat64()
		if a != b {
			differ++
			if ulps(a, b) > 2 {
				t.Fatalf("draw %d: %v, math/rand/v2 %v", i, a, b)
			}
		}
	}
	if differ > draws/10000 {
		t.Errorf("%d of %d draws differ from math/rand/v2's", differ, draws)
	}
	t.Logf("%d of %d draws differ from math/rand/v2's in the last bits", differ, draws)
}
