package analysis

import "math"

// Outcome is what the analyses of both kinds of run measure alike: the
// rule's steady state from the run's own activity, the closed form, how far
// the weights still move, how they converged, what the activity looks
// like, and from these which theory holds.
type Outcome struct {
	// SteadyKernel is the kernel of the rule's steady state (RuleSum; for
	// the full model the mean of its aligned rows), nil when the activity
	// does not allow it (SteadyWhy says why). SteadyRel is the learned
	// kernel's relative difference from it (for the full model, of the
	// means of the aligned rows: Full.SteadySynapseRel compares synapses).
	SteadyKernel  []float64
	SteadyWhy     string
	SteadyPeriods int // whole periods averaged
	// The steps averaged, [SteadyFrom, SteadyTo) (0, 0 without).
	SteadyFrom, SteadyTo int
	SteadyRel            float64 // NaN without a steady state

	Closed    []float64 // kernel* of the low-passed square wave (continuous time)
	ClosedRel float64   // RelDiff(kernel, Closed)
	// DiscreteClosed is the closed form of the simulation's own discrete
	// scheme (DiscreteClosedKernel), exact where the drive saturates; nil
	// when the period is not an even number of steps (DiscreteWhy). The
	// continuous form misses by the discretisation alone (4 % at N = 100,
	// dt/τ_x = 0.04), which says nothing about whether the drive
	// saturates; the regime uses this one.
	DiscreteClosed    []float64
	DiscreteClosedRel float64 // NaN without
	DiscreteWhy       string

	Drift Drift
	// Periodicity is the activity's own period over the last periods.
	Periodicity Periodicity
	// The linearised delayed loop of the population rate (loop.go): its
	// period, the gain it must exceed, the run's gain G = φ′·Σkernel; and
	// the population rate's spectrum over the last periods (Hz, power
	// relative to its largest).
	LoopPeriod, LoopThreshold, LoopGain float64
	SpectrumFreq, SpectrumPower         []float64
	// DriftTerm is the drift term of the rule's balance, τ_w·‖dw/dt‖/(λ·‖w‖)
	// with dw/dt from the change over Drift.Window: how far from their
	// steady state the weights may still be.
	DriftTerm float64

	// The distance of every snapshot from the last one (relative to its
	// norm; those at distance 0 left out), the relaxation predicted at the
	// rate λ/τ_w, and the fit to the snapshots at the last one's phase.
	HistoryTimes, Distance []float64
	// LastSnapshot is the time of the last snapshot, t_end of the
	// distances (which leave it out: its distance is 0), seconds.
	LastSnapshot   float64
	Predicted, Fit Decay
	Fitted         bool   // a fit was made; Fit.Good() says whether it means something
	FitWhy         string // which snapshots the fit uses, or why there is none

	Wave Wave
	// SquareError is how far neuron 0's last period is from the low-passed
	// square wave of a saturated drive (SquareError); NaN when unknown.
	SquareError float64
	Regime      Regime
	Holds       Holds
}

// Saturated reports whether the drive saturates: neuron 0's rate is the
// low-passed square wave, at some shift, within WaveTolerance. The rate's
// range alone does not tell (a short period keeps a saturated neuron away
// from 0 and 1 too).
func (o *Outcome) Saturated() bool { return o.Wave.Known && o.SquareError <= WaveTolerance }

// measureActivity measures the last periods of the activity: whether it is
// a travelling wave, and whether neuron 0's period (sampled every h) is a
// saturated one.
func (o *Outcome) measureActivity(info Info, w Window, period []float64, h float64) {
	o.LoopPeriod, o.LoopThreshold = LoopPeriod(info.Params)
	o.Wave = measureWave(info, w, period, h)
	o.SquareError = math.NaN()
	if len(period) > 0 {
		o.SquareError = SquareError(period, squarePeriod(info, len(period), h))
	}
}

// measureOscillation measures the activity's own period and the loop
// over the recent rows, for the kernel (the full model's aligned mean).
func (o *Outcome) measureOscillation(info Info, kernel []float64, recent Window) {
	o.Periodicity = measurePeriodicity(info, recent)
	o.LoopGain = loopGain(info, kernel, recent)
	o.SpectrumFreq, o.SpectrumPower = PopulationSpectrum(info, recent)
}

// history is what the outcome needs of the weight snapshots: their
// distance to the last one and its norm (same units).
type history struct {
	rows       int
	dist       []float64
	norm       float64
	learnStart float64
	// pair returns ‖w_b − w_a‖/‖w_b‖ for snapshots a and b (weights_drift_max).
	pair func(a, b int) (float64, error)
}

func (o *Outcome) measure(info Info, kernel []float64, h history, steadyRel, waveRel float64) {
	p := info.Params
	o.Closed = SquareWaveKernel(p.Neurons, p.Period, p.TauX, info.Delay(), p.Lambda)
	o.ClosedRel = RelDiff(kernel, o.Closed)
	o.DiscreteClosedRel = math.NaN()
	if spec, err := info.Spec(); err == nil {
		o.DiscreteClosed, o.DiscreteWhy = DiscreteClosedKernel(p, spec.Pairing)
	}
	if o.DiscreteClosed != nil {
		o.DiscreteClosedRel = RelDiff(kernel, o.DiscreteClosed)
	}
	o.SteadyRel = steadyRel

	cycles := 1
	if o.Periodicity.Locked {
		cycles = o.Periodicity.Cycles
	}
	snaps := snapshotsOf(info, h.rows, cycles)
	rel := make([]float64, h.rows)
	for s := range rel {
		rel[s] = h.dist[s] / h.norm
	}
	cycle := 0.0
	if pr := o.Periodicity; !pr.Locked && !math.IsNaN(pr.Period) {
		cycle = pr.Period
	}
	o.Drift = weightsDrift(info, snaps, rel, cycle)
	if mx, err := driftMax(info, snaps, o.Drift, h.pair); err == nil {
		o.Drift.Max = mx
	} else {
		o.Drift.Why = "the largest drift could not be read: " + err.Error()
	}
	o.DriftTerm = math.NaN()
	if o.Drift.Known && o.Drift.Window > 0 {
		o.DriftTerm = o.Drift.Value * p.TauW / (p.Lambda * o.Drift.Window)
	}
	o.FitWhy = snaps.Why
	if h.rows > 0 {
		o.HistoryTimes, o.Distance = relativeDistances(snaps.Times, h.dist, h.norm)
		o.LastSnapshot = snaps.Times[h.rows-1]
		var ft, fd []float64
		for _, s := range snaps.Same {
			ft, fd = append(ft, snaps.Times[s]), append(fd, rel[s])
		}
		o.Predicted, o.Fit, o.Fitted = decays(info, ft, fd, snaps.Times[h.rows-1])
	}
	o.Regime, o.Holds = regimeOf(o.Drift, o.DiscreteClosedRel, waveRel, o.SteadyRel)
}

// decays returns the predicted relaxation of the distances to the weights
// at tEnd, anchored at the first snapshot once learning has started, and
// the fitted one.
func decays(info Info, times, dist []float64, tEnd float64) (pred, fit Decay, ok bool) {
	t0 := info.LearnStart()
	k := info.Params.Lambda / info.Params.TauW
	for i, t := range times {
		if t >= t0 && dist[i] > 0 {
			pred = PredictedDecay(t, dist[i], tEnd, k)
			fit, ok = FitDecay(times, dist, t, tEnd, k)
			return pred, fit, ok
		}
	}
	return pred, fit, false
}
