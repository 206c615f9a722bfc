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
	// and the drift left.
	SteadySynapseRel float64
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
	a.Replay = replayOf(info, in.Last, a.Kernel)
	a.measure(info, a.Kernel, history{rows: len(in.HistoryDist), dist: in.HistoryDist, norm: in.HistoryNorm}, steadyRel, a.TheoryRel)

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
