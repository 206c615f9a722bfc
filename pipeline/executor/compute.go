package executor

import (
	"context"
	"time"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
	"ringwave/sim"
)

// compute simulates r into a new pending entry of c and returns it with the
// run's record; the caller, holding the entry's lock, commits it. Every file
// is streamed, synced and hashed as it is written. On error nothing is left.
func compute(ctx context.Context, c cache.Cache, r *manifest.Run, progress func(done, total int)) (_ *cache.Pending, _ *cache.Record, err error) {
	w0, err := initialWeights(c, r)
	if err != nil {
		return nil, nil, err
	}
	entry, err := c.Begin(r.Key)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			entry.Abort()
		}
	}()

	p := r.Params
	n, steps := p.Neurons, p.Steps()
	weightShape := r.WeightShape()
	rec := cache.NewRecord(r)
	if err := entry.WriteArray(cache.InitialFile, w0, weightShape...); err != nil {
		return nil, nil, err
	}

	every := r.Settings.Record.ActivityEvery
	activity, err := entry.Create(cache.ActivityFile, r.ActivityRows(), n)
	if err != nil {
		return nil, nil, err
	}
	defer activity.Abort() // a no-op once closed
	opt := sim.Options{
		ActivityEvery: every,
		Activity:      func(_ int, rates []float64) error { return activity.Write(rates) },
		Progress:      progress,
	}
	var history *cache.ArrayWriter
	if k := r.Settings.Record.WeightsEvery; k > 0 {
		shape := append([]int{r.Snapshots()}, weightShape...)
		if history, err = entry.Create(cache.HistoryFile, shape...); err != nil {
			return nil, nil, err
		}
		defer history.Abort()
		opt.WeightsEvery = k
		opt.Weights = func(_ int, w []float64) error { return history.Write(w) }
	}

	if progress != nil {
		progress(0, steps)
	}
	start := time.Now()
	final, err := sim.Run(ctx, p, w0, opt)
	if err != nil {
		return nil, nil, err
	}
	wall := time.Since(start)
	if err := activity.Close(); err != nil {
		return nil, nil, err
	}
	if history != nil {
		if err := history.Close(); err != nil {
			return nil, nil, err
		}
	}
	if err := entry.WriteArray(cache.WeightsFile, final, weightShape...); err != nil {
		return nil, nil, err
	}
	rec.Provenance.Started = start.UTC().Round(time.Millisecond)
	rec.Provenance.Finished = start.Add(wall).UTC().Round(time.Millisecond)
	rec.Provenance.WallSeconds = wall.Seconds()
	rec.Provenance.StepsPerSecond = float64(steps) / wall.Seconds()
	rec.Provenance.Kernels = sim.Kernels()
	if err := entry.Finish(rec); err != nil {
		return nil, nil, err
	}
	return entry, rec, nil
}
