package analysis

import "math"

// Extremum is a value of a kernel and the offset where it is reached.
type Extremum struct {
	Offset int
	Value  float64
}

// Extrema returns the largest and the smallest value of v and their first
// index.
func Extrema(v []float64) (peak, trough Extremum) {
	peak = Extremum{0, math.Inf(-1)}
	trough = Extremum{0, math.Inf(1)}
	for j, x := range v {
		if x > peak.Value {
			peak = Extremum{j, x}
		}
		if x < trough.Value {
			trough = Extremum{j, x}
		}
	}
	return peak, trough
}

// ZeroCrossings returns the offsets where the periodic sequence v changes
// sign, linearly interpolated between neighbours: a crossing between j and
// j+1 (mod N) is reported as j + v[j]/(v[j] − v[j+1]), in [0, N). A value
// of exactly 0 counts once, where it is reached.
func ZeroCrossings(v []float64) []float64 {
	n := len(v)
	var out []float64
	for j := range n {
		a, b := v[j], v[(j+1)%n]
		switch {
		case a == 0:
			if v[(j-1+n)%n] != 0 {
				out = append(out, float64(j))
			}
		case a*b < 0:
			out = append(out, float64(j)+a/(a-b))
		}
	}
	return out
}

// Decay is a fit of distances to the final weights, D(t) = ‖w(t) − w_end‖,
// by the decay of a linear relaxation towards a fixed point w*:
// w(t) − w* = (w(t0) − w*)·e^(−k(t−t0)) gives
//
//	D(t) = c·(e^(−k(t−t0)) − e^(−k(t_end−t0))).
type Decay struct {
	Rate  float64 // k, 1/s
	Scale float64 // c
	T0    float64 // s
	TEnd  float64 // s
	// How well a fit describes the points, on log D (a fit only): R² and
	// the RMS residual, the typical factor e^RMSLog between fit and data.
	R2, RMSLog float64
	Points     int // points fitted
}

// FitR2Min and FitRMSLogMax decide whether a fitted decay means something:
// the distances to the final weights of a linear relaxation follow the
// model to rounding (R² = 1 − 1e−9 on the headline runs), while a
// convergence that is not exponential leaves a residual of tens of % on
// log D. Outside these bounds the rate is withheld.
const (
	FitR2Min     = 0.99
	FitRMSLogMax = 0.1
)

// FitTypicalErrorMax is FitRMSLogMax as the typical relative error between
// fit and data it allows, e^0.1 − 1 ≈ 10.5 %: what pages and README state
// (FitCriterion).
var FitTypicalErrorMax = math.Exp(FitRMSLogMax) - 1

// Good reports whether the fit describes its points well enough for its
// rate to be a decay rate.
func (d Decay) Good() bool { return d.Points >= 3 && d.R2 >= FitR2Min && d.RMSLog <= FitRMSLogMax }

// At returns the fitted distance at time t.
func (d Decay) At(t float64) float64 {
	return d.Scale * (math.Exp(-d.Rate*(t-d.T0)) - math.Exp(-d.Rate*(d.TEnd-d.T0)))
}

// PredictedDecay anchors the relaxation at the rate k on the first point:
// D(t0) is measured, the rest follows.
func PredictedDecay(t0, d0, tEnd, k float64) Decay {
	return Decay{Rate: k, T0: t0, TEnd: tEnd, Scale: d0 / (1 - math.Exp(-k*(tEnd-t0)))}
}

// distFloor is the relative distance below which FitDecay ignores points:
// the weights are float64 sums of ~1e4 steps, whose rounding leaves a
// relative floor near 1e−13, and an unsaturated step amplifies it (A = 10
// leaves ~1e−10 of noise).
const distFloor = 1e-8

// FitDecay fits Decay to the points (times[i], dist[i]) with times ≥ t0 and
// before the last tenth of [t0, tEnd] (where D → 0 and its logarithm is
// all noise) and above distFloor, by least squares on log D. guess is a rate to search around,
// within a factor of 100. It returns ok = false with fewer than 3 usable
// points.
func FitDecay(times, dist []float64, t0, tEnd, guess float64) (Decay, bool) {
	var ts, ls []float64
	limit := t0 + 0.9*(tEnd-t0)
	for i, t := range times {
		// Below distFloor the distance is rounding, not relaxation: a fast
		// decay reaches it long before the run ends.
		if t >= t0 && t <= limit && dist[i] > distFloor {
			ts = append(ts, t)
			ls = append(ls, math.Log(dist[i]))
		}
	}
	if len(ts) < 3 || !(guess > 0) {
		return Decay{}, false
	}
	// For a given k the best log c is the mean residual; search log k.
	cost := func(logk float64) (float64, float64) {
		k := math.Exp(logk)
		end := math.Exp(-k * (tEnd - t0))
		var logc float64
		g := make([]float64, len(ts))
		for i, t := range ts {
			g[i] = math.Log(math.Exp(-k*(t-t0)) - end)
			logc += ls[i] - g[i]
		}
		logc /= float64(len(ts))
		var s float64
		for i := range ts {
			r := ls[i] - g[i] - logc
			s += r * r
		}
		return s, logc
	}
	lo, hi := math.Log(guess/100), math.Log(guess*100)
	const phi = 0.6180339887498949
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, _ := cost(a)
	fb, _ := cost(b)
	for hi-lo > 1e-10 {
		if fa < fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa, _ = cost(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb, _ = cost(b)
		}
	}
	logk := (lo + hi) / 2
	res, logc := cost(logk)
	var mean, total float64
	for _, l := range ls {
		mean += l
	}
	mean /= float64(len(ls))
	for _, l := range ls {
		total += (l - mean) * (l - mean)
	}
	d := Decay{Rate: math.Exp(logk), Scale: math.Exp(logc), T0: t0, TEnd: tEnd,
		RMSLog: math.Sqrt(res / float64(len(ts))), Points: len(ts), R2: 1}
	if total > 0 {
		d.R2 = 1 - res/total
	}
	return d, true
}

// SteepestCrossings returns, of the zero crossings of the periodic
// sequence v (as ZeroCrossings interpolates them), the steepest where v
// goes from positive to negative (down) and from negative to positive
// (up); NaN where there is none. The steady state of the rule has one of
// each, at offsets −d (down) and N/2 − d (up) for a saturated drive; noise
// adds shallow pairs that these ignore.
func SteepestCrossings(v []float64) (down, up float64) {
	n := len(v)
	down, up = math.NaN(), math.NaN()
	var sDown, sUp float64
	for j := range n {
		a, b := v[j], v[(j+1)%n]
		if !(a*b < 0 || a == 0 && b != 0) {
			continue
		}
		x := float64(j) + a/(a-b)
		if slope := b - a; slope < 0 && -slope > sDown {
			down, sDown = x, -slope
		} else if slope > 0 && slope > sUp {
			up, sUp = x, slope
		}
	}
	return down, up
}
