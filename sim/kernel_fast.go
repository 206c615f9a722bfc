package sim

import (
	"math"
	"math/bits"
)

func init() {
	Register(ModelSpec{Name: Kernel, Doc: "a kernel learned by the rule averaged over every pair at each offset (notebook: f_I_conv_circ_fft, get_dw_prime_mean)",
		Pairing: MeanOverOffsets, network: func(p Params, w0 []float64, h *history) network { return newSpectralKernel(p, w0, h) }, reference: newReferenceMean})
}

// spectralKernel is the kernel model (the mean rule) computed in the Fourier
// domain. The reference transforms the kernel, the delayed rates and dx and
// transforms back twice, six FFTs a step. Here every quantity of the
// learning lives as a spectrum (DFT, unnormalised as
// fft.coefficients: X̂_f = Σ_x X[x]·e^{−2πi·f·x/N}) and is updated
// in O(N):
//
//	Î   = K̂·X̂[i−d]                                  (I = Sequence(Î)/N)
//	D̂X  = (Φ̂ − X̂[i−1])·dt·α                          (dx = (φ − X[i−1])·dt·α)
//	X̂[i] = X̂[i−1] + D̂X
//	K̂  ← c·K̂ + (β/N)·conj(X̂[i−d])·D̂X
//
// with c = 1 − λ·dt/τ_w and β = 1/τ_w. Two things remain in real space: the
// recurrent input I, which enters the sigmoid, and the target rates φ, which
// come out of it. Both are mostly not needed in full. The sigmoid saturates:
// |I_x| ≤ Σ_f|Î_f|/N bounds every neuron's input, and stimulus.decide fixes
// the target of every neuron whose drive is far enough from zero for any
// input within that bound; I_x is computed only for the others, from Î at
// that one point (pointSums), or all at once by an inverse FFT when there
// are many. And φ changes at few neurons a step (the saturated ones stay at
// 1 or φ_clip), so Φ̂ is updated by those changes (phiUpdate), and
// recomputed by an FFT when there are many, at the first step, and every
// syncEvery steps to stop rounding errors from accumulating. Every other spectrum is contracting (X̂ by the factor
// 1−dt·α each step, K̂ by c), so rounding errors do not grow.
//
// The results differ from the reference by rounding only. Which way I_x or
// Φ̂ is computed depends on the state alone, so a run is deterministic.
type spectralKernel struct {
	n, m      int // neurons; spectra hold m = N/2+1 frequencies
	hist      *history
	stim      *stimulus
	first     int // the first step with recurrence (end of the initial phase)
	dt        float64
	stimulate bool
	rate      float64 // dt·α = dt/τ_x
	c, beta   float64
	fft       *fft
	tw        []complex128 // tw[k] = e^{2πi·k/N}
	manyI     int          // more inputs needed than this: an inverse FFT instead of points
	manyPhi   int          // more targets changed than this: an FFT instead of updates

	k       []float64 // real-space kernel: w0 until the first learn, then on demand
	learned bool
	frozen  bool // learning off: k stays w0
	kHat    []complex128
	xHat    [][]complex128 // X̂[j] in xHat[j mod (d+1)], for j ≥ first−1
	dHat    []complex128   // X̂[i−d] of the current step (points into xHat or aux)
	aux     []complex128   // X̂ of an initial-phase row
	iHat    []complex128
	iRe     []float64 // Î split, for pointSums
	iIm     []float64
	phiRe   []float64 // Φ̂, split for phiUpdate
	phiIm   []float64
	phiAux  []complex128 // Φ̂ from an FFT
	phiPrev []float64    // φ whose spectrum is Φ̂
	synced  int          // steps since Φ̂ was last computed by an FFT (−1: never)
	changed []int        // neurons whose φ changed this step
	ready   int          // the step whose Î is already in iHat, with its bound
	bound   float64
	input   []float64
	need    []int
}

// syncEvery is the number of sparse updates of Φ̂ between FFTs: each adds a
// rounding error of ~2⁻⁵³·|Φ̂|.
const syncEvery = 1024

