package sim

import "math"

func init() {
	Register(ModelSpec{Name: Full, Doc: "N×N weights (notebook: f_I_matrix_multiply, get_dw)",
		Matrix: true, Pairing: EachSynapse, network: func(p Params, w0 []float64, h *history) network { return newBlockedFull(p, w0, h) }, reference: newReferenceFull})
}

// blockedFull is the full model computed in blocks of up to d steps, where d
// is the delay. Step by step the model is a matrix-vector product and a rank-1
// update of the N×N weights, each a pass over 8·N² bytes for 2·N² flops:
// memory-bound. But the rates that reach the synapses at step i, X[i−d], are
// known d steps ahead, so a block of b ≤ d steps that starts from weights
// W_s (after step s) can be written with matrix-matrix products. With
// c = 1 − λ·dt/τ_w, β = 1/τ_w, D_m = X[s+1+m−d] and dx_m the change of the
// rates at step s+1+m, the weights before step s+1+m are
//
//	W = c^m·W_s + Σ_{k<m} c^{m−1−k}·β·dx_k ⊗ D_k
//
// so that the recurrent input of that step is
//
//	I = c^m·(W_s·D_m) + Σ_{k<m} c^{m−1−k}·β·(D_k·D_m)·dx_k.
//
// At the start of a block one pass over W applies the b rank-1 updates of
// the previous block at once (N×b by b×N) and computes the Gram matrix
// D_k·D_m of the new one; each step then needs W_s·D_m and combines m vectors.
// Every element of W is loaded and stored once per block, so the work is
// compute-bound. It is split between cores by rows.
//
// Most neurons do not need their input at all: the sigmoid saturates (see
// stimulus), and |I_x| ≤ ‖W[x]‖₂·‖D_m‖₂, with the row norms bounded step by
// step (‖W_i[x]‖ ≤ |c|·‖W_{i−1}[x]‖ + β·|dx[x]|·‖D_m‖). In a sparse block,
// (W_s·D_m)_x and the combination are computed for the few neurons the bound
// does not decide. When many neurons needed their input in the last block
// (weak drive), the next is dense: the pass over W also computes W_s·D_m for
// every neuron and every step (N×N by N×b). Both ways compute the same
// numbers in the same order (see kernels.go), so the choice changes the time
// only, never the bits.
//
// The result differs from the step-by-step reference by rounding: the decay
// is applied as c^b once per block instead of c each step, and sums are taken
// in another order.
type blockedFull struct {
	n, np     int // neurons; rows of w rounded up to a multiple of 4 (the kernels' tile)
	hist      *history
	stim      *stimulus
	dt        float64
	stimulate bool
	frozen    bool // learning off: w stays w0, no update is applied
	last      int  // the last step of the run
	bmax, bp  int  // steps per block, min(d, maxBlock); rounded up to a multiple of 4
	beta      float64
	slack     float64   // rounds norms up: covers sums of up to n+bmax terms
	pow       []float64 // pow[m] = c^m for m ≤ bmax
	w         []float64 // np×n, row-major; rows ≥ n stay zero

	start, b, done int  // the current block is steps start+1 … start+b, of which done have learned
	dense          bool // whether this block computes W_s·D_m for every neuron
	needed         int  // inputs computed in this block, to choose the next block's way

	rows    [2][]float64 // D_m of a block, bp×n; rows[cur] is the current block's
	cur     int
	p       []float64 // dense: bp×np, p[m·np+x] = (W_s·D_m)[x]
	gram    []float64 // bp×bp: gram[k·bp+m] = D_k·D_m for k ≤ m (by tiles)
	coef    []float64 // bmax×bmax: coef[m·bmax+k] = c^{m−1−k}·β·gram[k·bp+m]
	dx      []float64 // bmax×n: dx_m of the current block
	u       []float64 // the update's coefficients c^{b−1−k}·β·dx_k[x], by tiles as ger reads them
	sq      []float64 // 8 partial sums of squares per row, from ger
	norm    []float64 // np: bounds on ‖W_{i−1}[x]‖₂ for the current step
	dnorm   []float64 // bmax: bounds on ‖D_m‖₂
	pending int       // > 0: w still lacks the update of the last block, of that many steps (rows[1−cur])
	prepare bool      // whether the next phase prepares the current block
	input   []float64 // the recurrent input of the current step, where computed
	need    []int
	mid     []float64 // the weights in the middle of a block, on demand
	umid    []float64 // and their update's coefficients
	team    *team
}

// alwaysDense makes every block dense, for the tests that check that the
// choice does not change the numbers.
var alwaysDense = false

// maxBlock bounds the steps of a block: each step combines up to that many
// vectors of N, and each block computes a Gram matrix of that size.
const maxBlock = 80

// parallelWork is the size N²·b of a block above which its pass over W is
// split between goroutines; below it, handing work over costs more than it
// saves.
const parallelWork = 1 << 20

// maxChunks bounds the pieces a parallel pass over W is cut into: enough
// for the goroutines to even out, few enough that each is a long stretch of
// rows (16 tiles of 4 rows at N = 500).
const maxChunks = 32

