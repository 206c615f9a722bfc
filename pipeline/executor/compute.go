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
	rec.Derived.MemoryEstimate = MemoryEstimate(r)
	if err := entry.WriteArray(cache.InitialFile, w0, weightShape...); err != nil {
		return nil, nil, err
	}

	activity, err := createSpans(entry, cache.ActivityFile, r.Settings.ActivitySpans(), n)
	if err != nil {
		return nil, nil, err
	}
	defer activity.abort() // a no-op once closed
	opt := sim.Options{
		ActivityEvery: r.Settings.Record.ActivityEvery,
		Activity:      activity.write,
		Progress:      progress,
	}
	var history *spanWriter
	if spans := r.Settings.HistorySpans(); len(spans) > 0 {
		if history, err = createSpans(entry, cache.HistoryFile, spans, weightShape...); err != nil {
			return nil, nil, err
		}
		defer history.abort()
		opt.WeightsEvery = r.Settings.Record.WeightsEvery
		opt.Weights = history.write
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
	if err := activity.close(); err != nil {
		return nil, nil, err
	}
	if history != nil {
		if err := history.close(); err != nil {
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

// A spanWriter streams the rows of a recording into one file per span
// (manifest.Span). The simulation calls it at every multiple of the
// stride inside the windows; it keeps the steps on its spans' grids: all
// of them without windows, those of the windows and every
// record.*_between-th step between them.
type spanWriter struct {
	spans   []manifest.Span
	files   []*cache.ArrayWriter
	current int // the span of the last step written
}

func createSpans(entry *cache.Pending, base string, spans []manifest.Span, rowShape ...int) (*spanWriter, error) {
	w := &spanWriter{spans: spans}
	for _, s := range spans {
		f, err := entry.Create(cache.SpanFile(base, s), append([]int{s.Rows()}, rowShape...)...)
		if err != nil {
			w.abort()
			return nil, err
		}
		w.files = append(w.files, f)
	}
	return w, nil
}

func (w *spanWriter) write(step int, row []float64) error {
	for w.current < len(w.spans) && step >= w.spans[w.current].To {
		w.current++
	}
	if w.current == len(w.spans) {
		return nil
	}
	if s := w.spans[w.current]; step >= s.From && step%s.Every == 0 {
		return w.files[w.current].Write(row)
	}
	return nil
}

func (w *spanWriter) close() error {
	for _, f := range w.files {
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

func (w *spanWriter) abort() {
	for _, f := range w.files {
		f.Abort()
	}
}
