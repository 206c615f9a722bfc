package executor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
	"sync"
)

// Local computes runs in this process.
type Local struct {
	Cache    cache.Cache
	Jobs     int          // runs computed at once; < 1 means 1
	Force    bool         // recompute even what is cached
	Progress ProgressMode // how long runs report progress on Log
	Out      io.Writer    // one result line per run
	Log      io.Writer    // progress and waiting messages
}

// outcome is what Execute did for one run.
type outcome struct {
	Run      *manifest.Run
	Dir      string
	Computed bool
	Err      error
}

// Execute makes sure every run is in the cache, computing what is missing
// or corrupt (everything, with Force), up to Jobs at a time. It first
// removes the temporary directories of runs that were killed. For each run it
// prints "name  key  cached|computed  dir" on Out as the run is done, and
// links it under DIR/runs/. Two processes asking for the same run never
// compute it twice at once: the second waits for the first and takes its
// result. A run that starts from another's weights ([init] from) starts
// once that one is in the cache; its upstream runs are added when runs
// lacks them. It returns every run's error.
func (opt Local) Execute(ctx context.Context, runs []*manifest.Run) error {
	jobs := max(opt.Jobs, 1)
	runs = manifest.WithUpstreams(runs) // a run needs its upstream's weights
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	opt.Progress = resolveProgress(opt.Log, opt.Progress, jobs)
	// What killed runs left (a live writer holds its entry's lock, so only
	// orphans go). A failure here is not this run's: it is said and passed.
	if n, size, err := opt.Cache.RemoveDeadTemps(); err != nil {
		fmt.Fprintf(opt.Log, "ringwave: warning: removing what interrupted runs left: %v\n", err)
	} else if n > 0 {
		fmt.Fprintf(opt.Log, "removed %d temporary directories left by interrupted runs (%s)\n", n, cache.HumanBytes(size))
	}
	if err := opt.checkDisk(runs); err != nil {
		return err
	}
	outcomes := make([]outcome, len(runs))
	var (
		mu       sync.Mutex // guards Out and Log
		finished = make(chan int)
		sched    = newSchedule(runs)
		running  = 0
	)
	opt.Log = lockedWriter{&mu, opt.Log}
	opt.Out = lockedWriter{&mu, opt.Out}
	work := func(i int) {
		r := runs[i]
		defer func() { finished <- i }()
		if ctx.Err() != nil {
			outcomes[i] = outcome{Run: r, Err: ctx.Err()}
			return
		}
		o := opt.ensure(ctx, r)
		outcomes[i] = o
		if o.Err != nil {
			return
		}
		fmt.Fprintln(opt.Out, Landed(r, o.Computed, o.Dir))
	}
	// In order, each run once its upstream is in the cache: with one job,
	// runs finish in manifest order.
	for {
		start, doomed := sched.next(jobs - running)
		for _, i := range doomed {
			u := runs[i].Upstream
			outcomes[i] = outcome{Run: runs[i], Err: fmt.Errorf("not computed: its upstream run %s (%s) failed", u.Name, u.Manifest.Path)}
			sched.done(i, false)
		}
		if len(doomed) > 0 {
			continue // their own downstream may be doomed now
		}
		for _, i := range start {
			running++
			go work(i)
		}
		if running == 0 {
			break
		}
		i := <-finished
		running--
		sched.done(i, outcomes[i].Err == nil)
	}
	var errs []error
	for _, o := range outcomes {
		if o.Err != nil {
			if errors.Is(o.Err, context.Canceled) {
				return o.Err
			}
			var merr *manifest.Error
			if errors.As(o.Err, &merr) {
				errs = append(errs, o.Err) // already FILE:LINE: key …
				continue
			}
			errs = append(errs, fmt.Errorf("%s: %s: %w", o.Run.Manifest.Path, o.Run.Name, o.Err))
		}
	}
	return errors.Join(errs...)
}

// ensure takes r from the cache or computes it.
func (opt Local) ensure(ctx context.Context, r *manifest.Run) outcome {
	c := opt.Cache
	o := outcome{Run: r, Dir: c.EntryDir(r.Key)}
	if !opt.Force {
		if _, state, _ := c.Lookup(r.Key); state == cache.Cached {
			o.Err = c.Link(r)
			return o
		}
	}
	if err := checkMemory(r); err != nil {
		o.Err = err
		return o
	}
	if err := CheckDisk(c, []*manifest.Run{r}); err != nil { // filled by others meanwhile?
		o.Err = err
		return o
	}
	lock, err := c.Lock(ctx, r.Key, func() {
		fmt.Fprintf(opt.Log, "%s: waiting for another process computing it\n", r.Name)
	})
	if err != nil {
		o.Err = fmt.Errorf("locking the cache entry: %w", err)
		return o
	}
	defer lock.Unlock()
	if !opt.Force {
		if _, state, _ := c.Lookup(r.Key); state == cache.Cached { // computed while we waited
			o.Err = c.Link(r)
			return o
		}
	}
	entry, _, err := compute(ctx, c, r, progressFunc(opt.Log, opt.Progress, r.Name, r.Params.Steps()))
	if err == nil {
		err = entry.Commit()
	}
	if err != nil {
		o.Err = err
		return o
	}
	o.Computed = true
	o.Err = c.Link(r)
	return o
}

// checkDisk refuses the runs to compute (not cached, or all with Force;
// each key once) when together they do not fit on the results filesystem.
// A run this machine has not the memory for is left out: it fails alone,
// as ensure says.
func (opt Local) checkDisk(runs []*manifest.Run) error {
	var todo []*manifest.Run
	seen := map[string]bool{}
	for _, r := range runs {
		if seen[r.Key] {
			continue
		}
		seen[r.Key] = true
		if _, state, _ := opt.Cache.Lookup(r.Key); (opt.Force || state != cache.Cached) && checkMemory(r) == nil {
			todo = append(todo, r)
		}
	}
	return CheckDisk(opt.Cache, todo)
}
