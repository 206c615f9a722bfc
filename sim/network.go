package sim

import (
	"gonum.org/v1/gonum/dsp/fourier"
)

// network holds the learned weights of one model: it computes the recurrent
// input from the delayed rates and applies one step of learning.
type network interface {
	// recurrent writes I = W·delayed into dst.
	recurrent(dst, delayed []float64)
	// learn applies w += dw for a step whose rates changed by dx.
	learn(dx, delayed []float64)
	// weights returns the current weights; the network owns the slice.
	weights() []float64
}

// learning holds the constants of the learning rule.
type learning struct {
	dt, beta, lambda float64 // beta = 1/τ_w
}

func newNetwork(p Params, w []float64) network {
	l := learning{dt: p.Dt, beta: 1 / p.TauW, lambda: p.Lambda}
	switch p.Model {
	case Full:
		return &fullNetwork{n: p.Neurons, w: w, learning: l}
	case Kernel:
		return newKernelNetwork(p.Neurons, w, l, false)
	case KernelSingle:
		return newKernelNetwork(p.Neurons, w, l, true)
	}
	panic("sim: unknown model " + string(p.Model))
}

// fullNetwork is the N×N model: w[x·n+y] is the weight from pre y to post x.
type fullNetwork struct {
	n int
	w []float64
	learning
}

func (f *fullNetwork) weights() []float64 { return f.w }

func (f *fullNetwork) recurrent(dst, delayed []float64) {
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
func (f *fullNetwork) learn(dx, delayed []float64) {
	for x := range f.n {
		post := dx[x] / f.dt
		row := f.w[x*f.n : (x+1)*f.n]
		for y, v := range row {
			row[y] = v + (-f.lambda*v+post*delayed[y])*f.dt*f.beta
		}
	}
}

// kernelNetwork is the translation-invariant model: k[j] is the weight from
// pre i to post (i+j) mod n. Convolutions and correlations use real FFTs.
type kernelNetwork struct {
	n      int
	k      []float64
	single bool // learn from presynaptic neuron 0 alone
	learning

	fft        *fourier.FFT
	kc, ac, bc []complex128 // spectra
	corr       []float64
}

func newKernelNetwork(n int, k []float64, l learning, single bool) *kernelNetwork {
	m := n/2 + 1
	return &kernelNetwork{
		n: n, k: k, single: single, learning: l,
		fft: fourier.NewFFT(n),
		kc:  make([]complex128, m), ac: make([]complex128, m), bc: make([]complex128, m),
		corr: make([]float64, n),
	}
}

func (k *kernelNetwork) weights() []float64 { return k.k }

// recurrent is the circular convolution I[x] = Σ_j k[j]·delayed[(x−j) mod n]
// (notebook: np.real(np.fft.ifft(np.fft.fft(w) * np.fft.fft(x)))).
func (k *kernelNetwork) recurrent(dst, delayed []float64) {
	k.fft.Coefficients(k.kc, k.k)
	k.fft.Coefficients(k.ac, delayed)
	for i := range k.ac {
		k.ac[i] *= k.kc[i]
	}
	k.fft.Sequence(dst, k.ac)
	inv := 1 / float64(k.n)
	for i := range dst {
		dst[i] *= inv
	}
}

func (k *kernelNetwork) learn(dx, delayed []float64) {
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
