package analysis

import (
	"math"
	"strconv"
)

// EigenMax bounds the networks whose full matrix is decomposed for its
// eigenvalues: dgeev is O(N³), about a second at N = 500 and a minute at
// N = 2000, for a check that the DFT of the kernel already makes.
const EigenMax = 1000

// Full is everything the page shows about a full run.
type Full struct {
	Run                 Info
	First, Last         Window    // the first and last periods of activity read
	Weights, Aligned    []float64 // N×N: post × pre (Weights), pre × offset (Aligned)
	Kernel, KernelStd   []float64 // column means and spreads of the aligned matrix
	Theory              []float64 // kernel* of a travelling wave, from the run's own last period
	Peak, Trough        Extremum
	Zeros               []float64
	Residual            float64 // CirculantResidual
	PredictedResidual   float64 // OscillationSpread
	TheoryRel           float64 // RelDiff(Kernel, Theory)
	ConvergenceExpected float64 // e^(−λ(t_end−t0)/τ_w)·‖w0−w*‖/‖w*‖, the expected TheoryRel
	// The eigenvalues of the weights against the DFT of their aligned mean
	// (Eigen nil above EigenMax neurons or when dgeev fails: EigenErr).
	Eigen, Spec           []complex128
	EigenDist, EigenBound float64 // Farthest(Eigen, Spec), SpectralNormBound
	SpecScale             float64 // MaxAbs(Spec)
	EigenErr              string
	// SteadySynapseRel compares the weights with the rule's steady state
	// synapse by synapse: the swing within a period (PredictedResidual)
	// and the drift left. WaveSynapseRel and ClosedSynapseRel compare them
	// with the circulant matrices of the travelling wave's and the discrete
	// closed form's kernels (NaN without): the regime is decided on these.
	SteadySynapseRel, WaveSynapseRel, ClosedSynapseRel float64
	// Noncirculant is ‖W − circ(W)‖_F/‖W‖_F, circ(W) the circulant matrix
	// of the aligned mean: above NoncirculantMax a kernel does not
	// describe the weights.
	Noncirculant float64
	Outcome

	Replay *Replay // input off after the initial phase; nil otherwise

	period []float64 // neuron 0's last period, every h seconds
	h      float64
}

func AnalyseFull(in *FullInput) *Full {
	info := in.Run
	n := info.Params.Neurons
	a := &Full{Run: info}
	a.First, a.Last, a.Weights = in.First, in.Last, in.Weights
	aligned := Align(nil, in.Weights, n)
	a.Aligned = aligned
	a.Kernel, a.KernelStd = ColumnStats(aligned, n, n)
	a.Residual = RMS(a.KernelStd)
	a.Peak, a.Trough = Extrema(a.Kernel)
	a.Zeros = ZeroCrossings(a.Kernel)

	period, h := OnePeriod(info, in.Last)
	a.period, a.h = period, h
	a.Theory = SteadyKernel(DerivativeCorrelation(period, h), h, n, info.Params.Period, info.Delay(), info.Params.Lambda)
	a.PredictedResidual = OscillationSpread(period, h, n, info.Params.Period, info.Delay(), info.Params.TauW)
	a.TheoryRel = RelDiff(a.Kernel, a.Theory)
	initialKernel, _ := ColumnStats(Align(nil, in.Initial, n), n, n)
	a.ConvergenceExpected = convergenceResidual(info, initialKernel, a.Theory)

	steadyRel := math.NaN()
	a.SteadyWhy, a.SteadyPeriods = in.SteadyWhy, in.SteadyPeriods
	a.SteadyFrom, a.SteadyTo = in.SteadyFrom, in.SteadyTo
	a.SteadySynapseRel = math.NaN()
	if in.Steady != nil {
		// Kernels are compared, as for the other theories: the mean of the
		// aligned rows averages the swing of each synapse within a period,
		// which SteadySynapseRel keeps.
		a.SteadyKernel, _ = ColumnStats(Align(nil, in.Steady, n), n, n)
		steadyRel = RelDiff(a.Kernel, a.SteadyKernel)
		a.SteadySynapseRel = RelDiff(in.Weights, in.Steady)
	}
	a.measureActivity(info, in.Last, period, h)
	a.measureOscillation(info, a.Kernel, in.Recent)
	a.Replay = replayOf(info, in.Last, a.Kernel)
	a.measure(info, a.Kernel, history{rows: len(in.HistoryDist), dist: in.HistoryDist, norm: in.HistoryNorm, pair: in.HistoryPair}, steadyRel, a.TheoryRel)

	a.judgeSynapses(in.Weights)

	a.Spec = KernelSpectrum(a.Kernel)
	a.SpecScale = MaxAbs(a.Spec)
	a.EigenBound = SpectralNormBound(in.Weights, a.Kernel)
	if n > EigenMax {
		a.EigenErr = "not computed above " + itoa(EigenMax) + " neurons (O(N³))"
	} else if eig, err := Eigenvalues(in.Weights, n); err != nil {
		a.EigenErr = err.Error()
	} else {
		a.Eigen = eig
		a.EigenDist = Farthest(eig, a.Spec)
	}
	return a
}

