package analysis

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/fourier"
)

// Periodicity is the activity's own period over the last periods of a run
// (the last window), which need not be the input's T: a weak drive can
// leave an orbit of period 2T (kernel_single at A = 0.1, issue 20) or an
// oscillation not locked to the input at all (≈ 41 ms against T = 20 ms).
//
//	locked:    the smallest k ≤ MaxCycles with ‖X(t) − X(t − k·T)‖/‖X − X̄‖ ≤
//	           PeriodicTolerance: the period is k·T;
//	otherwise: the first peak (after its first minimum) of the
//	           autocorrelation of the activity, Σ_x (X_x(t) − X̄_x)·(X_x(t+τ) −
//	           X̄_x) averaged over t, normalised to 1 at τ = 0 and interpolated
//	           by a parabola, when it is at least AutocorrelationMin;
//	           unknown when there is none.
//
// The population rate's period is found the same way from the
// autocorrelation of the mean rate over neurons (NaN when that rate is
// constant, as for a pattern that only travels round the ring).
type Periodicity struct {
	Period           float64 // s; NaN when unknown
	Locked           bool    // the activity repeats after a whole number of input periods
	Cycles           int     // k when locked: the period is k·T
	PopulationPeriod float64 // s; NaN when unknown
	Errors           []float64
	Why              string // why the period is unknown, if it is
}

// PeriodicTolerance is the relative error ‖X(t) − X(t − k·T)‖/‖X − X̄‖
// under which the activity repeats with period k·T. Settled orbits repeat
// to rounding and their remaining drift (6.6e−8 for kernel_single at
// A = 0.1 over 2T; 0 for a saturated drive); the oscillations not locked
// to the input miss by 14 % and more at every k ≤ 4.
const PeriodicTolerance = 1e-3

// MaxCycles is the longest locked period looked for, in input periods.
const MaxCycles = 4

// AutocorrelationMin is the least normalised autocorrelation at its first
// peak for that lag to be a period: the oscillations of a weak drive
// reach 0.75 at their period over 8 input periods; noise stays near 0.
const AutocorrelationMin = 0.5

// periodicityPeriods is how many input periods of the last window the
// periodicity is measured on: MaxCycles·2, so that a 2T orbit repeats
// four times and an unlocked 41 ms oscillation does at T = 20 ms.
const periodicityPeriods = 2 * MaxCycles

// measurePeriodicity measures the rows of w, sampled every h seconds.
func measurePeriodicity(info Info, w Window) Periodicity {
	n := info.Params.Neurons
	h := float64(info.ActivityEvery()) * info.Params.Dt
	pr := Periodicity{Period: math.NaN(), PopulationPeriod: math.NaN()}
	rows := w.Rows
	if rows < 4 {
		pr.Why = "fewer than 4 rows of activity"
		return pr
	}
	x := w.Values
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var spread float64
	for _, v := range x {
		spread += (v - mean) * (v - mean)
	}
	if s := info.Params.Period / h; math.Abs(s-math.Round(s)) < 1e-6*s && spread > 0 {
		p := int(math.Round(s))
		for k := 1; k <= MaxCycles && k*p < rows; k++ {
			var d, sp float64
			lag := k * p * n
			var m float64
			for _, v := range x[lag:] {
				m += v
			}
			m /= float64(len(x) - lag)
			for i := lag; i < len(x); i++ {
				e := x[i] - x[i-lag]
				d += e * e
				sp += (x[i] - m) * (x[i] - m)
			}
			e := 0.0
			if d > 0 {
				e = math.Sqrt(d / sp)
			}
			pr.Errors = append(pr.Errors, e)
			if e <= PeriodicTolerance && !pr.Locked {
				pr.Locked, pr.Cycles, pr.Period = true, k, float64(k)*info.Params.Period
			}
		}
	}
	pop := make([]float64, rows)
	for r := range rows {
		for _, v := range x[r*n : (r+1)*n] {
			pop[r] += v / float64(n)
		}
	}
	if lag, ok := firstPeak(autocorrelation(pop, rows, 1)); ok {
		pr.PopulationPeriod = lag * h
	}
	if !pr.Locked {
		if lag, ok := firstPeak(autocorrelation(x, rows, n)); ok {
			pr.Period = lag * h
		} else {
			pr.Why = fmt.Sprintf("the activity neither repeats after up to %d periods of the input nor has an autocorrelation peak of at least %g over the last %d rows", MaxCycles, AutocorrelationMin, rows)
		}
	}
	return pr
}

// autocorrelation returns a[τ], τ < rows/2, of the rows×n series x: the
// sum over columns of the centred products at lag τ, averaged over the
// rows that overlap and normalised to a[0] = 1 (nil for a constant x).
// One zero-padded FFT per column.
func autocorrelation(x []float64, rows, n int) []float64 {
	size := 2 * rows
	fft := fourier.NewFFT(size)
	seq := make([]float64, size)
	coeff := make([]complex128, size/2+1)
	back := make([]float64, size)
	sum := make([]float64, rows/2)
	for col := range n {
		var m float64
		for r := range rows {
			m += x[r*n+col]
		}
		m /= float64(rows)
		for r := range rows {
			seq[r] = x[r*n+col] - m
		}
		clear(seq[rows:])
		fft.Coefficients(coeff, seq)
		for i, c := range coeff {
			coeff[i] = complex(real(c)*real(c)+imag(c)*imag(c), 0)
		}
		fft.Sequence(back, coeff)
		for t := range sum {
			sum[t] += back[t]
		}
	}
	if !(sum[0] > 1e-20*float64(rows*n)) {
		return nil
	}
	a := make([]float64, len(sum))
	for t := range a {
		a[t] = sum[t] / float64(rows-t) / (sum[0] / float64(rows))
	}
	return a
}

// firstPeak returns the lag of the first local maximum of a after its
// first local minimum, refined by a parabola through its neighbours, when
// a there is at least AutocorrelationMin.
func firstPeak(a []float64) (float64, bool) {
	t := 1
	for t+1 < len(a) && !(a[t] <= a[t-1] && a[t] <= a[t+1]) {
		t++
	}
	for t+1 < len(a) && !(a[t] >= a[t-1] && a[t] >= a[t+1]) {
		t++
	}
	if t+1 >= len(a) || a[t] < AutocorrelationMin {
		return 0, false
	}
	l, c, r := a[t-1], a[t], a[t+1]
	shift := 0.0
	if den := l - 2*c + r; den != 0 {
		shift = 0.5 * (l - r) / den
	}
	return float64(t) + shift, true
}
