package analysis

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/dsp/fourier"

	"ringwave/pipeline/cache"
	"ringwave/sim"
)

// RuleSum accumulates, step by step, exactly the pairing of dx(s) =
// X[s] − X[s−1] with the delayed rates X[s−d] that a model's rule adds to
// its weights (sim.Pairing, named by the model's sim.ModelSpec), so that
// its mean over the steps gives the rule's own steady state, with no
// assumption on the activity:
//
//	sim.EachSynapse (full):              w*(x, y) = ⟨dx_x(s)·X_y(s−d)⟩_s / (λ·dt)
//	sim.MeanOverOffsets (kernel):        w*[j]    = ⟨(1/N)·Σ_i dx_{(i+j) mod N}(s)·X_i(s−d)⟩_s / (λ·dt)
//	sim.FromNeuron0 (kernel_single):     w*[j]    = ⟨X_0(s−d)·dx_j(s)⟩_s / (λ·dt)
//
// Averaged over the steps of a window, τ_w·(w(s1) − w(s0))/(s1 − s0)/dt =
// ⟨pairing⟩/dt − λ·⟨w⟩: the weights equal w* up to the drift term
// τ_w·dw/dt/λ, which vanishes when the run has settled.
type RuleSum struct {
	pairing sim.Pairing
	n       int
	sum     []float64 // N×N (full) or N
	steps   int

	// kernel: the cross-spectrum Σ_s D̂(s)·conj(X̂_d(s)), one FFT pair a step.
	fft        *fourier.FFT
	cross      []complex128
	dHat, xHat []complex128
	dx         []float64

	// full: the steps of a chunk, so that the N×N sum is one matrix product
	// per chunk rather than a rank-1 update per step.
	dRows, xRows []float64
}

// fullChunk is how many steps of a full run RuleSum multiplies at once.
const fullChunk = 256

// NewRuleSum returns a sum for the pairing of a model's rule
// (sim.ModelSpec), and an error for a pairing this package does not know:
// a new pairing needs its sum here, never another's.
func NewRuleSum(pairing sim.Pairing, n int) (*RuleSum, error) {
	r := &RuleSum{pairing: pairing, n: n}
	switch pairing {
	case sim.EachSynapse:
		r.sum = make([]float64, n*n)
	case sim.MeanOverOffsets:
		r.sum = make([]float64, n)
		r.fft = fourier.NewFFT(n)
		r.cross = make([]complex128, n/2+1)
		r.dHat = make([]complex128, n/2+1)
		r.xHat = make([]complex128, n/2+1)
		r.dx = make([]float64, n)
	case sim.FromNeuron0:
		r.sum = make([]float64, n)
	default:
		return nil, fmt.Errorf("the rule's steady state of the pairing %q is not known to the analysis", pairing)
	}
	return r, nil
}

// Add adds the step whose rates are cur, after prev, with delayed the rates
// d steps before cur.
func (r *RuleSum) Add(prev, cur, delayed []float64) {
	n := r.n
	if len(prev) != n || len(cur) != n || len(delayed) != n {
		panic("analysis: length mismatch")
	}
	r.steps++
	switch r.pairing {
	case sim.EachSynapse:
		for i := range n {
			r.dRows = append(r.dRows, cur[i]-prev[i])
		}
		r.xRows = append(r.xRows, delayed...)
		if len(r.dRows) == fullChunk*n {
			r.flush()
		}
	case sim.MeanOverOffsets:
		for i := range n {
			r.dx[i] = cur[i] - prev[i]
		}
		r.fft.Coefficients(r.dHat, r.dx)
		r.fft.Coefficients(r.xHat, delayed)
		for m := range r.cross {
			r.cross[m] += r.dHat[m] * complex(real(r.xHat[m]), -imag(r.xHat[m]))
		}
	case sim.FromNeuron0:
		x0 := delayed[0]
		for j := range n {
			r.sum[j] += x0 * (cur[j] - prev[j])
		}
	}
}

// flush adds the buffered steps of a full run: sum += Dᵀ·X.
func (r *RuleSum) flush() {
	rows := len(r.dRows) / r.n
	if rows == 0 {
		return
	}
	d := blas64.General{Rows: rows, Cols: r.n, Stride: r.n, Data: r.dRows}
	x := blas64.General{Rows: rows, Cols: r.n, Stride: r.n, Data: r.xRows}
	s := blas64.General{Rows: r.n, Cols: r.n, Stride: r.n, Data: r.sum}
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, d, x, 1, s)
	r.dRows, r.xRows = r.dRows[:0], r.xRows[:0]
}

