package analysis

import (
	"encoding/json"
	"math"
	"strconv"
)

// Num is a measured number that may be missing: NaN, written as JSON null.
type Num float64

func (v Num) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

func (v *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*v = Num(math.NaN())
		return nil
	}
	var f float64
	err := json.Unmarshal(b, &f)
	*v = Num(f)
	return err
}

// Measurements are the numbers of one run that `ringwave table`, the sweep
// summaries and the index show, computed once from the run (Measure) and
// kept beside the cache (Store). Names are the table's columns; a number
// that does not apply or could not be measured is NaN (null, an empty cell).
type Measurements struct {
	Model string `json:"model"`

	KernelPeak         Num   `json:"kernel_peak"`
	KernelPeakOffset   int   `json:"kernel_peak_offset"`
	KernelTrough       Num   `json:"kernel_trough"`
	KernelTroughOffset int   `json:"kernel_trough_offset"`
	ZeroCrossings      []Num `json:"zero_crossings"`     // offsets, interpolated
	ZeroDown           Num   `json:"zero_crossing_down"` // SteepestCrossings
	ZeroUp             Num   `json:"zero_crossing_up"`

	// The same for each theory: the rule's steady state from the run's
	// activity, the travelling wave from neuron 0, the closed form.
	SteadyPeak         Num `json:"steady_peak"`
	SteadyZeroDown     Num `json:"steady_zero_crossing_down"`
	SteadyZeroUp       Num `json:"steady_zero_crossing_up"`
	WavePeak           Num `json:"wave_peak"`
	ClosedPeak         Num `json:"closed_peak"`
	ClosedPeakOffset   int `json:"closed_peak_offset"`
	ClosedDiscretePeak Num `json:"closed_discrete_peak"` // of the discrete scheme's closed form
	ClosedZeroDown     Num `json:"closed_zero_crossing_down"`
	ClosedZeroUp       Num `json:"closed_zero_crossing_up"`

	DecayRate          Num    `json:"decay_rate"`           // 1/s; only when the fit is good
	DecayRateFitted    Num    `json:"decay_rate_fitted"`    // 1/s, whatever the fit's quality
	DecayRatePredicted Num    `json:"decay_rate_predicted"` // λ/τ_w
	DecayFitR2         Num    `json:"decay_fit_r2"`
	DecayFitRMSLog     Num    `json:"decay_fit_rms_log"`
	DecayNote          string `json:"decay_note"`

	TheoryRelDiff Num `json:"theory_rel_diff"` // kernel vs travelling-wave theory
	SteadyRelDiff Num `json:"steady_rel_diff"` // kernel vs the rule's steady state
	// full: synapse by synapse, which adds the swing within a period
	SteadySynapseRelDiff Num `json:"steady_synapse_rel_diff"`
	ClosedRelDiff        Num `json:"closed_rel_diff"`          // kernel vs closed form
	DiscreteClosedRel    Num `json:"closed_discrete_rel_diff"` // kernel vs the discrete scheme's closed form
	TheoryVsClosed       Num `json:"theory_vs_closed"`
	SteadyPeriods        int `json:"steady_periods"`
	// The steps the rule's steady state averaged, [from, to): the last
	// periods of the last window of the activity; null without.
	SteadyFromStep *int   `json:"steady_from_step"`
	SteadyToStep   *int   `json:"steady_to_step"`
	SteadyNote     string `json:"steady_note"`
	// The fixed-point test (fixedpoint.go): NaN when not settled or not
	// computed (FixedPointNote says which), and the periods it averaged.
	FixedPointRelDiff Num    `json:"fixed_point_rel_diff"`
	FixedPointPeriods int    `json:"fixed_point_periods"`
	FixedPointNote    string `json:"fixed_point_note"`

	CirculantResidual Num `json:"circulant_residual"` // full: RMS spread of aligned rows / kernel RMS
	// full: ‖W − circ(W)‖/‖W‖, and, above NoncirculantMax, why the kernel
	// quantities are left out (KernelNote).
	Noncirculant Num    `json:"noncirculant_fraction"`
	KernelNote   string `json:"kernel_note"`
	// full: the weights against each theory synapse by synapse.
	WaveSynapseRel   Num `json:"wave_synapse_rel_diff"`
	ClosedSynapseRel Num `json:"closed_synapse_rel_diff"`
	EigenDFTDist     Num `json:"eigen_dft_dist"` // full: farthest eigenvalue from the DFT / max |DFT|

	WeightsDrift Num `json:"weights_drift"`
	// The largest weights_drift over the second half of the learning.
	WeightsDriftMax Num `json:"weights_drift_max"`
	// The activity's own period (Periodicity), s; whether it repeats after
	// a whole number of input periods; the population rate's period.
	ActivityPeriod   Num    `json:"activity_period"`
	Locked           *bool  `json:"locked"` // nil: unknown
	PopulationPeriod Num    `json:"population_period"`
	PeriodNote       string `json:"period_note"`
	// The linearised delayed loop (loop.go): its period, s, the run's loop
	// gain G = φ′·Σkernel and the gain an oscillation needs.
	LoopPeriod    Num    `json:"loop_period_predicted"`
	LoopGain      Num    `json:"loop_gain"`
	LoopThreshold Num    `json:"loop_gain_threshold"`
	DriftWindow   Num    `json:"drift_window"` // s
	DriftTerm     Num    `json:"drift_term"`
	Settled       *bool  `json:"settled"` // nil: unknown
	DriftNote     string `json:"drift_note"`
	Regime        Regime `json:"regime"`
	ClosedHolds   bool   `json:"closed_form_holds"`
	WaveHolds     bool   `json:"wave_holds"`
	SteadyHolds   bool   `json:"steady_holds"`

	PeriodError Num `json:"period_error"`
	WaveError   Num `json:"wave_error"`
	RateMin     Num `json:"rate_min"`
	RateMax     Num `json:"rate_max"`
	// The steps period_error, wave_error, the rates' range and neuron 0's
	// last period were measured on, [from, to): the last two periods of
	// the last window of the activity; null without.
	WaveFromStep *int `json:"wave_from_step"`
	WaveToStep   *int `json:"wave_to_step"`

	WallSeconds Num `json:"wall_seconds"`

	// Theory's side of some of the above: the closed form's zero crossings
	// for any period (PredictedCrossing); peak·λ, constant where the drive
	// saturates (w* = C/λ), of the kernel, the continuous and the discrete
	// closed form; the travelling-wave difference that
	// relaxation from the initial weights leaves; the full model's spread
	// of aligned rows from its swing within a period (OscillationSpread),
	// relative to the kernel's RMS; the Bauer–Fike bound of eigen_dft_dist.
	DelayZeroDown    Num `json:"delay_zero_crossing_down"`
	DelayZeroUp      Num `json:"delay_zero_crossing_up"`
	PeakLambda       Num `json:"kernel_peak_lambda"`
	ClosedPeakLambda Num `json:"closed_peak_lambda"`
	// The discrete closed form's peak·λ, the form the regime is judged by.
	ClosedDiscretePeakLambda Num `json:"closed_discrete_peak_lambda"`
	// The delay simulated: d = round(τ_d/dt) steps, d·dt seconds.
	DelaySteps         int `json:"delay_steps"`
	DelaySeconds       Num `json:"delay_simulated"`
	RelaxationExpected Num `json:"theory_rel_diff_expected"`
	CirculantPredicted Num `json:"circulant_residual_predicted"`
	EigenDFTBound      Num `json:"eigen_dft_bound"`
	// Whether the drive saturates: neuron 0's last period against the
	// low-passed square wave at the best shift (SquareError).
	SquareError Num   `json:"square_error"`
	Saturated   *bool `json:"saturated"` // nil: unknown

	// Replay (issue 21): a run whose input is off after the initial phase
	// (see Replay); null for a run driven throughout.
	Sustained             *bool `json:"sustained"`
	ReplayRange           Num   `json:"replay_range"`     // max − min of the rates over the last periods
	ReplayDirection       Num   `json:"replay_direction"` // +1, −1 or 0
	ReplayPeriod          Num   `json:"replay_period"`    // s
	ReplaySpeed           Num   `json:"replay_speed"`     // neurons/s
	ReplaySpeedPredicted  Num   `json:"replay_speed_predicted"`
	ReplayPeriodPredicted Num   `json:"replay_period_predicted"`
	ReplaySpeedRelDiff    Num   `json:"replay_speed_rel_diff"`
	ReplayPeriodOverT     Num   `json:"replay_period_over_t"` // replay period / the input's period T

	// Curves, sampled at most CurvePoints times, for the summaries' charts.
	Curves Curves `json:"curves"`
}

