package sim

import (
	"gonum.org/v1/gonum/dsp/fourier"
)

// network holds the learned weights of one model and computes, step by
// step, the target rates and the learning. Steps come in order; targets(·, i)
// is followed by learn(·, ·, i).
type network interface {
	// targets writes the target rates of step i, φ(s·u(x, t_i) + I_x) with
	// I = W_{i−1}·X[i−d], into dst.
	targets(dst []float64, i int)
	// learn applies w += dw for step i, whose rates changed by dx towards
	// the targets.
	learn(dx, target []float64, i int)
	// weights returns the current weights, valid until the next call of any
	// method; the network owns the slice.
	weights() []float64
	// close stops the network's helper goroutines, if any.
	close()
}

// history holds the activity rows a step needs: X[i−1] and X[i−d].
type history struct {
	rows  [][]float64 // X[j] is rows[j mod (d+1)]
	d     int
	zeros []float64
}

func newHistory(n, d int) *history {
	h := &history{rows: make([][]float64, d+1), d: d, zeros: make([]float64, n)}
	for r := range h.rows {
		h.rows[r] = make([]float64, n)
	}
	return h
}

// row returns X[j]; the notebook's X[j] with j < 0 is a row of zeros.
func (h *history) row(j int) []float64 {
	if j < 0 {
		return h.zeros
	}
	return h.rows[j%len(h.rows)]
}

// delayed returns X[i−d], the rates that reach the synapses at step i.
func (h *history) delayed(i int) []float64 { return h.row(i - h.d) }

// learning holds the constants of the learning rule.
type learning struct {
	dt, beta, lambda float64 // beta = 1/τ_w
}

// Frozen weights are the rule with dw = 0: β = λ = 0, so that c = 1 and every
// Hebbian term vanishes. The optimised networks also skip the update itself,
// so that the weights stay w0 bit for bit (w + 0 would turn a −0 into +0).
func newLearning(p Params) learning {
	if p.Frozen {
		return learning{dt: p.Dt}
	}
	return learning{dt: p.Dt, beta: 1 / p.TauW, lambda: p.Lambda}
}

// newNetwork returns the optimised implementation of p's model, starting
// from a copy of w0.
func newNetwork(p Params, w0 []float64, h *history) network {
	return spec(p.Model).network(p, w0, h)
}

// newReferenceNetwork returns the straightforward implementation of p's
// model, starting from a copy of w0: the notebook's operations one step at a
// time. It is the reference the optimised networks are tested against.
func newReferenceNetwork(p Params, w0 []float64, h *history) network {
	return spec(p.Model).reference(p, w0, h)
}

// referenceFull returns the straightforward full model.
func newReferenceFull(p Params, w0 []float64, h *history) network {
	w := append([]float64(nil), w0...)
	return newStraightforward(p, &referenceFull{n: p.Neurons, w: w, hist: h, learning: newLearning(p)})
}

// newReferenceMean returns the straightforward kernel model (the mean rule).
func newReferenceMean(p Params, w0 []float64, h *history) network {
	return newStraightforward(p, newReferenceKernel(p.Neurons, append([]float64(nil), w0...), h, newLearning(p), false))
}

// newReferenceSingle returns the straightforward kernel_single model.
func newReferenceSingle(p Params, w0 []float64, h *history) network {
	return newStraightforward(p, newReferenceKernel(p.Neurons, append([]float64(nil), w0...), h, newLearning(p), true))
}

func newStraightforward(p Params, m referenceModel) *straightforward {
	return &straightforward{model: m, p: p, theta: phases(p.Neurons, p.Period), input: make([]float64, p.Neurons)}
}

// referenceModel is the recurrent input and learning of a reference network.
type referenceModel interface {
	recurrent(dst []float64, i int) // I = W·X[i−d]
	learn(dx []float64, i int)
	weights() []float64
}

// straightforward computes the target rates as the notebook's get_dx does,
// from the recurrent input of a reference model.
type straightforward struct {
	model        referenceModel
	p            Params
	theta, input []float64
}

