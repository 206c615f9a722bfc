package analysis

import (
	"math"
	"testing"
)

// For R(s) = sin(ωs), ω = 2π/T, the discrete sums have a closed form:
// (R[s] − R[s−1])/h = (2/h)·sin(ωh/2)·cos(ω(s − h/2)), and the mean over a
// period of sin(ω(s − a))·cos(ω(s − h/2)) is −sin(ω(a − h/2))/2, so
//
//	C[m] = −sin(ωh/2)·sin(ω(m·h − h/2))/h,
//
// which tends to C(a) = −(π/T)·sin(2πa/T) as h → 0.
func TestDerivativeCorrelationOfSine(t *testing.T) {
	const T, p = 0.1, 50
	h := T / p
	w := 2 * math.Pi / T
	period := make([]float64, p)
	for s := range period {
		period[s] = math.Sin(w * float64(s) * h)
	}
	c := DerivativeCorrelation(period, h)
	// Sums of p terms of size ≤ ω: rounding ≤ p·eps·ω.
	tol := p * 2.3e-16 * w
	for m := range c {
		want := -math.Sin(w*h/2) * math.Sin(w*(float64(m)*h-h/2)) / h
		if math.Abs(c[m]-want) > tol {
			t.Errorf("C[%d] = %v, want %v", m, c[m], want)
		}
	}
	// With τ_d a whole number of samples and T/N = h, SteadyKernel picks
	// samples without interpolating: kernel*[j] = C[j + d]/λ.
	const d, lambda = 7, 20.0
	k := SteadyKernel(c, h, p, T, d*h, lambda)
	for j := range k {
		if want := c[(j+d)%p] / lambda; math.Abs(k[j]-want) > 1e-12*math.Abs(want)+1e-15 {
			t.Errorf("kernel*[%d] = %v, want C[%d]/λ = %v", j, k[j], (j+d)%p, want)
		}
	}
}

func TestSquareWaveCorrelationProperties(t *testing.T) {
	const T, tau = 0.1, 5e-3
	for _, a := range []float64{0, 0.003, 0.015, 0.025, 0.049, 0.05, 0.07, 0.099} {
		c := SquareWaveCorrelation(a, T, tau)
		// Odd and antiperiodic: C(−a) = −C(a), C(a + T/2) = −C(a).
		if d := c + SquareWaveCorrelation(-a, T, tau); math.Abs(d) > 1e-9 {
			t.Errorf("C(%v) + C(−%v) = %v", a, a, d)
		}
		if d := c + SquareWaveCorrelation(a+T/2, T, tau); math.Abs(d) > 1e-9 {
			t.Errorf("C(%v) + C(%v + T/2) = %v", a, a, d)
		}
		// |C| ≤ 1/T: R' integrates to ±1 over each half period, R ∈ [0, 1].
		if math.Abs(c) > 1/T {
			t.Errorf("|C(%v)| = %v > 1/T", a, math.Abs(c))
		}
	}
	for _, a := range []float64{0, T / 2} {
		if c := SquareWaveCorrelation(a, T, tau); math.Abs(c) > 1e-9 {
			t.Errorf("C(%v) = %v, want 0", a, c)
		}
	}
	// As τ → 0 the wave is square and C is −1/T on (0, T/2).
	if c := SquareWaveCorrelation(T/4, T, 1e-5); math.Abs(c*T+1) > 1e-9 {
		t.Errorf("C(T/4) with τ → 0: %v, want −1/T", c)
	}
}

// The closed form against the sums over a finely sampled SquareWave: the
// difference quotient is centred half a sample back, so C[m] ≈ C(m·h − h/2)
// up to the midpoint rule's error, h²/8·max|R”'|·… ≤ (h/τ)²/8 in units of
// 1/T (checked down to the measured 0.990·(h/τ)²/8 at P = 1000).
func TestSquareWaveCorrelationAgainstSampledWave(t *testing.T) {
	const T, tau = 0.1, 5e-3
	for _, p := range []int{1000, 4000} {
		h := T / float64(p)
		period := make([]float64, p)
		for s := range period {
			period[s] = SquareWave(float64(s)*h, T, tau)
		}
		c := DerivativeCorrelation(period, h)
		tol := 1.2 * (h / tau) * (h / tau) / 8 / T
		for m := range c {
			if d := math.Abs(c[m] - SquareWaveCorrelation(float64(m)*h-h/2, T, tau)); d > tol {
				t.Fatalf("P=%d, lag %d: C = %v, closed form %v (tolerance %v)", p, m, c[m], SquareWaveCorrelation(float64(m)*h-h/2, T, tau), tol)
			}
		}
	}
	// SquareWave itself: periodic, 1 − 1/(1+q) at the rising edge, and it
	// obeys τR' = −R + S on each half period.
	q := math.Exp(-T / (2 * tau))
	if r := SquareWave(0, T, tau); math.Abs(r-q/(1+q)) > 1e-15 {
		t.Errorf("R(0) = %v, want q/(1+q) = %v", r, q/(1+q))
	}
	if d := SquareWave(0.013, T, tau) - SquareWave(0.013+3*T, T, tau); math.Abs(d) > 1e-12 {
		t.Errorf("R is not periodic: %v", d)
	}
}

// For R = sin(ωs) the rule's drive minus its mean is (ω/2)·sin(2ωs − ωa),
// whose integral over time, divided by τ_w, swings with amplitude
// 1/(4τ_w): an RMS of 1/(4√2·τ_w) for every offset.
func TestOscillationSpreadOfSine(t *testing.T) {
	const T, tauW, p = 0.1, 10.0, 1000
	h := T / p
	period := make([]float64, p)
	for s := range period {
		period[s] = math.Sin(2 * math.Pi * float64(s) * h / T)
	}
	got := OscillationSpread(period, h, 50, T, 0.015, tauW)
	want := 1 / (4 * math.Sqrt2 * tauW)
	// Sampling errors are O((ωh)²) = 4e-5 relative at P = 1000 (measured 5e-6).
	if math.Abs(got/want-1) > 4e-5 {
		t.Errorf("spread %v, want %v", got, want)
	}
	for s := range period {
		period[s] = 0.5
	}
	if got := OscillationSpread(period, h, 50, T, 0.015, tauW); got != 0 {
		t.Errorf("spread of a constant rate %v, want 0", got)
	}
}

func TestEulerTau(t *testing.T) {
	// The notebook's step: 1 − dt/τ = e^(−dt/τ_E).
	const dt, tau = 2e-4, 5e-3
	te := EulerTau(dt, tau)
	if d := math.Exp(-dt/te) - (1 - dt/tau); math.Abs(d) > 1e-15 {
		t.Errorf("e^(−dt/τ_E) − (1 − dt/τ) = %v", d)
	}
	if math.Abs(te-4.8993e-3) > 1e-7 {
		t.Errorf("τ_E = %v, want 4.8993 ms", te)
	}
}
