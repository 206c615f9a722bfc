package analysis

import (
	"math"

	"ringwave/sim"
)

// Symmetry is everything the page shows about a kernel run and
// the full run it is compared with.
type Symmetry struct {
	Run    Info
	Kernel []float64

	// Theory. Period is one period of neuron 0's rate (R[m] at phase m·H),
	// SquarePeriod the low-passed square wave at the same phases.
	Period, SquarePeriod []float64
	H                    float64   // sampling step of Period, seconds
	Theory               []float64 // kernel* of a travelling wave, from neuron 0's simulated R
	RecurrentMax         float64   // Σ|kernel|: the largest recurrent input a rate in [0, 1] can get
	EdgeWindow           float64   // time around a zero crossing of the drive where it can be outweighed, seconds

	Peak, Trough             Extremum
	TheoryPeak, TheoryTrough Extremum
	ClosedPeak, ClosedTrough Extremum
	Zeros, TheoryZeros       []float64
	TheoryRel                float64 // RelDiff(Kernel, Theory)
	// RelDiff(Theory, DiscreteClosed) (NaN without), RelDiff(Theory, Closed)
	DiscreteVsSimR, ClosedVsSimR float64
	ConvergenceExpected          float64
	// SwingExpected is, for kernel_single, the RMS swing of the kernel
	// within a period relative to ‖kernel*‖: learned from one presynaptic
	// neuron, the rule is not averaged over phases (0 for kernel).
	SwingExpected float64

	// Kernel snapshots (HistoryRows × N) at HistoryTimes (s); nil without.
	History      []float64
	HistoryRows  int
	HistoryTimes []float64
	Outcome

	Ref     *Full // nil without a comparable full run
	RefNote string
	// Comparison with the reference, when there is one.
	Replay     *Replay // input off after the initial phase; nil otherwise
	FullRel    float64 // RelDiff(Ref.Kernel, Kernel)
	KernelSpec []complex128
}

func AnalyseSymmetry(in *SymmetryInput) *Symmetry {
	info := in.Run
	p := info.Params
	n := p.Neurons
	a := &Symmetry{Run: info, Kernel: in.Kernel, RefNote: in.RefNote}
	a.Peak, a.Trough = Extrema(a.Kernel)
	a.Zeros = ZeroCrossings(a.Kernel)

	a.Period, a.H = OnePeriod(info, in.Last)
	a.SquarePeriod = squarePeriod(info, len(a.Period), a.H)
	a.Theory = SteadyKernel(DerivativeCorrelation(a.Period, a.H), a.H, n, p.Period, info.Delay(), p.Lambda)
	for _, v := range a.Kernel {
		a.RecurrentMax += math.Abs(v)
	}
	a.EdgeWindow = math.Asin(math.Min(1, a.RecurrentMax/math.Abs(p.Amplitude))) * p.Period / (2 * math.Pi)
	a.TheoryPeak, a.TheoryTrough = Extrema(a.Theory)
	a.TheoryZeros = ZeroCrossings(a.Theory)
	a.TheoryRel = RelDiff(a.Kernel, a.Theory)
	a.ConvergenceExpected = convergenceResidual(info, in.Initial, a.Theory)
	if spec, _ := info.Spec(); spec.Pairing == sim.FromNeuron0 {
		a.SwingExpected = OscillationSpread(a.Period, a.H, n, p.Period, info.Delay(), p.TauW) / RMS(a.Theory)
	}

	var h history
	if in.HistoryRows > 0 {
		a.History, a.HistoryRows, a.HistoryTimes = in.History, in.HistoryRows, in.HistoryTimes
		last := in.History[(in.HistoryRows-1)*n:]
		h = history{rows: in.HistoryRows, dist: make([]float64, in.HistoryRows), norm: RMS(last)}
		h.pair = func(i, j int) (float64, error) {
			return RMSDiff(in.History[i*n:(i+1)*n], in.History[j*n:(j+1)*n]) / RMS(in.History[j*n:(j+1)*n]), nil
		}
		for s := range h.dist {
			h.dist[s] = RMSDiff(in.History[s*n:(s+1)*n], last)
		}
	}
	steadyRel := math.NaN()
	a.SteadyWhy, a.SteadyPeriods = in.SteadyWhy, in.SteadyPeriods
	a.SteadyFrom, a.SteadyTo = in.SteadyFrom, in.SteadyTo
	if in.Steady != nil {
		a.SteadyKernel = in.Steady
		steadyRel = RelDiff(a.Kernel, in.Steady)
	}
	a.measureActivity(info, in.Last, a.Period, a.H)
	a.measureOscillation(info, a.Kernel, in.Recent)
	a.Replay = replayOf(info, in.Last, a.Kernel)
	a.measure(info, a.Kernel, h, steadyRel, a.TheoryRel)
	a.ClosedPeak, a.ClosedTrough = Extrema(a.Closed)
	a.ClosedVsSimR = RelDiff(a.Theory, a.Closed)
	a.DiscreteVsSimR = math.NaN()
	if a.DiscreteClosed != nil {
		a.DiscreteVsSimR = RelDiff(a.Theory, a.DiscreteClosed)
	}

	if in.Ref != nil {
		a.Ref = AnalyseFull(in.Ref)
		a.FullRel = RelDiff(a.Ref.Kernel, a.Kernel)
		a.KernelSpec = KernelSpectrum(a.Kernel)
	}
	return a
}
