package sim

import (
	"math"
	"math/bits"
)

func init() {
	Register(ModelSpec{Name: KernelSingle, Doc: "a kernel learned from presynaptic neuron 0 alone (notebook: get_dw_prime)",
		Pairing: FromNeuron0, network: func(p Params, w0 []float64, h *history) network { return newSingleKernel(p, w0, h) }, reference: newReferenceSingle})
}

// singleKernel is kernel_single computed in real space. Its learning is an
// update of N numbers, K ← c·K + β·X[i−d][0]·dx with c = 1 − λ·dt/τ_w and
// β = 1/τ_w, and the reference spends its time on three FFTs a step for the
// recurrent input. But the sigmoid saturates (see stimulus), and
// |I_x| ≤ ‖K‖₂·‖X[i−d]‖₂ bounds every neuron's input, so I_x is computed only
// for the neurons that bound does not decide, each as one dot product of K
// with the delayed rates reversed,
//
//	I_x = Σ_j K[j]·X[i−d][(x−j) mod N] = Σ_j K[j]·R[j+N−x],  R[k] = X[i−d][(−k) mod N], k < 2N,
//
// and all at once by FFTs, as the reference does, when there are many. The
// results differ from the reference by rounding only; which way I is
// computed depends on the state alone, so a run is deterministic.
type singleKernel struct {
	n         int
	hist      *history
	stim      *stimulus
	dt        float64
	stimulate bool
	c, beta   float64
	frozen    bool
	slack     float64 // rounds norms up: covers sums of up to n terms
	many      int     // more neurons than this: use FFTs
	k         []float64
	kNorm     float64 // ≥ ‖K‖₂
	hebb      [1]float64
	rev       []float64 // R, 2N
	input     []float64
	need      []int

	fft    *fft // for many neurons
	kc, ac []complex128
}

func newSingleKernel(p Params, w0 []float64, h *history) *singleKernel {
	n := p.Neurons
	l := newLearning(p)
	s := &singleKernel{
		n: n, hist: h, stim: newStimulus(p), dt: p.Dt, stimulate: p.Stimulate,
		c: 1 - float64(l.lambda*l.dt*l.beta), beta: l.beta, frozen: p.Frozen,
		slack: 1 + 1e-12 + float64(4*float64(n)*0x1p-53),
		// A dot product of N costs ~N/4 cycles, three FFTs ~N·log₂N·(a few)
		// each. The same on every machine, so that the numbers are too.
		many:  16 * bits.Len(uint(n)),
		k:     append([]float64(nil), w0...),
		rev:   make([]float64, 2*n),
		input: make([]float64, n),
		need:  make([]int, 0, n),
		fft:   newFFT(n),
		kc:    make([]complex128, n/2+1), ac: make([]complex128, n/2+1),
	}
	s.kNorm = math.Sqrt(sumSquares(s.k)) * s.slack
	return s
}

func (s *singleKernel) close()             {}
func (s *singleKernel) weights() []float64 { return s.k }

func (s *singleKernel) targets(dst []float64, i int) {
	t := float64(i) * s.dt
	delayed := s.hist.delayed(i)
	bound := s.kNorm * math.Sqrt(sumSquares(delayed)) * s.slack
	s.need = s.stim.decide(dst, s.need[:0], nil, nil, bound, t, s.stimulate)
	switch n := s.n; {
	case len(s.need) == 0:
	case len(s.need) > s.many:
		// The reference's way: np.real(np.fft.ifft(np.fft.fft(w) * np.fft.fft(x))).
		s.fft.coefficients(s.kc, s.k)
		s.fft.coefficients(s.ac, delayed)
		for f := range s.ac {
			s.ac[f] = cmul(s.ac[f], s.kc[f])
		}
		s.fft.sequence(s.input, s.ac)
		inv := 1 / float64(n)
		for x := range s.input {
			s.input[x] *= inv
		}
	default:
		s.rev[0] = delayed[0]
		reverse(s.rev[1:n], delayed[1:])
		copy(s.rev[n:], s.rev[:n])
		// Four at a time (a short group repeats its last neuron): dot4
		// runs four chains of multiply-adds in the time of one.
		for need := s.need; len(need) > 0; need = need[min(4, len(need)):] {
			var a, b [4][]float64
			var out [4]float64
			for r := range 4 {
				x := need[min(r, len(need)-1)]
				a[r], b[r] = s.k, s.rev[n-x:2*n-x]
			}
			dot4(&out, &a, &b, n)
			for r, x := range need[:min(4, len(need))] {
				s.input[x] = out[r]
			}
		}
	}
	s.stim.finish(dst, s.input, s.need, t, s.stimulate)
}

// learn is the notebook's get_dw_prime, (−λ·K + X[i−d][0]·dx/dt)·dt·β, as
// K ← c·K + β·X[i−d][0]·dx.
func (s *singleKernel) learn(dx, _ []float64, i int) {
	if s.frozen {
		return
	}
	s.hebb[0] = s.beta * s.hist.delayed(i)[0]
	combine(s.k, s.k, s.c, s.hebb[:], dx, s.n, 1)
	s.kNorm = math.Sqrt(sumSquares(s.k)) * s.slack
}
