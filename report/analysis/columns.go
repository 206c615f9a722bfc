package analysis

import "strconv"

// Registry is every measurement of a run, in the order of the columns of
// `ringwave table`. Adding a measurement is one entry here and its
// computation (a field of Measurements, set in measurements.go); README's
// table of columns is regenerated from this (go generate ./report/table)
// and the tests hold every view to it.
var Registry = []Measure{
	{Name: "kernel_peak", Unit: Dimensionless, Label: "kernel peak", Kind: Number, Digits: 4,
		Meaning: "the learned kernel's largest weight (full model: of the mean of the aligned rows)",
		Get:     num(func(m *Measurements) Num { return m.KernelPeak }), Note: kernelNote,
		Theory:  []string{"steady_peak", "wave_peak", "closed_peak", "closed_discrete_peak"},
		Settled: true, Views: InText | InIndex | InPoints | OnPage, Chart: "Kernel peak"},
	{Name: "kernel_peak_offset", Unit: "neurons", Label: "at offset", Kind: Count,
		Meaning: "the offset j of the peak (kernel[j]: pre i → post (i+j) mod N)",
		Get:     kernelCount(func(m *Measurements) int { return m.KernelPeakOffset }), Note: kernelNote,
		Theory: []string{"closed_peak_offset"}, Settled: true, Views: InText | InIndex | InPoints | OnPage},
	{Name: "kernel_trough", Unit: Dimensionless, Label: "kernel trough", Kind: Number, Digits: 4,
		Meaning: "the learned kernel's smallest weight",
		Get:     num(func(m *Measurements) Num { return m.KernelTrough }), Note: kernelNote, Settled: true, Views: OnPage},
	{Name: "kernel_trough_offset", Unit: "neurons", Label: "at offset", Kind: Count,
		Meaning: "the offset j of the trough",
		Get:     kernelCount(func(m *Measurements) int { return m.KernelTroughOffset }), Note: kernelNote, Settled: true, Views: OnPage},
	{Name: "zero_crossings", Unit: "neurons", Label: "zero crossings", Kind: Numbers, Digits: 1,
		Meaning: "every offset where the kernel changes sign, interpolated (csv: joined by ;)",
		Get:     func(m *Measurements) any { return floatList(m.ZeroCrossings) }, Note: kernelNote,
		Settled: true, Views: InText | InPoints | OnPage},
	{Name: "zero_crossing_down", Unit: "neurons", Label: "zero crossing + to −", Kind: Number, Digits: 4,
		Meaning: "the steepest crossing from + to − (≈ −d mod N, the delay in steps)",
		Get:     num(func(m *Measurements) Num { return m.ZeroDown }), Note: kernelNote,
		Theory:  []string{"steady_zero_crossing_down", "closed_zero_crossing_down", "delay_zero_crossing_down"},
		Settled: true, Views: OnPage, Chart: "Zero crossings"},
	{Name: "zero_crossing_up", Unit: "neurons", Label: "zero crossing − to +", Kind: Number, Digits: 4,
		Meaning: "the steepest crossing from − to + (≈ N/2 − d mod N)",
		Get:     num(func(m *Measurements) Num { return m.ZeroUp }), Note: kernelNote,
		Theory:  []string{"steady_zero_crossing_up", "closed_zero_crossing_up", "delay_zero_crossing_up"},
		Settled: true, Views: OnPage, Chart: "Zero crossings"},
	{Name: "steady_zero_crossing_down", Unit: "neurons", Label: "rule's steady state: crossing + to −", Kind: Number, Digits: 4,
		Meaning: "zero_crossing_down of the rule's steady state", Column: ColSteady,
		Get: num(func(m *Measurements) Num { return m.SteadyZeroDown }), Note: steadyNote},
	{Name: "steady_zero_crossing_up", Unit: "neurons", Label: "rule's steady state: crossing − to +", Kind: Number, Digits: 4,
		Meaning: "zero_crossing_up of the rule's steady state", Column: ColSteady,
		Get: num(func(m *Measurements) Num { return m.SteadyZeroUp }), Note: steadyNote},
	{Name: "closed_zero_crossing_down", Unit: "neurons", Label: "closed form: crossing + to −", Kind: Number, Digits: 4,
		Meaning: "zero_crossing_down of the closed form", Column: ColClosed,
		Get: num(func(m *Measurements) Num { return m.ClosedZeroDown })},
	{Name: "closed_zero_crossing_up", Unit: "neurons", Label: "closed form: crossing − to +", Kind: Number, Digits: 4,
		Meaning: "zero_crossing_up of the closed form", Column: ColClosed,
		Get: num(func(m *Measurements) Num { return m.ClosedZeroUp })},
	{Name: "steady_peak", Unit: Dimensionless, Label: "rule's steady state", Kind: Number, Digits: 4,
		Meaning: "the peak of the rule's steady state w* = ⟨pairing⟩/(λ·dt), from the run's own activity", Column: ColSteady,
		Get: num(func(m *Measurements) Num { return m.SteadyPeak }), Note: steadyNote, Chart: "Kernel peak"},
	{Name: "wave_peak", Unit: Dimensionless, Label: "travelling wave", Kind: Number, Digits: 4,
		Meaning: "the peak of the travelling wave's steady state C(j·T/N + τ_d)/λ, C from neuron 0's last period", Column: ColWave,
		Get: num(func(m *Measurements) Num { return m.WavePeak })},
	{Name: "closed_peak", Unit: Dimensionless, Label: "closed form (saturated drive)", Kind: Number, Digits: 4,
		Meaning: "the peak of the closed form, a low-passed square wave", Column: ColClosed,
		Get: num(func(m *Measurements) Num { return m.ClosedPeak }), Chart: "Kernel peak"},
	{Name: "closed_discrete_peak", Unit: Dimensionless, Label: "closed form, discrete (exact)", Kind: Number, Digits: 4,
		Meaning: "the peak of the closed form of the simulation's discrete scheme, exact for a saturated drive (empty when T is not an even number of steps)", Column: ColDiscrete,
		Get: num(func(m *Measurements) Num { return m.ClosedDiscretePeak }), Chart: "Kernel peak"},
	{Name: "decay_rate", Unit: "1/s", Label: "decay rate", Kind: Number, Digits: 6,
		Meaning: "fitted to the convergence of the weights; empty when the fit is poor (" + FitCriterion() + " needed)",
		Get:     num(func(m *Measurements) Num { return m.DecayRate }), Theory: []string{"decay_rate_predicted"},
		Note:  func(m *Measurements) string { return m.DecayNote },
		Views: InText | InIndex | InPoints | OnPage, Chart: "Decay rate"},
	{Name: "decay_rate_predicted", Unit: "1/s", Label: "λ/τ_w", Kind: Number, Digits: 6,
		Meaning: "λ/τ_w, the rate of a linear relaxation", Column: ColPredicted,
		Get: num(func(m *Measurements) Num { return m.DecayRatePredicted }), Chart: "Decay rate"},
	{Name: "decay_fit_r2", Unit: Dimensionless, Label: "decay fit R²", Kind: Number, Digits: 4,
		Meaning: "the decay fit's R² on log distance",
		Get:     num(func(m *Measurements) Num { return m.DecayFitR2 }), Views: OnPage},
	{Name: "theory_rel_diff", Unit: Dimensionless, Label: "vs travelling wave", Kind: Number, Percent: true,
		Meaning: "‖kernel − w*‖/‖w*‖ for the travelling wave's steady state",
		Get:     num(func(m *Measurements) Num { return m.TheoryRelDiff }), Note: kernelNote, Theory: []string{"theory_rel_diff_expected"},
		Tolerance: AgreeTolerance, Settled: true, Views: InText | InIndex | InPoints | OnPage, Chart: "Agreement with each theory"},
	{Name: "steady_rel_diff", Unit: Dimensionless, Label: "vs steady state", Kind: Number, Percent: true,
		Meaning: "‖kernel − w*‖/‖w*‖ for the rule's steady state (full model: of the aligned means); an identity of the discrete rule for settled weights, no evidence (fixed_point_rel_diff tests it)",
		Get:     num(func(m *Measurements) Num { return m.SteadyRelDiff }), Note: func(m *Measurements) string { return cmpOr(m.KernelNote, m.SteadyNote) },
		Tolerance: AgreeTolerance, Settled: true, Views: InText | InIndex | InPoints | OnPage, Chart: "Agreement with each theory"},
	{Name: "steady_synapse_rel_diff", Unit: Dimensionless, Label: "weights vs steady state", Kind: Number, Percent: true,
		Meaning: "full model: the same synapse by synapse, which adds each synapse's swing within a period",
		Get:     num(func(m *Measurements) Num { return m.SteadySynapseRelDiff }), Settled: true, Views: OnPage},
	{Name: "closed_rel_diff", Unit: Dimensionless, Label: "vs closed form", Kind: Number, Percent: true,
		Meaning: "‖kernel − w*‖/‖w*‖ for the closed form",
		Get:     num(func(m *Measurements) Num { return m.ClosedRelDiff }), Note: kernelNote,
		Tolerance: AgreeTolerance, Settled: true, Views: InPoints | OnPage, Chart: "Agreement with each theory"},
	{Name: "closed_discrete_rel_diff", Unit: Dimensionless, Label: "vs closed form, discrete (exact)", Kind: Number, Percent: true,
		Meaning: "the same for the discrete scheme's exact closed form (the regime uses this one)",
		Get:     num(func(m *Measurements) Num { return m.DiscreteClosedRel }), Note: kernelNote,
		Tolerance: AgreeTolerance, Settled: true, Views: OnPage},
	{Name: "theory_vs_closed", Unit: Dimensionless, Label: "travelling wave vs closed form", Kind: Number, Percent: true,
		Meaning: "the travelling wave's steady state against the closed form",
		Get:     num(func(m *Measurements) Num { return m.TheoryVsClosed }), Views: OnPage},
	{Name: "circulant_residual", Unit: Dimensionless, Label: "circulant residual", Kind: Number, Percent: true,
		Meaning: "full model: RMS spread of the aligned rows, relative to the kernel's RMS (0: circulant)",
		Get:     num(func(m *Measurements) Num { return m.CirculantResidual }), Theory: []string{"circulant_residual_predicted"},
		Views: OnPage},
	{Name: "eigen_dft_dist", Unit: Dimensionless, Label: "eigenvalues vs DFT", Kind: Number, Digits: 4,
		Meaning: "full model: farthest eigenvalue of w from the kernel's DFT, relative to the largest |DFT|",
		Get:     num(func(m *Measurements) Num { return m.EigenDFTDist }), Theory: []string{"eigen_dft_bound"}, Views: OnPage},
	{Name: "weights_drift", Unit: Dimensionless, Label: "weights drift", Kind: Number, Percent: true,
		Meaning: "‖w_end − w(t_end − drift_window)‖/‖w_end‖, snapshots a whole number of the activity's periods apart (activity_period when locked)",
		Get:     num(func(m *Measurements) Num { return m.WeightsDrift }), Tolerance: DriftTolerance,
		Note:  func(m *Measurements) string { return m.DriftNote },
		Views: InText | InPoints | OnPage, Chart: "Stationarity"},
	{Name: "drift_window", Unit: "s", Label: "over the last", Kind: Number, Digits: 4,
		Meaning: "the span of weights_drift: whole periods nearest the rule's memory τ_w/λ",
		Get:     num(func(m *Measurements) Num { return m.DriftWindow }), Views: OnPage},
	{Name: "settled", Unit: "", Label: "settled", Kind: Flag,
		Meaning: "weights_drift_max ≤ " + Percent(DriftTolerance) + " (weights_drift when the history is too short; empty: no snapshots)",
		Get:     func(m *Measurements) any { return m.Settled }, Views: InText, Good: isTrue},
	{Name: "regime", Unit: "", Label: "regime", Kind: Label,
		Meaning: "the most specific theory within " + Percent(AgreeTolerance) + " of a settled kernel (full model: kernel theories only for a matrix within noncirculant_fraction ≤ " + Percent(NoncirculantMax) + " of circulant, else the rule's steady state synapse by synapse): closed_form, travelling_wave, steady_state (the rule's steady state, only when it passes the fixed-point test); untested (only the rule's steady state, no fixed-point run); else none, not_settled or unknown",
		Get:     func(m *Measurements) any { return string(m.Regime) },
		Good:    func(v any) bool { return Regime(v.(string)).Explained() },
		Theory:  []string{"steady_holds", "wave_holds", "closed_form_holds"},
		Views:   InText | InIndex | InPoints | OnPage},
	{Name: "period_error", Unit: Dimensionless, Label: "periodic: error", Kind: Number, Percent: true,
		Meaning: "the last period of activity against the one before, relative to the rates' spread (0: periodic with T)",
		Get:     num(func(m *Measurements) Num { return m.PeriodError }), Tolerance: WaveTolerance,
		Views: OnPage, Chart: "Activity"},
	{Name: "wave_error", Unit: Dimensionless, Label: "travelling wave: error", Kind: Number, Percent: true,
		Meaning: "the last period against neuron 0's rate shifted round the ring (0: a travelling wave)",
		Get:     num(func(m *Measurements) Num { return m.WaveError }), Tolerance: WaveTolerance,
		Views: OnPage, Chart: "Activity"},
	{Name: "rate_min", Unit: Dimensionless, Label: "lowest rate", Kind: Number, Digits: 4,
		Meaning: "the lowest rate over the last period",
		Get:     num(func(m *Measurements) Num { return m.RateMin }), Views: OnPage},
	{Name: "rate_max", Unit: Dimensionless, Label: "highest rate", Kind: Number, Digits: 4,
		Meaning: "the highest rate over the last period",
		Get:     num(func(m *Measurements) Num { return m.RateMax }), Views: OnPage},
	{Name: "wall_seconds", Unit: "s", Label: "wall time", Kind: Number, Digits: 4,
		Meaning: "the simulation's wall time, from run.json",
		Get:     num(func(m *Measurements) Num { return m.WallSeconds }), Views: InIndex | OnPage, Chart: "Wall time"},

	// Added after the columns above, which keep their places.
	{Name: "closed_peak_offset", Unit: "neurons", Label: "closed form", Kind: Count,
		Meaning: "the offset of the closed form's peak", Column: ColClosed,
		Get: func(m *Measurements) any { return m.ClosedPeakOffset }},
	{Name: "delay_zero_crossing_down", Unit: "neurons", Label: "−(τ_d − dt/2)·N/T mod N", Kind: Number, Digits: 4,
		Meaning: "−(τ_d − dt/2)·N/T mod N, τ_d = d·dt the simulated delay: where C vanishes at lag 0 (dx is centred dt/2 back), for any T", Column: ColPredicted,
		Get: num(func(m *Measurements) Num { return m.DelayZeroDown }), Chart: "Zero crossings"},
	{Name: "delay_zero_crossing_up", Unit: "neurons", Label: "N/2 − (τ_d − dt/2)·N/T mod N", Kind: Number, Digits: 4,
		Meaning: "N/2 − (τ_d − dt/2)·N/T mod N: where C vanishes at lag T/2, for any T", Column: ColPredicted,
		Get: num(func(m *Measurements) Num { return m.DelayZeroUp }), Chart: "Zero crossings"},
	{Name: "kernel_peak_lambda", Unit: Dimensionless, Label: "kernel peak × λ", Kind: Number, Digits: 4,
		Meaning: "kernel_peak·λ: constant in λ where the drive saturates (w* = C/λ)",
		Get:     num(func(m *Measurements) Num { return m.PeakLambda }), Note: kernelNote, Theory: []string{"closed_discrete_peak_lambda", "closed_peak_lambda"},
		Settled: true, Chart: "Kernel peak × λ", Against: "dynamics.lambda"},
	{Name: "closed_peak_lambda", Unit: Dimensionless, Label: "closed form", Kind: Number, Digits: 4,
		Meaning: "closed_peak·λ (continuous time)", Column: ColClosed,
		Get: num(func(m *Measurements) Num { return m.ClosedPeakLambda }), Chart: "Kernel peak × λ"},
	{Name: "decay_rate_fitted", Unit: "1/s", Label: "fitted rate, any fit", Kind: Number, Digits: 6,
		Meaning: "the fitted rate whatever the fit's quality",
		Get:     num(func(m *Measurements) Num { return m.DecayRateFitted })},
	{Name: "decay_fit_rms_log", Unit: Dimensionless, Label: "decay fit RMS on log", Kind: Number, Digits: 4,
		Meaning: "the fit's RMS residual on log distance; e^x − 1 is its typical error",
		Get:     num(func(m *Measurements) Num { return m.DecayFitRMSLog })},
	{Name: "decay_note", Unit: "", Label: "decay", Kind: Label,
		Meaning: "which snapshots the fit uses, or why there is no decay rate",
		Get:     func(m *Measurements) any { return m.DecayNote }},
	{Name: "theory_rel_diff_expected", Unit: Dimensionless, Label: "expected from relaxation", Kind: Number, Percent: true,
		Meaning: "e^(−λ(t_end − t_0)/τ_w)·‖w_0 − w*‖/‖w*‖: what relaxation at λ/τ_w leaves of the initial weights", Column: ColPredicted,
		Get: num(func(m *Measurements) Num { return m.RelaxationExpected })},
	{Name: "circulant_residual_predicted", Unit: Dimensionless, Label: "swing within a period", Kind: Number, Percent: true,
		Meaning: "full model: the RMS swing of the weights within a period around their steady state, from the run's R", Column: ColPredicted,
		Get: num(func(m *Measurements) Num { return m.CirculantPredicted })},
	{Name: "eigen_dft_bound", Unit: Dimensionless, Label: "Bauer–Fike bound", Kind: Number, Digits: 4,
		Meaning: "full model: ‖w − circulant‖_F relative to the largest |DFT|, a bound of eigen_dft_dist", Column: ColPredicted,
		Get: num(func(m *Measurements) Num { return m.EigenDFTBound })},
	{Name: "steady_periods", Unit: "periods", Label: "steady state over", Kind: Count,
		Meaning: "the whole periods the rule's steady state averages (0: none)",
		Get:     func(m *Measurements) any { return m.SteadyPeriods }, Views: OnPage},
	{Name: "steady_note", Unit: "", Label: "steady state", Kind: Label,
		Meaning: "why there is no rule's steady state, if there is none",
		Get:     func(m *Measurements) any { return m.SteadyNote }},
	{Name: "drift_term", Unit: Dimensionless, Label: "drift term", Kind: Number, Percent: true,
		Meaning: "τ_w·‖dw/dt‖/(λ·‖w‖) over drift_window: how far from their steady state the weights may still be",
		Get:     num(func(m *Measurements) Num { return m.DriftTerm }), Views: OnPage},
	{Name: "drift_note", Unit: "", Label: "drift", Kind: Label,
		Meaning: "why weights_drift is unknown, if it is",
		Get:     func(m *Measurements) any { return m.DriftNote }},
	{Name: "steady_holds", Unit: "", Label: "holds", Kind: Flag, Column: ColSteady,
		Meaning: "settled, and the rule's steady state within " + Percent(AgreeTolerance),
		Get:     func(m *Measurements) any { return m.SteadyHolds }, Good: isTrue},
	{Name: "wave_holds", Unit: "", Label: "holds", Kind: Flag, Column: ColWave,
		Meaning: "settled, and the travelling wave's steady state within " + Percent(AgreeTolerance),
		Get:     func(m *Measurements) any { return m.WaveHolds }, Good: isTrue},
	{Name: "closed_form_holds", Unit: "", Label: "holds", Kind: Flag, Column: ColDiscrete,
		Meaning: "settled, and the discrete scheme's exact closed form within " + Percent(AgreeTolerance),
		Get:     func(m *Measurements) any { return m.ClosedHolds }, Good: isTrue},
	{Name: "square_error", Unit: Dimensionless, Label: "square wave: error", Kind: Number, Percent: true,
		Meaning: "neuron 0's last period against the low-passed square wave of a saturated drive, at the best shift",
		Get:     num(func(m *Measurements) Num { return m.SquareError }), Tolerance: WaveTolerance,
		Views: OnPage, Chart: "Activity"},
	{Name: "saturated", Unit: "", Label: "saturated", Kind: Flag,
		Meaning: "square_error ≤ " + Percent(WaveTolerance) + ": the drive saturates and the closed form may apply (empty: unknown)",
		Get:     func(m *Measurements) any { return m.Saturated }, Views: OnPage},

	// The steps the analyses of stride-1 activity used (recording windows).
	{Name: "steady_from_step", Unit: "steps", Label: "steady state from step", Kind: Count,
		Meaning: "the first step the rule's steady state averages: the last whole periods of the last window, within τ_w/λ (empty: none)",
		Get:     func(m *Measurements) any { return step(m.SteadyFromStep) }},
	{Name: "steady_to_step", Unit: "steps", Label: "steady state to step", Kind: Count,
		Meaning: "one past the last step the rule's steady state averages",
		Get:     func(m *Measurements) any { return step(m.SteadyToStep) }},
	{Name: "wave_from_step", Unit: "steps", Label: "last period from step", Kind: Count,
		Meaning: "the first step of the last two periods that period_error, wave_error, rate_min and rate_max read (the last window's, when the run records in windows)",
		Get:     func(m *Measurements) any { return step(m.WaveFromStep) }},
	{Name: "wave_to_step", Unit: "steps", Label: "last period to step", Kind: Count,
		Meaning: "one past the last step of those periods",
		Get:     func(m *Measurements) any { return step(m.WaveToStep) }},

	// A replay (a run whose input is off after the initial phase, see
	// Replay): empty for runs driven throughout.
	{Name: "sustained", Unit: "", Label: "sustained", Kind: Flag,
		Meaning: "replay: the rates still span ≥ " + strconv.FormatFloat(SustainedRange, 'g', -1, 64) + " (max − min) over the last periods",
		Get:     func(m *Measurements) any { return m.Sustained }, Views: InTextIfAny, Good: isTrue},
	{Name: "replay_direction", Unit: Dimensionless, Label: "replay direction", Kind: Number, Digits: 1,
		Meaning: "replay: +1 towards increasing neuron index, −1 the other way, 0 when the pattern moves less than " + Percent(MinTravel) + " of the ring",
		Get:     num(func(m *Measurements) Num { return m.ReplayDirection }), Views: InTextIfAny},
	{Name: "replay_period", Unit: "s", Label: "replay period", Kind: Number, Digits: 4,
		Meaning: "replay: N/(k·|replay_speed|), the time the followed spatial mode k takes round the ring",
		Get:     num(func(m *Measurements) Num { return m.ReplayPeriod }), Theory: []string{"replay_period_predicted"},
		Views: InTextIfAny},
	{Name: "replay_speed", Unit: "neurons/s", Label: "replay speed", Kind: Number, Digits: 4,
		Meaning: "replay: the slope of the phase of the dominant spatial mode, in neurons per second",
		Get:     num(func(m *Measurements) Num { return m.ReplaySpeed }), Theory: []string{"replay_speed_predicted"},
		Views: InTextIfAny},
	{Name: "replay_range", Unit: Dimensionless, Label: "replay: rate range", Kind: Number, Digits: 4,
		Meaning: "replay: max − min of the rates over the last periods",
		Get:     num(func(m *Measurements) Num { return m.ReplayRange })},
	{Name: "replay_speed_predicted", Unit: "neurons/s", Label: "j*/(τ_d + τ_x)", Kind: Number, Digits: 4,
		Meaning: "replay: the kernel peak's signed offset j* per τ_d + τ_x (the activity hops by j* once per delay and rise)", Column: ColPredicted,
		Get: num(func(m *Measurements) Num { return m.ReplaySpeedPredicted })},
	{Name: "replay_period_predicted", Unit: "s", Label: "predicted replay period", Kind: Number, Digits: 4,
		Meaning: "replay: N/(k·|replay_speed_predicted|)", Column: ColPredicted,
		Get: num(func(m *Measurements) Num { return m.ReplayPeriodPredicted })},
	{Name: "replay_speed_rel_diff", Unit: Dimensionless, Label: "replay speed vs prediction", Kind: Number, Percent: true,
		Meaning: "replay: replay_speed/replay_speed_predicted − 1 (the prediction holds within " + Percent(PredictionTolerance) + ")",
		Get:     num(func(m *Measurements) Num { return m.ReplaySpeedRelDiff }), Tolerance: PredictionTolerance},
	{Name: "replay_period_over_t", Unit: Dimensionless, Label: "replay period / T", Kind: Number, Digits: 4,
		Meaning: "replay: replay_period over the training input's period T",
		Get:     num(func(m *Measurements) Num { return m.ReplayPeriodOverT })},

	// Issue 20: laws for every period, the simulated delay.
	{Name: "closed_discrete_peak_lambda", Unit: Dimensionless, Label: "closed form, discrete (exact)", Kind: Number, Digits: 4,
		Meaning: "closed_discrete_peak·λ: the form the regime is judged by", Column: ColDiscrete,
		Get: num(func(m *Measurements) Num { return m.ClosedDiscretePeakLambda }), Chart: "Kernel peak × λ"},
	{Name: "delay_steps", Unit: "steps", Label: "delay in steps", Kind: Count,
		Meaning: "d = round(τ_d/dt), the delay the simulation uses (ties to even)",
		Get:     func(m *Measurements) any { return m.DelaySteps }, Views: InText | OnPage},
	{Name: "delay_simulated", Unit: "s", Label: "delay simulated", Kind: Number, Digits: 6,
		Meaning: "d·dt, the delay simulated (τ_d rounded to whole steps)",
		Get:     num(func(m *Measurements) Num { return m.DelaySeconds }), Views: OnPage},

	// Issue 20: the full model judged as a matrix.
	{Name: "noncirculant_fraction", Unit: Dimensionless, Label: "non-circulant fraction", Kind: Number, Percent: true,
		Meaning: "full model: ‖W − circ(W)‖/‖W‖, circ(W) the circulant of the aligned mean; above " + Percent(NoncirculantMax) +
			" kernel quantities are left out (a kernel does not describe the weights)",
		Get: num(func(m *Measurements) Num { return m.Noncirculant }), Tolerance: NoncirculantMax, Views: InTextIfAny | OnPage},
	{Name: "kernel_note", Unit: "", Label: "kernel", Kind: Label,
		Meaning: "full model: why the kernel quantities are left out, if they are",
		Get:     func(m *Measurements) any { return m.KernelNote }},
	{Name: "wave_synapse_rel_diff", Unit: Dimensionless, Label: "weights vs travelling wave", Kind: Number, Percent: true,
		Meaning: "full model: ‖W − circ(w*)‖/‖circ(w*)‖ for the travelling wave's kernel, synapse by synapse (adds each synapse's swing within a period)",
		Get:     num(func(m *Measurements) Num { return m.WaveSynapseRel }), Tolerance: AgreeTolerance, Settled: true, Views: OnPage},
	{Name: "closed_synapse_rel_diff", Unit: Dimensionless, Label: "weights vs closed form", Kind: Number, Percent: true,
		Meaning: "full model: the same for the discrete closed form",
		Get:     num(func(m *Measurements) Num { return m.ClosedSynapseRel }), Tolerance: AgreeTolerance, Settled: true, Views: OnPage},

	// Issue 20: the fixed-point test.
	{Name: "fixed_point_rel_diff", Unit: Dimensionless, Label: "fixed point: w** vs w*", Kind: Number, Percent: true,
		Meaning: "weights frozen at the rule's steady state w*, the network simulated again with learning off: ‖w** − w*‖/‖w*‖ for the rule's steady state w** of that activity (full model: synapse by synapse); a fixed point within " +
			Percent(FixedPointTolerance) + "; empty when not settled or not computed (`ringwave run -fixed-point`)",
		Get:  num(func(m *Measurements) Num { return m.FixedPointRelDiff }),
		Note: func(m *Measurements) string { return m.FixedPointNote }, Tolerance: FixedPointTolerance, Settled: true,
		Views: InText | InIndex | InPoints | OnPage, Chart: "Agreement with each theory"},
	{Name: "fixed_point_periods", Unit: "periods", Label: "fixed point averaged over", Kind: Count,
		Meaning: "the whole periods of the frozen run that w** averages (0: none)",
		Get:     func(m *Measurements) any { return m.FixedPointPeriods }, Views: OnPage},
	{Name: "fixed_point_note", Unit: "", Label: "fixed point", Kind: Label,
		Meaning: "why fixed_point_rel_diff is empty, and the command that computes it",
		Get:     func(m *Measurements) any { return m.FixedPointNote }},

	// Issue 20: the activity's own period, and stationarity at it.
	{Name: "weights_drift_max", Unit: Dimensionless, Label: "largest drift, second half", Kind: Number, Percent: true,
		Meaning: "the largest weights_drift over the same window between snapshots in the second half of the learning; settled when at most " + Percent(DriftTolerance),
		Get:     num(func(m *Measurements) Num { return m.WeightsDriftMax }), Tolerance: DriftTolerance,
		Note: func(m *Measurements) string {
			return cmpOr(m.DriftNote, "no two snapshots a drift_window apart in the second half")
		},
		Views: InText | InPoints | OnPage, Chart: "Stationarity"},
	{Name: "activity_period", Unit: "s", Label: "activity's period", Kind: Number, Digits: 4,
		Meaning: "the activity's own period over the last periods: k·T when it repeats after k ≤ " + itoa(MaxCycles) + " input periods to " + FormatNumber(PeriodicTolerance, 3) +
			", else the first peak of its autocorrelation (at least " + FormatNumber(AutocorrelationMin, 2) + ")",
		Get: num(func(m *Measurements) Num { return m.ActivityPeriod }), Theory: []string{"loop_period_predicted"},
		Note: func(m *Measurements) string { return m.PeriodNote }, Views: InText | OnPage},
	{Name: "locked", Unit: "", Label: "locked to the input", Kind: Flag,
		Meaning: "the activity repeats after a whole number of input periods (activity_period = k·T); false: an oscillation at its own frequency 1/activity_period",
		Get:     func(m *Measurements) any { return m.Locked }, Views: InText | OnPage},
	{Name: "population_period", Unit: "s", Label: "population rate's period", Kind: Number, Digits: 4,
		Meaning: "the first peak of the autocorrelation of the mean rate over neurons (empty when that rate is constant)",
		Get:     num(func(m *Measurements) Num { return m.PopulationPeriod }), Views: OnPage},
	{Name: "loop_period_predicted", Unit: "s", Label: "delayed loop's period", Kind: Number, Digits: 4,
		Meaning: "the period of the linearised loop of the population rate through Σkernel and the delay: arg(1 − ρe^(−iθ)) + d·θ = π, ω = θ/dt (continuous: ωτ_d + atan(ωτ_x) = π); an inhibitory loop oscillates there when |loop_gain| exceeds loop_gain_threshold",
		Get:     num(func(m *Measurements) Num { return m.LoopPeriod }), Column: ColPredicted},
	{Name: "loop_gain", Unit: Dimensionless, Label: "loop gain φ′·Σkernel", Kind: Number, Digits: 4,
		Meaning: "G = g·⟨r(1 − r)⟩·Σ_j kernel[j] over the last periods: the population rate's linearised feedback",
		Get:     num(func(m *Measurements) Num { return m.LoopGain }), Views: OnPage},
	{Name: "loop_gain_threshold", Unit: Dimensionless, Label: "Hopf threshold", Kind: Number, Digits: 4,
		Meaning: "√(1 + ω²τ_x²) at the loop's frequency: the |G| an inhibitory loop must exceed to oscillate",
		Get:     num(func(m *Measurements) Num { return m.LoopThreshold }), Views: OnPage},
	{Name: "period_note", Unit: "", Label: "period", Kind: Label,
		Meaning: "why activity_period is empty, if it is",
		Get:     func(m *Measurements) any { return m.PeriodNote }},
}

func num(f func(m *Measurements) Num) func(m *Measurements) any {
	return func(m *Measurements) any { return float64(f(m)) }
}

func floatList(v []Num) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// step is a step number, or nil when missing.
func step(s *int) any {
	if s == nil {
		return nil
	}
	return *s
}

func isTrue(v any) bool { b, _ := v.(bool); return b }

func steadyNote(m *Measurements) string { return m.SteadyNote }

func kernelNote(m *Measurements) string { return m.KernelNote }

// kernelCount is a Count of the kernel, missing where a kernel does not
// describe the weights (KernelNote).
func kernelCount(f func(m *Measurements) int) func(m *Measurements) any {
	return func(m *Measurements) any {
		if m.KernelNote != "" {
			return nil
		}
		return f(m)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