// Curves are a run's kernels and neuron 0's last period, sampled.
type Curves struct {
	Offsets []int `json:"offsets"`
	Kernel  []Num `json:"kernel"`
	Steady  []Num `json:"steady"` // empty without a steady state
	Closed  []Num `json:"closed"`
	Phase   []Num `json:"phase"` // s
	Rate    []Num `json:"rate"`
}

// CurvePoints bounds the samples of each curve, so that a summary of a
// hundred runs stays small.
const CurvePoints = 100

func nums(v []float64) []Num {
	out := make([]Num, len(v))
	for i, x := range v {
		out[i] = Num(x)
	}
	return out
}

// every returns every ⌈len/CurvePoints⌉-th value of v (samples, not block
// means: a peak keeps its offset).
func every(v []float64, step int) []Num {
	var out []Num
	for i := 0; i < len(v); i += step {
		out = append(out, Num(v[i]))
	}
	return out
}

func (m *Measurements) setKernel(kernel []float64) {
	pk, tr := Extrema(kernel)
	m.KernelPeak, m.KernelPeakOffset = Num(pk.Value), pk.Offset
	m.KernelTrough, m.KernelTroughOffset = Num(tr.Value), tr.Offset
	m.ZeroCrossings = nums(ZeroCrossings(kernel))
	down, up := SteepestCrossings(kernel)
	m.ZeroDown, m.ZeroUp = Num(down), Num(up)
}

