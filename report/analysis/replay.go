package analysis

import (
	"math"
	"math/cmplx"

	"gonum.org/v1/gonum/dsp/fourier"
)

// Replay: what a ring whose input is off after the initial phase
// (input.stimulate = false; a replay also has its learning off and starts
// from learned weights, [init] from) does on its own. The initial phase
// drives one period of the travelling input; afterwards only the learned
// recurrence acts. Over the last periods of the run (the analysis's last
// window):
//
//	sustained   the rates still span at least SustainedRange (max − min over
//	            every neuron and row of the window): a pattern persists. A ring
//	            that forgets settles on the uniform fixed point, range → 0.
//	position    ψ(t) = arg R_k(t), R_k(t) = Σ_x r(x, t)·e^{−2πi·k·x/N}, for the
//	            spatial mode k ≥ 1 of the largest mean |R_k| (k = 1 for one bump),
//	            unwrapped in time. A pattern r(x − v·t) has ψ = const − 2π·k·v·t/N.
//	replay_speed      v = −(N/(2π·k))·dψ/dt, least squares over the window, in
//	                  neurons per second; positive towards increasing neuron index.
//	replay_direction  sign(v), and 0 when the pattern moves less than MinTravel·N
//	                  neurons over the window or is not sustained.
//	replay_period     N/(k·|v|), s: the time after which a neuron sees the pattern
//	                  again (one turn of a single bump round the ring).
//
// The prediction set against them is the simplest the learned kernel and
// the delay give: a neuron's activity excites most the neuron at the
// kernel's peak offset j* (signed, in (−N/2, N/2]), which answers after the
// delay τ_d and its own rise time τ_x, so the activity hops j* neurons every
// τ_d + τ_x:
//
//	v_pred = j* / (τ_d + τ_x),  period_pred = N/|v_pred|.
//
// It ignores the width of the kernel, its negative lobe and the
// saturation of φ, which is where it can fail; the page gives the
// numbers, and says so when they differ by more than PredictionTolerance.

// SustainedRange is the least span of the rates (φ ∈ (0, 1)) over the
// window for the activity to count as sustained: half the sigmoid's range.
// A travelling bump spans nearly all of it (≈ 1); a ring that forgets
// settles on a uniform rate (span → 0, below 1e−3 within a few τ_x).
const SustainedRange = 0.5

// MinTravel is the least distance, as a fraction of the ring, that the
// pattern must move over the window to be said to travel. A bump that
// settles where the kernel holds it still drifts by a few neurons as it
// settles (λ = 10 in replay_lambda: ~1 neuron of 100 in 40 ms); a replay
// of the training wave runs round the ring in about a period.
const MinTravel = 0.05

// PredictionTolerance is the relative difference between measured and
// predicted replay speed beyond which the page says the prediction fails:
// the prediction rounds the kernel to its peak and the response to one hop
// of τ_d + τ_x, a model good to tens of percent at best.
const PredictionTolerance = 0.25

// Replay is what MeasureReplay finds; the numbers are NaN where they do
// not apply (not sustained, not travelling).
type Replay struct {
	Range     float64 // max − min of the rates over the window
	Sustained bool
	Mode      int     // spatial mode k followed
	Speed     float64 // neurons/s, + towards increasing index
	Direction int     // +1, −1, 0
	Period    float64 // s
	Window    float64 // s, duration measured

	PeakOffset      int     // j*, signed
	PredictedSpeed  float64 // neurons/s
	PredictedPeriod float64 // s
	SpeedRelDiff    float64 // Speed/PredictedSpeed − 1
}