// Steps returns the number of steps added.
func (r *RuleSum) Steps() int { return r.steps }

// Steady returns the rule's steady state, the mean pairing over the steps
// divided by λ·dt: N×N for full (row-major, post × pre), N otherwise.
func (r *RuleSum) Steady(lambda, dt float64) []float64 {
	out := make([]float64, len(r.sum))
	if r.steps == 0 {
		return out
	}
	switch r.pairing {
	case sim.EachSynapse:
		r.flush()
		copy(out, r.sum)
	case sim.MeanOverOffsets:
		// c[j] = Σ_i dx[(i+j) mod N]·x[i] is the inverse transform of
		// D̂·conj(X̂); Sequence is unnormalised (×N), and the rule's mean
		// over pairs is another 1/N.
		r.fft.Sequence(out, r.cross)
		for j := range out {
			out[j] /= float64(r.n) * float64(r.n)
		}
	case sim.FromNeuron0:
		copy(out, r.sum)
	}
	scale := 1 / (float64(r.steps) * lambda * dt)
	for i := range out {
		out[i] *= scale
	}
	return out
}

// SteadyWindow returns the window of steps over which the rule's steady
// state is averaged: the last whole periods of the run within the rule's
// memory τ_w/λ (the weights are a running average of the pairing over about
// that time), at least one period, only steps where learning ran, and,
// when the activity was recorded in windows, only steps of the last window
// whose delayed rates it holds. It returns the first and one-past-last step
// and the number of periods, or a reason why there is none.
func SteadyWindow(info Info) (from, to, periods int, why string) {
	p := info.Params
	if info.ActivityEvery() != 1 {
		return 0, 0, 0, fmt.Sprintf("the rule's steady state pairs the rates of consecutive steps and needs the activity of every step; "+
			"this run recorded every %d steps (set record.activity_every = 1)", info.ActivityEvery())
	}
	ps, ok := PeriodSteps(info)
	if !ok {
		return 0, 0, 0, fmt.Sprintf("the period T = %s s is not a whole number of steps of dt = %s s", fmtG(p.Period), fmtG(p.Dt))
	}
	to = p.Steps()
	learning := to - max(p.InitPhaseSteps(), 1)
	if learning < ps {
		return 0, 0, 0, "the run learns for less than one period"
	}
	if last := LastActivity(info); last.Part != "" {
		// The pairing at step s reads steps s−1 and s−d.
		learning = min(learning, to-(last.From+p.Delay()+1))
		if learning < ps {
			return 0, 0, 0, fmt.Sprintf("the last window of the activity (steps %d to %d) holds less than one period after the delay line", last.From, last.To)
		}
	}
	memory := int(math.Round(p.TauW / p.Lambda / p.Period))
	periods = min(max(memory, 1), learning/ps)
	return to - periods*ps, to, periods, ""
}

// PeriodSteps returns the period in steps, and false when T is not a whole
// number of steps (then no two steps share their phase exactly).
func PeriodSteps(info Info) (int, bool) {
	p := info.Params
	s := p.Period / p.Dt
	ps := int(math.Round(s))
	return ps, ps > 0 && math.Abs(s-float64(ps)) < 1e-6*s
}

// sumRule streams the activity of steps [from−d−1, to) of a stride-1 run
// (its last window) through a RuleSum, a chunk of rows at a time so that a
// long window of a large network is never in memory whole.
func sumRule(res *cache.Result, info Info, from, to int) (*RuleSum, error) {
	n, d := info.Params.Neurons, info.Params.Delay()
	spec, err := info.Spec()
	if err != nil {
		return nil, err
	}
	rs, err := NewRuleSum(spec.Pairing, n)
	if err != nil {
		return nil, err
	}
	const chunk = 2048
	zero := make([]float64, n)
	for start := from; start < to; start += chunk {
		end := min(start+chunk, to)
		lo := max(start-d-1, 0) // the rows the first step of the chunk needs
		w, err := readSteps(res, info, lo, end)
		if err != nil {
			return nil, err
		}
		if w.Rows != end-lo {
			return nil, fmt.Errorf("%s: the activity has rows to step %d, want %d", info.Name, lo+w.Rows, end)
		}
		row := func(s int) []float64 {
			if s < 0 { // before the run: the notebook's negative index reads zeros
				return zero
			}
			return w.Values[(s-lo)*n : (s-lo+1)*n]
		}
		for s := start; s < end; s++ {
			rs.Add(row(s-1), row(s), row(s-d))
		}
	}
	return rs, nil
}

func fmtG(v float64) string { return fmt.Sprintf("%.4g", v) }