// setOutcome fills in what both kinds of run measure alike.
func (m *Measurements) setOutcome(info Info, kernel []float64, o *Outcome, theory []float64, period []float64, h float64) {
	m.Model = string(info.Params.Model)
	m.setKernel(kernel)
	m.SteadyPeak, m.SteadyZeroDown, m.SteadyZeroUp = nan(), nan(), nan()
	if o.SteadyKernel != nil {
		pk, _ := Extrema(o.SteadyKernel)
		down, up := SteepestCrossings(o.SteadyKernel)
		m.SteadyPeak, m.SteadyZeroDown, m.SteadyZeroUp = Num(pk.Value), Num(down), Num(up)
	}
	wp, _ := Extrema(theory)
	m.WavePeak = Num(wp.Value)
	cp, _ := Extrema(o.Closed)
	m.ClosedPeak, m.ClosedPeakOffset = Num(cp.Value), cp.Offset
	m.ClosedDiscretePeak, m.ClosedDiscretePeakLambda = nan(), nan()
	if o.DiscreteClosed != nil {
		ep, _ := Extrema(o.DiscreteClosed)
		m.ClosedDiscretePeak = Num(ep.Value)
		m.ClosedDiscretePeakLambda = Num(ep.Value * info.Params.Lambda)
	}
	down, up := SteepestCrossings(o.Closed)
	m.ClosedZeroDown, m.ClosedZeroUp = Num(down), Num(up)

	m.DecayRate, m.DecayRateFitted, m.DecayFitR2, m.DecayFitRMSLog = nan(), nan(), nan(), nan()
	m.DecayRatePredicted = Num(info.Params.Lambda / info.Params.TauW)
	m.DecayNote = o.FitWhy
	if o.Fitted {
		m.DecayRateFitted, m.DecayFitR2, m.DecayFitRMSLog = Num(o.Fit.Rate), Num(o.Fit.R2), Num(o.Fit.RMSLog)
		if o.Fit.Good() {
			m.DecayRate = Num(o.Fit.Rate)
		} else {
			m.DecayNote = "the convergence is not exponential: " + fitVerdict(o.Fit)
		}
	} else if m.DecayNote == "" {
		m.DecayNote = "fewer than 3 snapshots at the same phase after learning starts"
	}

	m.TheoryRelDiff = Num(RelDiff(kernel, theory))
	m.SteadyRelDiff = Num(o.SteadyRel)
	m.ClosedRelDiff = Num(o.ClosedRel)
	m.DiscreteClosedRel = Num(o.DiscreteClosedRel)
	m.TheoryVsClosed = Num(RelDiff(theory, o.Closed))
	m.SteadyPeriods, m.SteadyNote = o.SteadyPeriods, o.SteadyWhy
	if o.SteadyTo > 0 {
		m.SteadyFromStep, m.SteadyToStep = &o.SteadyFrom, &o.SteadyTo
	}

	m.WeightsDrift, m.DriftWindow, m.DriftTerm, m.DriftNote = Num(o.Drift.Value), Num(o.Drift.Window), Num(o.DriftTerm), o.Drift.Why
	m.WeightsDriftMax = Num(o.Drift.Max)
	pr := o.Periodicity
	m.ActivityPeriod, m.PopulationPeriod, m.PeriodNote = Num(pr.Period), Num(pr.PopulationPeriod), pr.Why
	m.LoopPeriod, m.LoopGain, m.LoopThreshold = Num(o.LoopPeriod), Num(o.LoopGain), Num(o.LoopThreshold)
	if !math.IsNaN(pr.Period) {
		locked := pr.Locked
		m.Locked = &locked
	}
	if !o.Drift.Known {
		m.DriftWindow = nan()
	} else {
		settled := o.Drift.Settled()
		m.Settled = &settled
	}
	m.Regime, m.ClosedHolds, m.WaveHolds, m.SteadyHolds = o.Regime, o.Holds.ClosedForm, o.Holds.Wave, o.Holds.Steady
	m.PeriodError, m.WaveError, m.RateMin, m.RateMax = Num(o.Wave.PeriodError), Num(o.Wave.WaveError), Num(o.Wave.RateMin), Num(o.Wave.RateMax)
	if !o.Wave.Known {
		m.RateMin, m.RateMax = nan(), nan()
	} else {
		m.WaveFromStep, m.WaveToStep = &o.Wave.FromStep, &o.Wave.ToStep
	}
	m.WallSeconds = Num(info.Wall)
	m.DelayZeroDown, m.DelayZeroUp = Num(PredictedCrossing(info.Params, false)), Num(PredictedCrossing(info.Params, true))
	m.DelaySteps, m.DelaySeconds = info.Params.Delay(), Num(info.Delay())
	m.PeakLambda, m.ClosedPeakLambda = m.KernelPeak*Num(info.Params.Lambda), m.ClosedPeak*Num(info.Params.Lambda)
	m.CirculantPredicted, m.EigenDFTBound = nan(), nan()
	m.SquareError = Num(o.SquareError)
	if o.Wave.Known {
		saturated := o.Saturated()
		m.Saturated = &saturated
	}
	m.CirculantResidual, m.EigenDFTDist, m.SteadySynapseRelDiff = nan(), nan(), nan()
	m.Noncirculant, m.WaveSynapseRel, m.ClosedSynapseRel = nan(), nan(), nan()

	n := len(kernel)
	step := (n + CurvePoints - 1) / CurvePoints
	c := Curves{Kernel: every(kernel, step), Closed: every(o.Closed, step)}
	for j := 0; j < n; j += step {
		c.Offsets = append(c.Offsets, j)
	}
	if o.SteadyKernel != nil {
		c.Steady = every(o.SteadyKernel, step)
	}
	pstep := (len(period) + CurvePoints - 1) / CurvePoints
	c.Rate = every(period, max(pstep, 1))
	for i := 0; i < len(period); i += max(pstep, 1) {
		c.Phase = append(c.Phase, Num(float64(i)*h))
	}
	m.Curves = c
}