// MeasureReplay measures rates (rows × n, every h seconds) against the
// kernel learned (offset convention of package sim) and the delay and rise
// time, in seconds.
func MeasureReplay(rates []float64, n int, h float64, kernel []float64, tauD, tauX float64) Replay {
	rows := len(rates) / n
	r := Replay{Speed: math.NaN(), Period: math.NaN(), SpeedRelDiff: math.NaN(), Window: float64(max(rows-1, 0)) * h}
	pk, _ := Extrema(kernel)
	r.PeakOffset = pk.Offset
	if 2*r.PeakOffset > n {
		r.PeakOffset -= n
	}
	r.PredictedSpeed = float64(r.PeakOffset) / (tauD + tauX)
	r.PredictedPeriod = float64(n) / math.Abs(r.PredictedSpeed)
	if rows < 2 {
		r.Range = math.NaN()
		return r
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range rates {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	r.Range = hi - lo
	r.Sustained = r.Range >= SustainedRange
	if !r.Sustained {
		return r
	}
	// Every row's spatial spectrum, the dominant mode by mean amplitude
	// over the window, and its unwrapped phase.
	fft := fourier.NewFFT(n)
	spectra := make([][]complex128, rows)
	amp := make([]float64, n/2+1)
	for t := range rows {
		spectra[t] = fft.Coefficients(nil, rates[t*n:(t+1)*n])
		for k := 1; k < len(amp); k++ {
			amp[k] += cmplx.Abs(spectra[t][k])
		}
	}
	best := 1
	for k := 2; k < len(amp); k++ {
		if amp[k] > amp[best] {
			best = k
		}
	}
	r.Mode = best
	phase := make([]float64, rows)
	prev := 0.0
	for t := range rows {
		p := cmplx.Phase(spectra[t][best])
		if t > 0 {
			p += 2 * math.Pi * math.Round((prev-p)/(2*math.Pi))
		}
		phase[t], prev = p, p
	}
	var st, sp, stt, stp float64
	for t, p := range phase {
		x := float64(t) * h
		st, sp, stt, stp = st+x, sp+p, stt+x*x, stp+x*p
	}
	m := float64(rows)
	slope := (m*stp - st*sp) / (m*stt - st*st) // rad/s
	r.Speed = -slope * float64(n) / (2 * math.Pi * float64(best))
	if math.Abs(r.Speed)*r.Window >= MinTravel*float64(n) {
		r.Direction = int(math.Copysign(1, r.Speed))
		r.Period = float64(n) / (float64(best) * math.Abs(r.Speed))
	}
	if r.PredictedSpeed != 0 {
		r.SpeedRelDiff = r.Speed/r.PredictedSpeed - 1
	}
	return r
}

// replayOf measures the replay of a run whose input is off after the
// initial phase, over its last window; nil for a run driven throughout.
func replayOf(info Info, last Window, kernel []float64) *Replay {
	p := info.Params
	if p.Stimulate {
		return nil
	}
	r := MeasureReplay(last.Values, p.Neurons, float64(info.ActivityEvery())*p.Dt, kernel, info.Delay(), p.TauX)
	return &r
}

// setReplay fills in the replay columns: null for a run driven throughout.
func (m *Measurements) setReplay(r *Replay, period float64) {
	m.ReplayRange, m.ReplaySpeed, m.ReplayPeriod, m.ReplayDirection = nan(), nan(), nan(), nan()
	m.ReplaySpeedPredicted, m.ReplayPeriodPredicted, m.ReplaySpeedRelDiff, m.ReplayPeriodOverT = nan(), nan(), nan(), nan()
	if r == nil {
		return
	}
	sustained := r.Sustained
	m.Sustained = &sustained
	m.ReplayRange, m.ReplayDirection = Num(r.Range), Num(r.Direction)
	m.ReplaySpeed, m.ReplayPeriod = Num(r.Speed), Num(r.Period)
	m.ReplaySpeedPredicted, m.ReplayPeriodPredicted = Num(r.PredictedSpeed), Num(r.PredictedPeriod)
	m.ReplaySpeedRelDiff, m.ReplayPeriodOverT = Num(r.SpeedRelDiff), Num(r.Period/period)
}
