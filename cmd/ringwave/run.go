package main

import (
	"context"
	"io"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/executor/kinds"
	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// defineRun defines run's flags on fs: the ones every executor takes, then
// the choice of executor and each kind's.
func defineRun(fs *flagset.Set) (common func(results string) executor.Common, choice *kinds.Choice) {
	jobs := fs.Int("j", 1, "compute up to `N` runs at once")
	force := fs.Bool("force", false, "recompute runs even if cached")
	quiet := fs.Bool("q", false, "no progress output")
	fs.Bool("fixed-point", false, "then test each settled run's rule's steady state for a fixed point (a second run, learning off; see README)")
	return func(results string) executor.Common {
		return executor.Common{Cache: cache.Cache{Dir: results}, Jobs: *jobs, Force: *force, Quiet: *quiet}
	}, kinds.Flags(fs)
}

func runFlags(fs *flagset.Set, results *string) action {
	common, choice := defineRun(fs)
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		_, runs, err := load("run", paths, true)
		if err != nil {
			return err
		}
		fixedPoint := fs.Lookup("fixed-point").Value.String() == "true"
		c := common(*results)
		c.Out, c.Log = stdout, stderr
		ex, err := choice.Executor(c, setFlags(fs))
		if err != nil {
			return usageError{"ringwave run: " + err.Error()}
		}
		if err := ex.Execute(ctx, runs); err != nil || !fixedPoint {
			return err
		}
		return ex.Execute(ctx, fixedPointRuns(c.Cache, runs))
	}
}

// fixedPointRuns returns the fixed-point runs (analysis.FixedPointRun) of
// the settled runs among runs, which are cached: the test of issue 20 is
// run after the run it tests, only when asked (-fixed-point), because it
// is a second simulation whose activity is recorded at every step, and
// only for runs that have settled, which only their measurements tell.
func fixedPointRuns(c cache.Cache, runs []*manifest.Run) []*manifest.Run {
	store := analysis.NewStore(c.Dir)
	var out []*manifest.Run
	for _, r := range runs {
		res, state, _ := c.Open(r)
		if state != cache.Cached {
			continue
		}
		m, _, err := store.Measure(res, analysis.NewInfo(r))
		if err != nil || m.Settled == nil || !*m.Settled || m.SteadyNote != "" {
			continue
		}
		out = append(out, analysis.FixedPointRun(r))
	}
	return out
}

// runForms are run's synopsis lines, one per executor kind.
func runForms(fs *flagset.Set, operands string) []string {
	_, choice := defineRun(fs)
	return choice.Forms(fs, operands)
}

// runTask computes one task of a batch job.
func runTask(ctx context.Context, list, index string, stdout, stderr io.Writer) error {
	return executor.RunTask(ctx, list, index, stdout, stderr, kinds.Sections()...)
}