func nan() Num { return Num(math.NaN()) }

// dropKernel leaves out what describes the weights by a kernel, for a
// full matrix that is not circulant (Full.Circulant): its aligned mean's
// peak, crossings and agreement with kernel theories describe nothing
// physical.
func (m *Measurements) dropKernel() {
	m.KernelNote = "the weights are not circulant (noncirculant_fraction " + Percent(float64(m.Noncirculant)) +
		" > " + Percent(NoncirculantMax) + "): a kernel does not describe them"
	for _, v := range []*Num{&m.KernelPeak, &m.KernelTrough, &m.ZeroDown, &m.ZeroUp, &m.TheoryRelDiff, &m.SteadyRelDiff,
		&m.ClosedRelDiff, &m.DiscreteClosedRel, &m.PeakLambda} {
		*v = nan()
	}
	m.ZeroCrossings = nil
	m.Curves.Kernel = nil
}

// fitVerdict says how far a fit is from describing its points.
func fitVerdict(d Decay) string {
	return "an exponential fitted to the distances leaves R² = " + strconv.FormatFloat(d.R2, 'f', 4, 64) +
		" and a typical error of " + Percent(math.Exp(d.RMSLog)-1) + " (a decay rate needs " + FitCriterion() + ")"
}

// Measurements returns the numbers of a full run.
func (a *Full) Measurements() *Measurements {
	m := &Measurements{}
	period, h := a.period, a.h
	m.setOutcome(a.Run, a.Kernel, &a.Outcome, a.Theory, period, h)
	m.setReplay(a.Replay, a.Run.Params.Period)
	m.CirculantResidual = Num(a.Residual / RMS(a.Kernel))
	m.CirculantPredicted = Num(a.PredictedResidual / RMS(a.Kernel))
	m.EigenDFTBound = Num(a.EigenBound / a.SpecScale)
	m.RelaxationExpected = Num(a.ConvergenceExpected)
	m.SteadySynapseRelDiff = Num(a.SteadySynapseRel)
	if a.Eigen != nil {
		m.EigenDFTDist = Num(a.EigenDist / a.SpecScale)
	}
	m.Noncirculant, m.WaveSynapseRel, m.ClosedSynapseRel = Num(a.Noncirculant), Num(a.WaveSynapseRel), Num(a.ClosedSynapseRel)
	if !a.Circulant() {
		m.dropKernel()
	}
	return m
}

// Measurements returns the numbers of a kernel run.
func (a *Symmetry) Measurements() *Measurements {
	m := &Measurements{}
	m.setOutcome(a.Run, a.Kernel, &a.Outcome, a.Theory, a.Period, a.H)
	m.RelaxationExpected = Num(a.ConvergenceExpected)
	m.setReplay(a.Replay, a.Run.Params.Period)
	return m
}
