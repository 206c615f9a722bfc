package analysis

import "math"

// DerivativeCorrelation returns C[m], m = 0 … P−1, for one period of a
// rate R sampled every h seconds (P = len(period) samples, periodic):
//
//	C[m] = (1/P)·Σ_s R[s−m]·(R[s] − R[s−1])/h        (indices mod P)
//
// the discrete form of C(a) = (1/T)∫₀ᵀ R(s−a)·R'(s) ds at a = m·h, with the
// difference R[s] − R[s−1] paired with R[s−m] exactly as the learning rule
// pairs dx at step s with the rates d steps back. C is the derivative of the
// autocorrelation of R; it is odd: C(−a) = −C(a).
func DerivativeCorrelation(period []float64, h float64) []float64 {
	p := len(period)
	diff := make([]float64, p)
	for s := range p {
		diff[s] = (period[s] - period[(s-1+p)%p]) / h
	}
	c := make([]float64, p)
	for m := range p {
		var sum float64
		for s := range p {
			sum += period[((s-m)%p+p)%p] * diff[s]
		}
		c[m] = sum / float64(p)
	}
	return c
}

// SteadyKernel returns the steady state of the learning rule for a
// travelling wave r(x,t) = R(t + θ_x), θ_x = x·T/N, given C of R sampled
// every h seconds (DerivativeCorrelation):
//
//	kernel*[j] = C(j·T/N + τ_d) / λ,   j = 0 … N−1,
//
// C interpolated linearly (and periodically) between samples. Averaged over
// a period, τ_w·ẇ(x,y) = ⟨r(y,t−τ_d)·ṙ(x,t)⟩ − λ·w with post x = y + j:
// ⟨R(t−τ_d+θ_y)·R'(t+θ_x)⟩ = C(θ_x − θ_y + τ_d).
func SteadyKernel(c []float64, h float64, n int, period, tauD, lambda float64) []float64 {
	p := len(c)
	k := make([]float64, n)
	for j := range k {
		pos := math.Mod((float64(j)*period/float64(n)+tauD)/h, float64(p))
		i0 := int(math.Floor(pos))
		f := pos - float64(i0)
		i0 %= p
		k[j] = (c[i0]*(1-f) + c[(i0+1)%p]*f) / lambda
	}
	return k
}

// SquareWave returns, at time s (seconds), the periodic rate of a unit
// square wave (1 on [0, T/2), 0 on [T/2, T)) low-passed by τ·R' = −R + S:
//
//	R(s) = 1 − e^(−s/τ)/(1+q)          on [0, T/2)
//	R(s) = e^(−(s−T/2)/τ)/(1+q)        on [T/2, T),     q = e^(−T/(2τ)).
//
// It is what a neuron of the ring does when its sigmoid saturates (g·A ≫ 1):
// neuron 0's input A·sin(2πt/T) is positive on [0, T/2).
func SquareWave(s, period, tau float64) float64 {
	q := math.Exp(-period / (2 * tau))
	s = mod(s, period)
	if s < period/2 {
		return 1 - math.Exp(-s/tau)/(1+q)
	}
	return math.Exp(-(s-period/2)/tau) / (1 + q)
}

// SquareWaveCorrelation returns C(a) of SquareWave in closed form:
//
//	C(a) = [e^(−a/τ) + e^((a−T/2)/τ)] / (T·(1+q)) − 1/T    for a ∈ [0, T/2],
//	C(a + T/2) = −C(a),
//
// from R'(s) = ±e^(−s'/τ)/(τ(1+q)) on each half period and
// R(s − T/2) = 1 − R(s). It is 0 at a = 0 and T/2, and tends to the
// square wave −1/T on (0, T/2), +1/T on (T/2, T) as τ → 0.
func SquareWaveCorrelation(a, period, tau float64) float64 {
	a = mod(a, period)
	sign := 1.0
	if a > period/2 {
		a -= period / 2
		sign = -1
	}
	q := math.Exp(-period / (2 * tau))
	c := (math.Exp(-a/tau)+math.Exp((a-period/2)/tau))/(period*(1+q)) - 1/period
	return sign * c
}

// SquareWaveKernel returns the steady-state kernel of SquareWave:
// kernel*[j] = SquareWaveCorrelation(j·T/N + τ_d)/λ.
func SquareWaveKernel(n int, period, tauX, tauD, lambda float64) []float64 {
	k := make([]float64, n)
	for j := range k {
		k[j] = SquareWaveCorrelation(float64(j)*period/float64(n)+tauD, period, tauX) / lambda
	}
	return k
}

// OscillationSpread predicts how far the weights of the full model swing
// around their steady state within a period, and so how far the rows of the
// aligned matrix spread around their mean. Pair (post y+j ← pre y) sees the
// rule's drive H_j(t) = R(t − τ_d − j·T/N)·R'(t) up to a phase that depends
// on y; with τ_w/λ ≫ T its periodic deviation from kernel*[j] is
//
//	δ_j(t) = (1/τ_w)·∫^t (H_j − C_j) − (its mean over the period),
//
// and row y of the aligned matrix samples δ_j at phase y·T/N. It returns the
// root-mean-square of δ over phases and offsets: the predicted
// CirculantResidual. The lag j·T/N + τ_d is rounded to whole samples of
// period (one period of R every h seconds).
func OscillationSpread(period []float64, h float64, n int, t, tauD, tauW float64) float64 {
	p := len(period)
	diff := make([]float64, p)
	for s := range p {
		diff[s] = (period[s] - period[(s-1+p)%p]) / h
	}
	delta := make([]float64, p)
	var sum2 float64
	for j := range n {
		m := int(math.Round((float64(j)*t/float64(n) + tauD) / h))
		var mean float64
		for s := range p {
			mean += period[((s-m)%p+p)%p] * diff[s]
		}
		mean /= float64(p)
		acc, avg := 0.0, 0.0
		for s := range p {
			acc += (period[((s-m)%p+p)%p]*diff[s] - mean) * h / tauW
			delta[s] = acc
			avg += acc
		}
		avg /= float64(p)
		for _, d := range delta {
			sum2 += (d - avg) * (d - avg)
		}
	}
	return math.Sqrt(sum2 / float64(n*p))
}

// mod returns x mod m in [0, m).
func mod(x, m float64) float64 {
	x = math.Mod(x, m)
	if x < 0 {
		x += m
	}
	return x
}

// EulerTau returns the time constant that forward Euler with step dt gives
// a low-pass filter of time constant τ: each step multiplies the distance
// to the target by 1 − dt/τ = e^(−dt/τ_E), so τ_E = −dt/ln(1 − dt/τ).
// With dt = 0.2 ms and τ = 5 ms, τ_E = 4.899 ms.
func EulerTau(dt, tau float64) float64 {
	return -dt / math.Log1p(-dt/tau)
}