func (s *straightforward) targets(dst []float64, i int) {
	s.model.recurrent(s.input, i)
	t := float64(i) * s.p.Dt
	for x := range dst {
		var u float64
		if s.p.Stimulate {
			u = drive(t, s.theta[x], s.p.Period, s.p.Amplitude)
		}
		dst[x] = phi(u+s.input[x], s.p.Gain)
	}
}

func (s *straightforward) learn(dx, _ []float64, i int) { s.model.learn(dx, i) }
func (s *straightforward) weights() []float64           { return s.model.weights() }
func (s *straightforward) close()                       {}

// referenceFull is the N×N model: w[x·n+y] is the weight from pre y to post x.
type referenceFull struct {
	n    int
	w    []float64
	hist *history
	learning
}

func (f *referenceFull) weights() []float64 { return f.w }

func (f *referenceFull) recurrent(dst []float64, i int) {
	delayed := f.hist.delayed(i)
	for x := range dst {
		row := f.w[x*f.n : (x+1)*f.n]
		var s float64
		for y, v := range row {
			s += v * delayed[y]
		}
		dst[x] = s
	}
}

// learn is the notebook's get_dw: (−λ·w + outer(dx/dt, delayed))·dt·β.
func (f *referenceFull) learn(dx []float64, i int) {
	delayed := f.hist.delayed(i)
	for x := range f.n {
		post := dx[x] / f.dt
		row := f.w[x*f.n : (x+1)*f.n]
		for y, v := range row {
			row[y] = v + (-f.lambda*v+post*delayed[y])*f.dt*f.beta
		}
	}
}

// referenceKernel is the translation-invariant model: k[j] is the weight from
// pre i to post (i+j) mod n. Convolutions and correlations use real FFTs.
type referenceKernel struct {
	n      int
	k      []float64
	hist   *history
	single bool // learn from presynaptic neuron 0 alone
	learning

	fft        *fourier.FFT
	kc, ac, bc []complex128 // spectra
	corr       []float64
}

func newReferenceKernel(n int, k []float64, h *history, l learning, single bool) *referenceKernel {
	m := n/2 + 1
	return &referenceKernel{
		n: n, k: k, hist: h, single: single, learning: l,
		fft: fourier.NewFFT(n),
		kc:  make([]complex128, m), ac: make([]complex128, m), bc: make([]complex128, m),
		corr: make([]float64, n),
	}
}

func (k *referenceKernel) weights() []float64 { return k.k }

// recurrent is the circular convolution I[x] = Σ_j k[j]·delayed[(x−j) mod n]
// (notebook: np.real(np.fft.ifft(np.fft.fft(w) * np.fft.fft(x)))).
func (k *referenceKernel) recurrent(dst []float64, i int) {
	k.fft.Coefficients(k.kc, k.k)
	k.fft.Coefficients(k.ac, k.hist.delayed(i))
	for i := range k.ac {
		k.ac[i] *= k.kc[i]
	}
	k.fft.Sequence(dst, k.ac)
	inv := 1 / float64(k.n)
	for i := range dst {
		dst[i] *= inv
	}
}

func (k *referenceKernel) learn(dx []float64, i int) {
	delayed := k.hist.delayed(i)
	if k.single {
		// get_dw_prime: (−λ·w + X[i−d][0]·dx/dt)·dt·β
		pre := delayed[0]
		for j, v := range k.k {
			k.k[j] = v + (-k.lambda*v+pre*(dx[j]/k.dt))*k.dt*k.beta
		}
		return
	}
	// get_dw_prime_mean: (−λ·w·dt + mean_i dx[(i+j) mod n]·delayed[i])·β.
	// The mean is a circular cross-correlation: c = ifft(conj(fft(delayed))·fft(dx)).
	k.fft.Coefficients(k.ac, delayed)
	k.fft.Coefficients(k.bc, dx)
	for i, a := range k.ac {
		k.bc[i] *= complex(real(a), -imag(a))
	}
	k.fft.Sequence(k.corr, k.bc)
	inv := 1 / (float64(k.n) * float64(k.n)) // ifft's 1/n, then the mean's 1/n
	for j, v := range k.k {
		k.k[j] = v + (-k.lambda*v*k.dt+k.corr[j]*inv)*k.beta
	}
}