func newSpectralKernel(p Params, w0 []float64, h *history) *spectralKernel {
	n, m := p.Neurons, p.Neurons/2+1
	l := newLearning(p)
	s := &spectralKernel{
		n: n, m: m, hist: h, stim: newStimulus(p),
		first: max(p.InitPhaseSteps(), 1), dt: p.Dt, stimulate: p.Stimulate, frozen: p.Frozen,
		rate: p.Dt * (1 / p.TauX), c: 1 - float64(l.lambda*l.dt*l.beta), beta: l.beta,
		fft: newFFT(n),
		tw:  twiddles(n),
		// A point of I or a change of Φ̂ costs ~0.5 ns·N with AVX-512 (the
		// same on every machine, so that the numbers are too), an FFT
		// ~1.5 ns·N·log₂N.
		manyI: 4 * bits.Len(uint(n)), manyPhi: 4 * bits.Len(uint(n)),
		k:    append([]float64(nil), w0...),
		kHat: make([]complex128, m), aux: make([]complex128, m), iHat: make([]complex128, m),
		iRe: make([]float64, m), iIm: make([]float64, m), phiAux: make([]complex128, m), phiRe: make([]float64, m), phiIm: make([]float64, m),
		phiPrev: make([]float64, n), synced: -1, changed: make([]int, 0, n), ready: -1,
		input: make([]float64, n), need: make([]int, 0, n),
	}
	s.fft.coefficients(s.kHat, s.k)
	s.xHat = make([][]complex128, p.Delay()+1)
	for j := range s.xHat {
		s.xHat[j] = make([]complex128, m)
	}
	return s
}

// twiddles returns e^{2πi·k/n} for k < n, exact at the quarter turns.
func twiddles(n int) []complex128 {
	tw := make([]complex128, n)
	for k := range tw {
		switch {
		case 4*k == n:
			tw[k] = 1i
		case 2*k == n:
			tw[k] = -1
		case 4*k == 3*n:
			tw[k] = -1i
		case k == 0:
			tw[k] = 1
		default:
			s, c := sincos(2 * math.Pi * float64(k) / float64(n))
			tw[k] = complex(c, s)
		}
	}
	return tw
}

func (s *spectralKernel) close() {}

// spectrum returns X̂[j]: from the ring for rows of the main phase (and the
// last row before it), by an FFT for the initial phase.
func (s *spectralKernel) spectrum(j int) []complex128 {
	if j >= s.first-1 {
		return s.xHat[j%len(s.xHat)]
	}
	s.fft.coefficients(s.aux, s.hist.row(j))
	return s.aux
}

func (s *spectralKernel) targets(dst []float64, i int) {
	if i == s.first {
		s.fft.coefficients(s.xHat[(i-1)%len(s.xHat)], s.hist.row(i-1))
	}
	t := float64(i) * s.dt
	if i < s.hist.d {
		// X[i−d] is a row of zeros: so is the recurrent input.
		s.dHat = nil
		s.stim.rates(dst, nil, t, s.stimulate)
		return
	}
	s.dHat = s.spectrum(i - s.hist.d)
	if s.ready != i {
		s.bound = 0
		for f, a := range s.dHat {
			s.product(f, s.kHat[f], a)
		}
	}
	s.ready = -1
	inv := 1 / float64(s.n)
	// Slack for the rounding of the bound and of I itself, either way.
	bound := float64(s.bound*inv*(1+1e-9)) + 1e-300
	s.need = s.stim.decide(dst, s.need[:0], nil, nil, bound, t, s.stimulate)
	if len(s.need) > s.manyI {
		s.fft.sequence(s.input, s.iHat)
		for x := range s.input {
			s.input[x] *= inv
		}
	} else {
		for _, x := range s.need {
			s.input[x] = s.at(x) * inv
		}
	}
	s.stim.finish(dst, s.input, s.need, t, s.stimulate)
}

// product sets Î_f = K̂_f·X̂_f and adds its share to the bound Σ|Î_f| ≥ N·|I_x|
// (Hermitian: the inner frequencies count twice), with |re|+|im| ≥ |·|;
// learn does the same inline.
func (s *spectralKernel) product(f int, k, a complex128) {
	v := cmul(k, a)
	s.iHat[f] = v
	s.iRe[f], s.iIm[f] = real(v), imag(v)
	b := math.Abs(real(v)) + math.Abs(imag(v))
	if f != 0 && 2*f != s.n {
		b *= 2
	}
	s.bound += b
}

