package analysis

import "math"

// Wave says whether the last activity of a run is what the travelling-wave
// theory assumes: periodic with the input's period T, and every neuron
// firing neuron 0's rate shifted by its phase, r(x, t) = R(t + θ_x).
type Wave struct {
	// PeriodError is ‖X(t) − X(t − T)‖/‖X − X̄‖ over the last period: 0 for
	// activity periodic with period T.
	PeriodError float64
	// WaveError is ‖r(x, t) − R(t + θ_x)‖/‖X − X̄‖ over the last period,
	// R being neuron 0's last period (OnePeriod): 0 for a travelling wave.
	WaveError float64
	// The range of the rates over the last period: 0 to 1 when the sigmoid
	// saturates; under a weak drive whatever the recurrence makes of it
	// (0.016 to 0.25 for neuron 0's mean at A = 0.1, issue 20).
	RateMin, RateMax float64
	Known            bool // false with less than two periods recorded
	// The steps measured, [FromStep, ToStep): the last two periods of the
	// last window of the activity.
	FromStep, ToStep int
}

// WaveTolerance is the relative error below which the activity counts as
// periodic, or as a travelling wave: the saturated runs give 0 up to
// rounding, the unsaturated ones that break the wave 30 % and more.
const WaveTolerance = 0.05

// Travelling reports whether the activity is a travelling wave of period T.
func (w Wave) Travelling() bool {
	return w.Known && w.PeriodError <= WaveTolerance && w.WaveError <= WaveTolerance
}

// measureWave measures the last two periods of w (at least, rows of
// activity_every steps) against a period R of neuron 0 sampled every h.
func measureWave(info Info, w Window, period []float64, h float64) Wave {
	n := info.Params.Neurons
	p := info.PeriodRows()
	if w.Rows < 2*p || len(period) == 0 {
		return Wave{PeriodError: math.NaN(), WaveError: math.NaN()}
	}
	last := w.Values[(w.Rows-p)*n:]
	prev := w.Values[(w.Rows-2*p)*n : (w.Rows-p)*n]
	var mean float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range last {
		mean += v
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	mean /= float64(len(last))
	var spread, perr, werr float64
	_, whole := PeriodSteps(info)
	onGrid := whole && info.ActivityEvery() == 1
	tn := info.Params.Period / float64(n)
	for r := range p {
		t := float64(w.Start+w.Rows-p+r) * h
		for x := range n {
			v := last[r*n+x]
			spread += (v - mean) * (v - mean)
			d := v - prev[r*n+x]
			perr += d * d
			m := int(math.Round(mod(t+float64(x)*tn, info.Params.Period)/h)) % len(period)
			if onGrid {
				// The grid rounds θ_x down to whole steps (PhaseSteps):
				// neuron x fires neuron 0's rate k_x steps ahead.
				m = (int(math.Round(t/h)) + PhaseSteps(x, len(period), n)) % len(period)
			}
			d = v - period[m]
			werr += d * d
		}
	}
	rel := func(e float64) float64 {
		if e == 0 {
			return 0
		}
		return math.Sqrt(e / spread)
	}
	from, to := w.Steps(info, w.Rows-2*p, w.Rows)
	return Wave{PeriodError: rel(perr), WaveError: rel(werr), RateMin: lo, RateMax: hi, Known: true, FromStep: from, ToStep: to}
}

// SquareError is min over shifts k of ‖R − S(· − k)‖/‖S − S̄‖: how far a
// period of neuron 0's rate R is from the low-passed square wave S sampled
// at the same phases, whatever its phase (the recurrent input moves the
// edges of a saturated drive, and the theories depend on R's
// autocorrelation only).
func SquareError(r, sq []float64) float64 {
	p := len(sq)
	if len(r) != p {
		panic("analysis: length mismatch")
	}
	var mean float64
	for _, v := range sq {
		mean += v
	}
	mean /= float64(p)
	var spread float64
	for _, v := range sq {
		spread += (v - mean) * (v - mean)
	}
	best := math.Inf(1)
	for k := range p {
		var d float64
		for i := range p {
			e := r[i] - sq[(i+k)%p]
			d += e * e
		}
		best = math.Min(best, d)
	}
	return math.Sqrt(best / spread)
}

// squarePeriod is the low-passed square wave of a saturated drive at the
// phases m·h of one period, m < p.
func squarePeriod(info Info, p int, h float64) []float64 {
	sq := make([]float64, p)
	for m := range sq {
		sq[m] = SquareWave(float64(m)*h, info.Params.Period, info.Params.TauX)
	}
	return sq
}
