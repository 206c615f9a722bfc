// Package analysis measures cached runs and computes the theory of the
// learning rule they are compared with. It has no HTML: the report pages
// and `ringwave table` present what it computes. Measurements are the
// numbers of a run. Store is the analysis step that `ringwave table` and
// `ringwave report` both call: it keeps the measurements in the cache's
// derived-data area DIR/analysis/ (a pipeline/cache Area, registered once,
// so gc and verify handle it), under the hash of this package's source and
// checksummed, so that they are computed once per run and analysis code
// and a file edited by hand is never believed.
//
// # The registry of measurements
//
// Registry (columns.go) is the one list of the measurements: each Measure
// has its column name, unit ("1" when dimensionless; none only for flags
// and labels), a one-line meaning, its getter over Measurements, how it
// is formatted, the theories it is compared with and the tolerance under
// which a comparison holds. `ringwave table`, the run pages, the sweep
// summaries, the index and README's table of columns are all made from
// it. A new measurement is a field of Measurements, its computation in
// measurements.go, and one entry. The thresholds (DriftTolerance,
// AgreeTolerance, WaveTolerance, FitR2Min and FitRMSLogMax) are constants
// that the code, the entries' meanings and FitCriterion's text all use.
//
// Which model a run has is asked of its sim.ModelSpec (Info.Spec): its
// weights' shape chooses the analysis, its Pairing the sum of the rule's
// steady state (RuleSum); an unknown one is an error, never another's.
//
// # The rule's steady state, in general
//
// RuleSum averages over the last whole periods within the rule's memory
// τ_w/λ exactly the pairing each model's rule adds (sim/doc.go): per
// synapse for full, the mean over pairs for kernel, presynaptic neuron 0
// for kernel_single; w* = ⟨pairing⟩/(λ·dt). Summed over a window the
// discrete rule makes this an identity, w* = ⟨w⟩ + τ_w/(λ·L·dt)·(w_end −
// w_start) (identity_test.go): it is no evidence. The test that can fail
// is the fixed-point test (fixedpoint.go): frozen at w*, simulated again,
// does the network give w* back? Whether the weights have settled is
// measured (Drift: the relative change over the memory, between
// snapshots a whole number of the activity's own periods apart,
// Periodicity, and its largest value over the second half of the
// learning); a run that has not has no Regime but not_settled. A full
// matrix that no kernel describes (NoncirculantMax) has no kernel regime.
// The travelling-wave theory below and the closed forms stay, each with
// its assumption.
//
// Offsets follow package sim: kernel[j] is the weight from presynaptic
// neuron i to postsynaptic neuron (i+j) mod N, and the full matrix is
// row-major, w[x·N+y] = weight from pre y to post x. The aligned matrix is
//
//	A[i][j] = w((i+j) mod N, i),
//
// row i what presynaptic neuron i sends, so that its column means are the
// kernel in this convention. The notebook's symmetrize rolls the
// postsynaptic row x by −x instead, S[x][k] = w(x, (x+k) mod N) =
// kernel[(−k) mod N]: the same stripes, mirrored.
//
// # Theory
//
// With r(x,t) = R(t + θ_x), θ_x = x·T/N, and τ_w/λ ≫ T, averaging the
// rule τ_w·ẇ(x,y) = r(y,t−τ_d)·ṙ(x,t) − λ·w(x,y) over a period gives
//
//	w*[j] = C(j·T/N + τ_d)/λ,   C(a) = (1/T)∫₀ᵀ R(s−a)·R'(s) ds,
//
// the derivative of R's autocorrelation (DerivativeCorrelation computes the
// discrete sum the simulation's rule averages; SquareWaveCorrelation the
// continuous-time closed form for a saturated, low-passed square wave;
// DiscreteClosedKernel the exact closed form of the discrete scheme, which
// the regime uses). τ_d is the simulated delay, round(τ_d/dt)·dt. The
// kernel's crossings sit at −(τ_d − dt/2)·N/T and N/2 − (τ_d − dt/2)·N/T
// mod N for any period T (PredictedCrossing). Checked against the simulation
// (analysis_test.go): the kernel model's kernel differs from w* by
// e^(−λ(t_end−t_0)/τ_w)·‖w_0 − w*‖/‖w*‖ and nothing more; the full model's
// aligned rows spread around w* by the swing of the weights within a
// period (OscillationSpread); the discrete closed form is the simulated
// saturated kernel to 1e−10 at N ≥ 80 (1.4e−4 at N = 40, where the steps
// at which the drive is exactly zero weigh more), while the continuous
// form misses by the discretisation (0.3 % at N = 40).
package analysis
