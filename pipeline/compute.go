package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"ringwave/internal/npyfile"
	"ringwave/sim"
)

// compute simulates r into a new temporary directory and returns it with the
// run's record; the caller commits it. Every file is streamed, synced and
// hashed as it is written. On error the directory is removed.
func (c Cache) compute(ctx context.Context, r *Run, progress func(done, total int)) (tmp string, rec *RunRecord, err error) {
	w0, err := r.initialWeights()
	if err != nil {
		return "", nil, err
	}
	dir, err := c.newTmp(r.Key)
	if err != nil {
		return "", nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir) // the returns below have already cleared tmp
		}
	}()
	tmp = dir

	p := r.Params
	n, steps := p.Neurons, p.Steps()
	weightShape := []int{n, n}
	if p.Model != sim.Full {
		weightShape = weightShape[:1]
	}
	rec = r.newRecord()
	files := map[string]npyfile.Info{}
	write := func(name string, values []float64, shape ...int) error {
		info, err := npyfile.WriteFile(filepath.Join(tmp, name), values, shape...)
		files[name] = info
		return err
	}
	if err := write("weights_initial.npy", w0, weightShape...); err != nil {
		return "", nil, err
	}

	every := r.Settings.Record.ActivityEvery
	activity, err := npyfile.Create(filepath.Join(tmp, "activity.npy"), ceilDiv(steps, every), n)
	if err != nil {
		return "", nil, err
	}
	defer activity.Abort() // a no-op once closed
	opt := sim.Options{
		ActivityEvery: every,
		Activity:      func(_ int, rates []float64) error { return activity.Write(rates) },
		Progress:      progress,
	}
	var history *npyfile.Writer
	if k := r.Settings.Record.WeightsEvery; k > 0 {
		shape := append([]int{ceilDiv(steps, k)}, weightShape...)
		if history, err = npyfile.Create(filepath.Join(tmp, "weights_history.npy"), shape...); err != nil {
			return "", nil, err
		}
		defer history.Abort()
		opt.WeightsEvery = k
		opt.Weights = func(_ int, w []float64) error { return history.Write(w) }
	}

	start := time.Now()
	final, err := sim.Run(ctx, p, w0, opt)
	if err != nil {
		return "", nil, err
	}
	wall := time.Since(start)
	if files["activity.npy"], err = activity.Close(); err != nil {
		return "", nil, err
	}
	if history != nil {
		if files["weights_history.npy"], err = history.Close(); err != nil {
			return "", nil, err
		}
	}
	if err := write("weights.npy", final, weightShape...); err != nil {
		return "", nil, err
	}
	rec.Provenance.Started = start.UTC().Round(time.Millisecond)
	rec.Provenance.Finished = start.Add(wall).UTC().Round(time.Millisecond)
	rec.Provenance.WallSeconds = wall.Seconds()
	rec.Provenance.StepsPerSecond = float64(steps) / wall.Seconds()
	if err := finishRecord(tmp, rec, files); err != nil {
		return "", nil, err
	}
	return tmp, rec, nil
}

// finishRecord lists the files in rec and writes run.json into dir.
func finishRecord(dir string, rec *RunRecord, files map[string]npyfile.Info) error {
	for _, name := range []string{"activity.npy", "weights.npy", "weights_initial.npy", "weights_history.npy"} {
		if info, ok := files[name]; ok {
			rec.Files = append(rec.Files, FileRecord{Name: name, Info: info})
		}
	}
	rec.Checksum = rec.checksum()
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, "run.json"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (r *Run) newRecord() *RunRecord {
	rec := &RunRecord{
		Schema: schemaVersion, Key: r.Key, Name: r.Name, Manifest: r.Manifest.Path,
		Params: r.Settings, Units: units, Init: r.Init, Code: codeIdentity(),
		Derived: Derived{Steps: r.Params.Steps(), Delay: r.Params.Delay(), InitSteps: r.Params.InitPhaseSteps()},
	}
	if len(r.Point) > 0 {
		rec.Point = map[string]any{}
		for _, a := range r.Point {
			rec.Point[a.Key] = a.Value
		}
	}
	rec.Provenance.Host, _ = os.Hostname()
	rec.Provenance.GoVersion = runtime.Version()
	rec.Provenance.Modules = map[string]string{}
	if info, ok := debug.ReadBuildInfo(); ok {
		rec.Provenance.Modules[info.Main.Path] = info.Main.Version
		for _, dep := range info.Deps {
			rec.Provenance.Modules[dep.Path] = dep.Version
		}
	}
	return rec
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
