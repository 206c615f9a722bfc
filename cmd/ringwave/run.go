package main

import (
	"context"
	"io"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/executor/kinds"
)

// defineRun defines run's flags on fs: the ones every executor takes, then
// the choice of executor and each kind's.
func defineRun(fs *flagset.Set) (common func(results string) executor.Common, choice *kinds.Choice) {
	jobs := fs.Int("j", 1, "compute up to `N` runs at once")
	force := fs.Bool("force", false, "recompute runs even if cached")
	quiet := fs.Bool("q", false, "no progress output")
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
		c := common(*results)
		c.Out, c.Log = stdout, stderr
		ex, err := choice.Executor(c, setFlags(fs))
		if err != nil {
			return usageError{"ringwave run: " + err.Error()}
		}
		return ex.Execute(ctx, runs)
	}
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