// NoncirculantMax is the largest ‖W − circ(W)‖/‖W‖ for which the kernel
// (the aligned mean) describes a full matrix. A learned circulant matrix
// departs from circ(W) by each synapse's swing within a period
// (OscillationSpread: ≈ 0.5 % at the notebook's parameters, 5.8 % in the
// small runs of internal/smallruns, whose τ_w = 10 s); the non-circulant
// matrices a weak drive leaves are far above (0.91 at N = 80, A = 0.1,
// issue 20). 20 % is between, with room for a swing four times the
// largest we have seen.
const NoncirculantMax = 0.2

// Circulant reports whether a kernel describes the weights
// (Noncirculant ≤ NoncirculantMax).
func (a *Full) Circulant() bool { return a.Noncirculant <= NoncirculantMax }

// judgeSynapses decides the regime of a full run as a matrix: a kernel
// theory (closed form, travelling wave) can hold only when a kernel
// describes the weights (Circulant), and then when it describes their
// aligned mean; the rule's steady state, which is per synapse, is
// compared synapse by synapse when the matrix is not circulant. The
// distances of the weights from each kernel theory's circulant matrix
// are kept for the page.
func (a *Full) judgeSynapses(w []float64) {
	a.Noncirculant = SpectralNormBound(w, a.Kernel) / (RMS(w) * float64(a.Run.Params.Neurons))
	a.WaveSynapseRel = RelDiff(w, Circulant(a.Theory))
	a.ClosedSynapseRel = math.NaN()
	if a.DiscreteClosed != nil {
		a.ClosedSynapseRel = RelDiff(w, Circulant(a.DiscreteClosed))
	}
	if !a.Circulant() {
		a.Regime, a.Holds = regimeOf(a.Drift, math.NaN(), math.NaN(), a.SteadySynapseRel)
	}
}

// convergenceResidual is how far from kernel* the weights should still be
// at the end of the run, relative to ‖kernel*‖, if they relaxed from the
// initial weights at the rate λ/τ_w.
func convergenceResidual(info Info, initial, steady []float64) float64 {
	k := info.Params.Lambda / info.Params.TauW
	return math.Exp(-k*(info.End()-info.LearnStart())) * RelDiff(initial, steady)
}

// relativeDistances divides distances by norm, dropping the snapshots that
// a log axis cannot show (zero distance).
func relativeDistances(times, dist []float64, norm float64) (ts, ds []float64) {
	for i, d := range dist {
		if d > 0 && norm > 0 {
			ts = append(ts, times[i])
			ds = append(ds, d/norm)
		}
	}
	return ts, ds
}

func itoa(i int) string { return strconv.Itoa(i) }