func newBlockedFull(p Params, w0 []float64, h *history) *blockedFull {
	n := p.Neurons
	l := newLearning(p)
	f := &blockedFull{
		n: n, np: (n + 3) &^ 3, hist: h, stim: newStimulus(p),
		dt: p.Dt, stimulate: p.Stimulate, frozen: p.Frozen, last: p.Steps() - 1,
		bmax: min(p.Delay(), maxBlock), beta: l.beta,
	}
	f.bp = (f.bmax + 3) &^ 3
	f.slack = 1 + 1e-12 + float64(4*float64(n+f.bmax)*0x1p-53)
	// The notebook's step is w + (−λ·w + (dx/dt)·D)·dt·β = c·w + β·dx·D.
	c := 1 - float64(l.lambda*l.dt*l.beta)
	f.pow = make([]float64, f.bmax+1)
	f.pow[0] = 1
	for m := 1; m <= f.bmax; m++ {
		f.pow[m] = f.pow[m-1] * c
	}
	f.w = make([]float64, f.np*n)
	copy(f.w, w0)
	f.start = max(p.InitPhaseSteps(), 1) - 1 // W_s = w0 until the main phase
	for r := range f.rows {
		f.rows[r] = make([]float64, f.bp*n)
	}
	f.p = make([]float64, f.bp*f.np)
	f.gram = make([]float64, f.bp*f.bp)
	f.coef = make([]float64, f.bmax*f.bmax)
	f.dx = make([]float64, f.bmax*n)
	f.u = make([]float64, f.bmax*f.np)
	f.sq = make([]float64, 8*f.np)
	f.norm = make([]float64, f.np)
	f.dnorm = make([]float64, f.bmax)
	f.input = make([]float64, n)
	f.need = make([]int, 0, n)
	parts, chunks := 1, 1
	if n*n*f.bmax >= parallelWork {
		parts, chunks = f.np/4, min(f.np/4, maxChunks)
	}
	f.team = newTeam(parts, chunks, f.phase)
	return f
}

func (f *blockedFull) close() { f.team.stop() }

func (f *blockedFull) targets(dst []float64, i int) {
	if i > f.start+f.b {
		if i != f.start+f.b+1 || f.done != f.b {
			panic("sim: steps out of order")
		}
		f.begin(i - 1)
	}
	m := i - f.start - 1
	t := float64(i) * f.dt
	f.need = f.stim.decide(dst, f.need[:0], nil, f.norm[:f.n], f.dnorm[m], t, f.stimulate)
	f.needed += len(f.need)
	p := f.p[m*f.np : m*f.np+f.n]
	if !f.dense {
		// Four at a time (a short group repeats its last neuron): dot4 runs
		// four chains of multiply-adds in the time of one.
		rows := f.rows[f.cur][m*f.n : (m+1)*f.n]
		for need := f.need; len(need) > 0; need = need[min(4, len(need)):] {
			var a, b [4][]float64
			var out [4]float64
			for r := range 4 {
				x := need[min(r, len(need)-1)]
				a[r], b[r] = f.w[x*f.n:(x+1)*f.n], rows
			}
			dot4(&out, &a, &b, f.n)
			for r, x := range need[:min(4, len(need))] {
				p[x] = out[r]
			}
		}
	}
	// The operations of combine, for all neurons at once (the others' inputs
	// are not used) or for the few needed.
	if 16*len(f.need) > f.n {
		combine(f.input, p, f.pow[m], f.coef[m*f.bmax:], f.dx, f.n, m)
	} else {
		coef := f.coef[m*f.bmax : m*f.bmax+m]
		for _, x := range f.need {
			in := float64(f.pow[m] * p[x])
			for k, c := range coef {
				in = math.FMA(c, f.dx[k*f.n+x], in)
			}
			f.input[x] = in
		}
	}
	f.stim.finish(dst, f.input, f.need, t, f.stimulate)
}

func (f *blockedFull) learn(dx, _ []float64, i int) {
	m := i - f.start - 1
	if f.frozen {
		// β = 0 and c = 1 (newLearning): the coefficients of the inputs
		// (coef) are zero, the norms stay; only the block's count moves.
		f.done = m + 1
		if f.done == f.b {
			f.cur = 1 - f.cur
		}
		return
	}
	copy(f.dx[m*f.n:(m+1)*f.n], dx)
	// The coefficients of the block's update, c^{b−1−m}·β·dx[x], where ger
	// reads them (u[(t·b+m)·4+r] for x = 4t+r; zero for the padding).
	a := f.pow[f.b-1-m] * f.beta
	for x := 0; x < f.np; x += 4 {
		u := f.u[(x*f.b/4+m)*4 : (x*f.b/4+m)*4+4]
		if x+4 <= f.n {
			u[0], u[1], u[2], u[3] = float64(a*dx[x]), float64(a*dx[x+1]), float64(a*dx[x+2]), float64(a*dx[x+3])
			continue
		}
		for r := range u {
			u[r] = 0
			if x+r < f.n {
				u[r] = float64(a * dx[x+r])
			}
		}
	}
	// Upper bounds, rounded up: the factor covers the rounding of each step.
	c, bd := math.Abs(f.pow[1]), f.beta*f.dnorm[m]
	for x, v := range dx {
		f.norm[x] = (float64(c*f.norm[x]) + float64(bd*math.Abs(v))) * (1 + 1e-12)
	}
	f.done = m + 1
	if f.done == f.b-f.b/8 {
		// The pass at the end of the block will need the helpers: waking
		// takes ~100 µs, an eighth of a block gives them the time.
		f.team.wake()
	}
	if f.done == f.b {
		f.pending = f.b
		f.cur = 1 - f.cur
	}
}