// at is Sequence(Î)[x]: Re Î_0 + 2·Σ_{0<f<N/2} Re(Î_f·e^{2πi·f·x/N}) + (−1)^x·Re Î_{N/2}.
func (s *spectralKernel) at(x int) float64 {
	n := s.n
	h := (n - 1) / 2 // the f with 0 < f < N/2
	a, b := pointSums(s.iRe[1:h+1], s.iIm[1:h+1], s.tw, x, x)
	sum := real(s.iHat[0]) + 2*(a-b)
	if n%2 == 0 {
		if x%2 == 0 {
			sum += real(s.iHat[n/2])
		} else {
			sum -= real(s.iHat[n/2])
		}
	}
	return sum
}

func (s *spectralKernel) learn(dx, target []float64, i int) {
	s.updatePhi(target)
	prev := s.xHat[(i-1)%len(s.xHat)]
	next := s.xHat[i%len(s.xHat)]
	// Frozen (c = 1, β = 0): K̂ stays K̂ but for the sign of zeros, and the
	// real-space kernel stays w0 bit for bit.
	s.learned = !s.frozen
	// One pass over the frequencies: D̂X, X̂[i], K̂, and, when X̂[i+1−d] is
	// in the ring, the next step's Î.
	var ahead []complex128
	if j := i + 1 - s.hist.d; j >= s.first-1 && j >= 0 {
		ahead = s.xHat[j%len(s.xHat)]
		s.ready = i + 1
	}
	var a complex128 // the Hebbian factor (β/N)·conj(X̂[i−d]_f); 0 without delayed rates
	mean := s.dHat != nil
	b := s.beta / float64(s.n)
	m := len(prev)
	next, kHat, phiRe, phiIm := next[:m], s.kHat[:m], s.phiRe[:m], s.phiIm[:m]
	iHat, iRe, iIm := s.iHat[:m], s.iRe[:m], s.iIm[:m]
	rate, c, bound := s.rate, s.c, 0.0
	for f, p := range prev {
		d := complex(float64((phiRe[f]-real(p))*rate), float64((phiIm[f]-imag(p))*rate))
		next[f] = p + d
		if mean {
			h := s.dHat[f]
			a = complex(b*real(h), -b*imag(h))
		}
		k := kHat[f]
		k = complex(float64(c*real(k)), float64(c*imag(k))) + cmul(a, d)
		kHat[f] = k
		if ahead != nil {
			// product, inline: this loop is the step's longest.
			v := cmul(k, ahead[f])
			iHat[f], iRe[f], iIm[f] = v, real(v), imag(v)
			bf := math.Abs(real(v)) + math.Abs(imag(v))
			if f != 0 && 2*f != s.n {
				bf *= 2
			}
			bound += bf
		}
	}
	if ahead != nil {
		s.bound = bound
	}
}

// updatePhi brings Φ̂ to the spectrum of target.
func (s *spectralKernel) updatePhi(target []float64) {
	s.changed = s.changed[:0]
	sparse := s.synced >= 0 && s.synced < syncEvery
	if sparse {
		for x, v := range target {
			if v != s.phiPrev[x] {
				if len(s.changed) == s.manyPhi {
					sparse = false
					break
				}
				s.changed = append(s.changed, x)
			}
		}
	}
	if !sparse {
		s.fft.coefficients(s.phiAux, target)
		for f, v := range s.phiAux {
			s.phiRe[f], s.phiIm[f] = real(v), imag(v)
		}
		copy(s.phiPrev, target)
		s.synced = 0
		return
	}
	s.synced++
	for _, x := range s.changed {
		// Φ̂_f += δ·e^{−2πi·f·x/N}
		phiUpdate(s.phiRe, s.phiIm, s.tw, 0, x, target[x]-s.phiPrev[x])
		s.phiPrev[x] = target[x]
	}
}

// weights returns w0 until the first step learns, then the inverse
// transform of K̂.
func (s *spectralKernel) weights() []float64 {
	if s.learned {
		s.fft.sequence(s.k, s.kHat)
		inv := 1 / float64(s.n)
		for j := range s.k {
			s.k[j] *= inv
		}
	}
	return s.k
}
