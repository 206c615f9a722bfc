package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/google/renameio/v2"
)

// Options control Execute.
type Options struct {
	Jobs     int          // runs computed at once; < 1 means 1
	Force    bool         // recompute even what is cached
	Progress ProgressMode // how long runs report progress on Log
	Out      io.Writer    // one result line per run
	Log      io.Writer    // progress and waiting messages
}

// Outcome is what Execute did for one run.
type Outcome struct {
	Run      *Run
	Dir      string
	Computed bool
	Record   *RunRecord
	Err      error
}

// Execute makes sure every run is in the cache, computing what is missing
// or corrupt (everything, with Force), up to Jobs at a time. For each run it
// prints "name  key  cached|computed  dir" on Out as the run is done, and
// links it under DIR/runs/. Two processes asking for the same run never
// compute it twice at once: the second waits for the first and takes its
// result. It returns the outcomes in the order of runs and the first error.
func (c Cache) Execute(ctx context.Context, runs []*Run, opt Options) ([]Outcome, error) {
	jobs := max(opt.Jobs, 1)
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	opt.Progress = resolveProgress(opt.Log, opt.Progress, jobs)
	outcomes := make([]Outcome, len(runs))
	var (
		mu   sync.Mutex // guards Out and Log
		wg   sync.WaitGroup
		next = make(chan int)
	)
	opt.Log = lockedWriter{&mu, opt.Log}
	opt.Out = lockedWriter{&mu, opt.Out}
	for range min(jobs, len(runs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := runs[i]
				if ctx.Err() != nil {
					outcomes[i] = Outcome{Run: r, Err: ctx.Err()}
					continue
				}
				o := c.ensure(ctx, r, opt)
				outcomes[i] = o
				if o.Err != nil {
					continue
				}
				state := "cached"
				if o.Computed {
					state = "computed"
				}
				fmt.Fprintf(opt.Out, "%s  %.12s  %s  %s\n", r.Name, r.Key, state, o.Dir)
			}
		}()
	}
	for i := range runs { // in order: with one job, runs finish in manifest order
		next <- i
	}
	close(next)
	wg.Wait()
	var errs []error
	for _, o := range outcomes {
		if o.Err != nil {
			if errors.Is(o.Err, context.Canceled) {
				return outcomes, o.Err
			}
			var merr *Error
			if errors.As(o.Err, &merr) {
				errs = append(errs, o.Err) // already FILE:LINE: key …
				continue
			}
			errs = append(errs, fmt.Errorf("%s: %s: %w", o.Run.Manifest.Path, o.Run.Name, o.Err))
		}
	}
	return outcomes, errors.Join(errs...)
}

// ensure takes r from the cache or computes it.
func (c Cache) ensure(ctx context.Context, r *Run, opt Options) Outcome {
	o := Outcome{Run: r, Dir: c.EntryDir(r.Key)}
	if !opt.Force {
		if rec, state, _ := c.Lookup(r.Key); state == Cached {
			o.Record = rec
			o.Err = c.link(r)
			return o
		}
	}
	if err := checkMemory(r); err != nil {
		o.Err = err
		return o
	}
	lock, err := c.lock(ctx, r.Key, func() {
		fmt.Fprintf(opt.Log, "%s: waiting for another process computing it\n", r.Name)
	})
	if err != nil {
		o.Err = fmt.Errorf("locking the cache entry: %w", err)
		return o
	}
	defer lock.Unlock()
	if !opt.Force {
		if rec, state, _ := c.Lookup(r.Key); state == Cached { // computed while we waited
			o.Record = rec
			o.Err = c.link(r)
			return o
		}
	}
	tmp, rec, err := c.compute(ctx, r, progressFunc(opt.Log, opt.Progress, r.Name))
	if err == nil {
		if err = c.commit(tmp, r.Key); err != nil {
			os.RemoveAll(tmp)
		}
	}
	if err != nil {
		o.Err = err
		return o
	}
	o.Computed, o.Record = true, rec
	o.Err = c.link(r)
	return o
}

// LinkPath returns the by-name path of a run: DIR/runs/<name>, or
// DIR/runs/<name>/<point> in a sweep.
func (c Cache) LinkPath(r *Run) string {
	p := filepath.Join(c.Dir, "runs", r.Manifest.Name)
	if label := r.pathLabel(); label != "" {
		p = filepath.Join(p, label)
	}
	return p
}

// link points the run's by-name path at its entry (a relative symlink,
// replaced atomically).
func (c Cache) link(r *Run) error {
	link := c.LinkPath(r)
	target, err := filepath.Rel(filepath.Dir(link), c.EntryDir(r.Key))
	if err != nil {
		return err
	}
	if cur, err := os.Readlink(link); err == nil && cur == target {
		return nil // nothing to write: a cached run works on a read-only cache
	}
	// A manifest that gained or lost its sweep leaves a link where a
	// directory goes, or a directory where a link goes.
	if r.PointLabel() != "" {
		parent := filepath.Dir(link)
		if st, err := os.Lstat(parent); err == nil && st.Mode()&os.ModeSymlink != 0 {
			// Another point of the sweep may have removed it already.
			if err := os.Remove(parent); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		return err
	}
	if st, err := os.Lstat(link); err == nil && st.IsDir() {
		if err := os.RemoveAll(link); err != nil { // holds only links
			return err
		}
	}
	return renameio.Symlink(target, link)
}