// begin starts the block of the steps after s.
func (f *blockedFull) begin(s int) {
	// Dense if more than one neuron in 8 needed its input in the last block:
	// then computing them one by one costs more than the pass.
	f.dense = f.b > 0 && f.needed > f.b*f.n/8 || alwaysDense
	f.needed = 0
	f.start, f.b, f.done = s, min(f.bmax, f.last-s), 0
	rows := f.rows[f.cur]
	for m := range f.b {
		copy(rows[m*f.n:(m+1)*f.n], f.hist.delayed(s+1+m))
	}
	clear(rows[f.b*f.n:])
	f.prepare = true
	f.team.run()
	f.pending = 0
	for m := range f.b {
		coef := f.coef[m*f.bmax:]
		for k := range m {
			coef[k] = float64(f.pow[m-1-k]*f.beta) * f.gram[k*f.bp+m]
		}
		f.dnorm[m] = math.Sqrt(f.gram[m*f.bp+m]) * f.slack
	}
}

// pack writes the coefficients c^{m−1−k}·β·dx_k[x] of the update after m
// steps of the block into u, as learn does for the whole block.
func (f *blockedFull) pack(u []float64, m int) {
	for k := range m {
		a := f.pow[m-1-k] * f.beta
		dx := f.dx[k*f.n : (k+1)*f.n]
		for x := range f.np {
			v := 0.0
			if x < f.n {
				v = float64(a * dx[x])
			}
			u[((x/4)*m+k)*4+x%4] = v
		}
	}
}

// phase is one chunk of the pass over W: for its 4-row tiles, the pending
// update and the row norms, then, if preparing a block, its share of the
// Gram matrix and, if dense, the products with the block's rows.
func (f *blockedFull) phase(chunk int) {
	n, np := f.n, f.np
	lo, hi := span(np/4, chunk, f.team.chunks)
	if lo == hi {
		return
	}
	sq := f.sq[32*lo : 32*hi]
	clear(sq)
	w := f.w[4*lo*n:]
	switch k := f.pending; {
	case k > 0:
		ger(sq, w, n, hi-lo, f.u[4*k*lo:], f.rows[1-f.cur], n, k, n, f.pow[k])
	case f.prepare:
		ger(sq, w, n, hi-lo, nil, nil, n, 0, n, 1) // the norms alone
	}
	if !f.prepare {
		return
	}
	for x := 4 * lo; x < 4*hi; x++ {
		var s float64
		for _, v := range f.sq[8*x : 8*x+8] {
			s += v
		}
		f.norm[x] = math.Sqrt(s) * f.slack
	}
	var out [16]float64
	rows := f.rows[f.cur]
	for t := lo; t < hi && f.dense; t++ {
		for m0 := 0; m0 < f.b; m0 += 4 {
			dot4x4(&out, f.w[4*t*n:], n, rows[m0*n:], n, n)
			for s := range 4 {
				p := f.p[(m0+s)*np+4*t:]
				p[0], p[1], p[2], p[3] = out[s], out[4+s], out[8+s], out[12+s]
			}
		}
	}
	// The Gram matrix, by rows of tiles dealt round the chunks.
	for k0 := 4 * chunk; k0 < f.b; k0 += 4 * f.team.chunks {
		for m0 := k0; m0 < f.b; m0 += 4 {
			dot4x4(&out, rows[k0*n:], n, rows[m0*n:], n, n)
			for r := range 4 {
				copy(f.gram[(k0+r)*f.bp+m0:(k0+r)*f.bp+m0+4], out[4*r:4*r+4])
			}
		}
	}
}

// weights returns W after the last step learned. In the middle of a block it
// computes them aside, the same way the block's end will, so that recording
// weights does not change the run.
func (f *blockedFull) weights() []float64 {
	nn := f.n * f.n
	if f.frozen {
		return f.w[:nn:nn]
	}
	if f.pending > 0 {
		f.prepare = false
		f.team.run()
		f.pending = 0
	}
	if f.done == 0 || f.done == f.b {
		return f.w[:nn:nn]
	}
	if f.mid == nil {
		f.mid = make([]float64, len(f.w))
		f.umid = make([]float64, len(f.u))
	}
	copy(f.mid, f.w)
	f.pack(f.umid, f.done)
	ger(f.sq, f.mid, f.n, f.np/4, f.umid, f.rows[f.cur], f.n, f.done, f.n, f.pow[f.done])
	return f.mid[:nn:nn]
}
