package executor

import (
	"context"
	"io"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// An Executor makes sure runs are in the cache: it takes what is cached,
// computes the rest wherever it computes (this process, a cluster), and
// prints one line per run on its output as the run lands,
//
//	name  key  cached|computed  directory
//
// linking each under DIR/runs/. It returns an error naming every run that
// failed.
type Executor interface {
	Execute(ctx context.Context, runs []*manifest.Run) error
}

// Common are the settings of `ringwave run` that every executor is given.
type Common struct {
	Cache cache.Cache
	Jobs  int  // -j: runs computed at once
	Force bool // -force: recompute what is cached
	Quiet bool // -q: no progress
	// Detach: -detach, for kinds that take it: return once the runs are
	// submitted, without waiting for them.
	Detach bool
	Out    io.Writer
	Log    io.Writer
}

// A Kind is an executor that `ringwave run -executor NAME` can choose. A new
// batch system is a package that declares one over the batch driver (see
// packages batch and slurm) and one line in the list of kinds (package
// kinds).
type Kind struct {
	Name string // -executor NAME
	Doc  string // what it does, for the usage

	// Flags registers the kind's own flags on fs, in the order its
	// synopsis lists them; they are refused with any other executor. It
	// returns the function that makes the executor once fs is parsed; set
	// names the flags given (common ones included). An error from it is a
	// mistake on the command line.
	Flags func(fs *flagset.Set) func(common Common, set map[string]bool) (Executor, error)
	// Detaches says the kind takes -detach (Common.Detach), as every batch
	// system does.
	Detaches bool

	// Section is the kind's manifest table, if it has one ([slurm]).
	Section *manifest.Section
	// Prune lists what the kind left under the results directory that gc
	// may remove, if anything.
	Prune cache.Pruner
}

// LocalKind is the default executor: runs computed in this process, -j at
// a time.
var LocalKind = Kind{
	Name: "local",
	Doc:  "compute in this process, up to -j runs at a time",
	Flags: func(*flagset.Set) func(Common, map[string]bool) (Executor, error) {
		return func(c Common, _ map[string]bool) (Executor, error) {
			mode := ProgressAuto
			if c.Quiet {
				mode = ProgressNone
			}
			return Local{Cache: c.Cache, Jobs: c.Jobs, Force: c.Force, Progress: mode, Out: c.Out, Log: c.Log}, nil
		}
	},
}
