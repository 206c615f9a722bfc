package sim

// fft computes the real discrete Fourier transforms of the kernel models
// with the same bits on every machine: its twiddles come from this
// package's sincos, and every complex product is rounded explicitly (cmul),
// where gonum's FFT, like any Go code, may have its multiply-adds fused by
// the compiler on arm64 and with GOAMD64=v3. It follows gonum's
// fourier.FFT conventions, unnormalised:
//
//	coefficients:  C_k = Σ_{x<n} seq[x]·e^{−2πi·k·x/n},  k ≤ n/2
//	sequence:      seq[x] = Σ_{k<n} C_k·e^{+2πi·k·x/n},  C_{n−k} = conj(C_k)
//
// (the imaginary parts of C_0 and, for even n, C_{n/2} are ignored), so that
// sequence(coefficients(seq)) is n·seq. A real transform of even n = 2m is a
// complex one of m points (the even and odd samples as real and imaginary
// parts) and a pass that separates them; of odd n, a complex one of n
// points. The complex transform is Stockham's autosort, radix 4 and 2 with
// their own butterflies, any other prime factor p by its p×p DFT (O(n·p):
// slow for large prime factors, as gonum's).
type fft struct {
	n, m  int          // real length; complex length (n/2 for even n, else n)
	tw    []complex128 // tw[k] = e^{−2πi·k/n}, k < n
	radix []int        // the factors of m, in the order of the passes
	a, b  []complex128 // m each: the transform ping-pongs between them
	tmp   []complex128 // the inputs of a generic butterfly
}

func newFFT(n int) *fft {
	f := &fft{n: n, m: n}
	if n%2 == 0 {
		f.m = n / 2
	}
	f.tw = make([]complex128, n)
	for k, w := range twiddles(n) {
		f.tw[k] = complex(real(w), -imag(w))
	}
	maxP := 1
	for r := f.m; r > 1; {
		p := 4
		switch {
		case r%4 == 0:
		case r%2 == 0:
			p = 2
		default:
			p = 3
			for r%p != 0 {
				p += 2
			}
		}
		f.radix = append(f.radix, p)
		maxP = max(maxP, p)
		r /= p
	}
	f.a, f.b, f.tmp = make([]complex128, f.m), make([]complex128, f.m), make([]complex128, maxP)
	return f
}

// cmul is a·b with each product rounded: the same bits on every machine.
func cmul(a, b complex128) complex128 {
	ar, ai, br, bi := real(a), imag(a), real(b), imag(b)
	return complex(float64(ar*br)-float64(ai*bi), float64(ar*bi)+float64(ai*br))
}

// conj is the complex conjugate (cmplx.Conj, without the import).
func conj(a complex128) complex128 { return complex(real(a), -imag(a)) }

// coefficients sets dst (n/2+1 long) to the coefficients of seq (n long)
// and returns it.
func (f *fft) coefficients(dst []complex128, seq []float64) []complex128 {
	n, m := f.n, f.m
	if len(seq) != n || len(dst) != n/2+1 {
		panic("sim: length mismatch")
	}
	if n%2 != 0 {
		for x, v := range seq {
			f.a[x] = complex(v, 0)
		}
		copy(dst, f.transform())
		return dst
	}
	for k := range m {
		f.a[k] = complex(seq[2*k], seq[2*k+1])
	}
	z := f.transform()
	// C_k = ½·(E + conj(Z_{m−k})) − ½·i·W^k·(Z_k − conj(Z_{m−k})), W = e^{−2πi/n}.
	for k := 0; k <= m; k++ {
		a, b := z[k%m], conj(z[(m-k)%m])
		s, d := a+b, cmul(f.tw[k], a-b)
		dst[k] = complex(0.5*(real(s)+imag(d)), 0.5*(imag(s)-real(d)))
	}
	return dst
}

// sequence sets dst (n long) to the sequence of coeff (n/2+1 long), n times
// the inverse transform, and returns it.
func (f *fft) sequence(dst []float64, coeff []complex128) []float64 {
	n, m := f.n, f.m
	if len(dst) != n || len(coeff) != n/2+1 {
		panic("sim: length mismatch")
	}
	at := func(k int) complex128 { // C_k with the ignored parts zero
		c := coeff[k]
		if k == 0 || 2*k == n {
			c = complex(real(c), 0)
		}
		return c
	}
	// The inverse as conj(forward(conj(·))).
	if n%2 != 0 {
		for k := 0; k <= n/2; k++ {
			c := at(k)
			f.a[k] = conj(c)
			if k > 0 {
				f.a[n-k] = c
			}
		}
		for x, v := range f.transform() {
			dst[x] = real(v)
		}
		return dst
	}
	// 2·Z_k = (C_k + conj(C_{m−k})) + i·W^{−k}·(C_k − conj(C_{m−k})); its
	// inverse of m points is n·(seq[2j] + i·seq[2j+1]).
	for k := range m {
		a, b := at(k), conj(at(m-k))
		s, d := a+b, cmul(conj(f.tw[k]), a-b)
		f.a[k] = conj(complex(real(s)-imag(d), imag(s)+real(d)))
	}
	for j, v := range f.transform() {
		dst[2*j], dst[2*j+1] = real(v), -imag(v)
	}
	return dst
}

// transform computes the forward DFT of the m points in f.a and returns the
// slice (f.a or f.b) that holds it.
func (f *fft) transform() []complex128 {
	x, y := f.a, f.b
	l, s := f.m, 1 // the length of the sub-transforms, their stride
	unit := f.n / f.m
	for _, p := range f.radix {
		lp := l / p
		step := unit * (f.m / l) // e^{−2πi·q/l} = tw[q·step]
		switch p {
		case 4:
			for q := range lp {
				w1, w2, w3 := f.tw[q*step], f.tw[2*q*step], f.tw[3*q*step]
				for k := range s {
					a0, a1, a2, a3 := x[k+s*q], x[k+s*(q+lp)], x[k+s*(q+2*lp)], x[k+s*(q+3*lp)]
					b0, b1, b2 := a0+a2, a0-a2, a1+a3
					d := a1 - a3
					b3 := complex(imag(d), -real(d)) // −i·(a1 − a3)
					o := k + s*4*q
					y[o] = b0 + b2
					y[o+s] = cmul(w1, b1+b3)
					y[o+2*s] = cmul(w2, b0-b2)
					y[o+3*s] = cmul(w3, b1-b3)
				}
			}
		case 2:
			for q := range lp {
				w := f.tw[q*step]
				for k := range s {
					a, b := x[k+s*q], x[k+s*(q+lp)]
					o := k + s*2*q
					y[o] = a + b
					y[o+s] = cmul(w, a-b)
				}
			}
		default:
			root := unit * (f.m / p) // e^{−2πi/p} = tw[root]
			for q := range lp {
				for k := range s {
					for j := range p {
						f.tmp[j] = x[k+s*(q+lp*j)]
					}
					o := k + s*p*q
					for r := range p {
						sum := f.tmp[0]
						for j := 1; j < p; j++ {
							sum += cmul(f.tw[(j*r%p)*root], f.tmp[j])
						}
						y[o+s*r] = cmul(f.tw[q*r*step], sum)
					}
				}
			}
		}
		l, s = lp, s*p
		x, y = y, x
	}
	return x
}
