package analysis

import "math"

// HeatmapCells bounds each axis of a heatmap, so that a page of several
// heatmaps stays a few MB and opens in a couple of seconds.
const HeatmapCells = 200

// Raster is the activity of a window of rows, downsampled.
type Raster struct {
	Grid            // rows: time bins, columns: neuron bins
	Times []float64 // start time of each time bin, seconds
}

// Full is everything the page shows about a full run.
type Full struct {
	Run                    Info
	First, Last            Raster
	Weights, Aligned       Grid      // rows: post (Weights), pre (Aligned); columns: pre, offset
	Kernel, KernelStd      []float64 // column means and spreads of the aligned matrix
	Theory                 []float64 // kernel* from the run's own last period
	Peak, Trough           Extremum
	Zeros                  []float64
	Residual               float64   // CirculantResidual
	PredictedResidual      float64   // OscillationSpread
	TheoryRel              float64   // RelDiff(Kernel, Theory)
	ConvergenceExpected    float64   // e^(−λ(t_end−t0)/τ_w)·‖w0−w*‖/‖w*‖, the expected TheoryRel
	HistoryTimes, Distance []float64 // ‖w(t) − w_end‖/‖w_end‖, w_end the last snapshot
	Predicted, Fit         Decay
	Fitted                 bool
}

func AnalyseFull(in *FullInput) *Full {
	info := in.Run
	n := info.Params.Neurons
	a := &Full{Run: info}
	a.First = makeRaster(info, in.First)
	a.Last = makeRaster(info, in.Last)
	a.Weights = Downsample(in.Weights, n, n, HeatmapCells, HeatmapCells)
	aligned := Align(nil, in.Weights, n)
	a.Aligned = Downsample(aligned, n, n, HeatmapCells, HeatmapCells)
	a.Kernel, a.KernelStd = ColumnStats(aligned, n, n)
	a.Residual = RMS(a.KernelStd)
	a.Peak, a.Trough = Extrema(a.Kernel)
	a.Zeros = ZeroCrossings(a.Kernel)

	period, h := OnePeriod(info, in.Last)
	a.Theory = SteadyKernel(DerivativeCorrelation(period, h), h, n, info.Params.Period, info.Delay(), info.Params.Lambda)
	a.PredictedResidual = OscillationSpread(period, h, n, info.Params.Period, info.Delay(), info.Params.TauW)
	a.TheoryRel = RelDiff(a.Kernel, a.Theory)
	initialKernel, _ := ColumnStats(Align(nil, in.Initial, n), n, n)
	a.ConvergenceExpected = convergenceResidual(info, initialKernel, a.Theory)

	if k := len(in.HistoryTimes); k > 0 {
		a.HistoryTimes, a.Distance = relativeDistances(in.HistoryTimes, in.HistoryDist, in.HistoryNorm)
		a.Predicted, a.Fit, a.Fitted = decays(info, a.HistoryTimes, a.Distance, in.HistoryTimes[k-1])
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

// decays returns the predicted relaxation of the distances to the weights
// at tEnd, anchored at the first snapshot once learning has started, and
// the fitted one.
func decays(info Info, times, dist []float64, tEnd float64) (pred, fit Decay, ok bool) {
	t0 := info.LearnStart()
	k := info.Params.Lambda / info.Params.TauW
	for i, t := range times {
		if t >= t0 {
			pred = PredictedDecay(t, dist[i], tEnd, k)
			fit, ok = FitDecay(times, dist, t, tEnd, k)
			return pred, fit, ok
		}
	}
	return pred, fit, false
}

// makeRaster downsamples a window of activity: time bins × neuron bins.
func makeRaster(info Info, w Window) Raster {
	n := info.Params.Neurons
	if w.Rows == 0 {
		return Raster{}
	}
	g := Downsample(w.Values, w.Rows, n, HeatmapCells, HeatmapCells)
	h := float64(info.ActivityEvery()) * info.Params.Dt
	times := make([]float64, g.Rows)
	for r := range times {
		times[r] = float64(w.Start+g.RowStart[r]) * h
	}
	return Raster{Grid: g, Times: times}
}
