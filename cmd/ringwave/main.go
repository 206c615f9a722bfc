// Command ringwave reproduces the ring-network experiments described by TOML
// manifests: it runs the simulations, keeps every output in a
// content-addressed cache, and renders reports.
//
// Usage:
//
//	ringwave run    [-results DIR] [-j N] [-force] [-q] MANIFEST...
//	ringwave run    [-results DIR] -executor slurm [-detach] [-partition P] [-time T]
//	                [-cpus-per-task N] [-mem M] [-slurm-opts "..."] MANIFEST...
//	ringwave path   [-results DIR] MANIFEST...
//	ringwave status [-results DIR] [-v] MANIFEST...
//	ringwave verify [-results DIR] [-recompute N] [MANIFEST...]
//	ringwave gc     [-results DIR] [-dry-run] MANIFEST...
//	ringwave export [-results DIR] [-o FILE.npz] MANIFEST...
//	ringwave report [-results DIR] [-o DIR] [-echarts FILE] MANIFEST...
//
// run computes every run of the manifests (and of the manifests they name
// as reference) that is not cached, and prints one line per run: its name,
// short key, "cached" or "computed", and its directory. A run already
// being computed by another process is waited for, not computed twice.
// Long runs show a progress bar on a terminal and a line every 10 s
// otherwise; -q silences them.
//
// With -executor slurm, run submits the runs that are not cached as one
// Slurm job array (sbatch) whose tasks compute them into the same cache,
// which must be on a filesystem the nodes share; it then waits and prints
// the same lines, or, with -detach, prints the job's id and returns.
// -partition, -time, -cpus-per-task, -mem and -slurm-opts (more sbatch
// options) override the manifests' [slurm] tables; the memory defaults to
// an estimate of the largest run. A failed task is reported with its Slurm
// job id and log, under DIR/slurm/; running again submits only what is
// still missing. The tasks run "ringwave run-task", which is not for
// people.
//
// path prints the cache directory of each run, in sweep order, whether or
// not it exists yet. It computes nothing.
//
// status prints, for each run, whether it is cached, missing or corrupt, and
// its key; -v also prints what goes into the key.
//
// verify re-hashes every file of every cache entry and compares with its
// run.json; a corrupt entry is moved to DIR/cache/quarantine so that the
// next run recomputes it. With -recompute N it also recomputes N cached
// runs of the given manifests and checks that they come out bit for bit
// the same.
//
// gc removes the cache entries that no run of the given manifests uses,
// the temporary directories of interrupted runs, the quarantine, and the
// directories of Slurm submissions whose runs are all cached. -dry-run only
// lists them.
//
// export writes computed runs as NumPy .npz files for colleagues without
// ringwave: one per run at DIR/exports/NAME.npz (DIR/exports/NAME/POINT.npz
// in a sweep), or, with -o, all runs of the manifests (not their
// references) in one file, their members prefixed by what tells them apart
// ("dynamics.lambda=10/weights"). Each run gives its arrays, bit for bit
// its .npy files, and "run_json", its run.json as a NumPy string. It
// computes nothing: a run not in the cache is an error, and nothing is
// written. It prints the path of each file written.
//
// report renders one HTML page per manifest (a section per run) and an
// index.html into DIR/reports (or -o DIR), from the cached runs: activity
// rasters, weight matrices, learned kernels against the theory of the
// learning rule, convergence and the circulant check. It copies the pinned
// echarts.min.js (fetched by tools/fetch-echarts.sh into .cache/echarts)
// beside the pages, so that they work offline; without it the pages say
// that their charts need it. Runs not computed yet get a notice, and report
// then exits with status 1 after writing every page.
//
// Results go under DIR (default "results"): DIR/cache/ holds the entries,
// DIR/runs/NAME links to them by manifest name.
//
// Errors are printed as "ringwave: FILE:LINE: message" and exit with
// status 1; usage errors exit with status 2, an interrupted run with 130.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"ringwave/pipeline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first signal, the default action again: a second Ctrl-C ends
	// a command that is slow to notice the first.
	context.AfterFunc(ctx, stop)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	interrupted := ctx.Err() != nil
	stop()
	os.Exit(exitCode(err, interrupted, os.Stderr))
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errHelp is returned after -h printed a command's flags: exit status 0.
var errHelp = errors.New("help printed")

func exitCode(err error, interrupted bool, stderr io.Writer) int {
	if err == nil || errors.Is(err, errHelp) {
		return 0
	}
	if interrupted || errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "ringwave: interrupted; nothing partial was kept")
		return 130
	}
	var u usageError
	if errors.As(err, &u) { // the message, then the usage text as it is
		first, rest, _ := strings.Cut(u.msg, "\n")
		fmt.Fprintln(stderr, "ringwave: "+strings.TrimPrefix(first, "ringwave "))
		if rest != "" {
			fmt.Fprintln(stderr, rest)
		}
		return 2
	}
	for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
		if strings.HasPrefix(line, "    ") { // the source line and caret of a syntax error
			fmt.Fprintln(stderr, line)
			continue
		}
		fmt.Fprintln(stderr, "ringwave: "+line)
	}
	return 1
}

const usage = `usage:
  ringwave run    [-results DIR] [-j N] [-force] [-q] MANIFEST...
  ringwave run    [-results DIR] -executor slurm [-detach] [-partition P] [-time T]
                  [-cpus-per-task N] [-mem M] [-slurm-opts "..."] MANIFEST...
  ringwave path   [-results DIR] MANIFEST...
  ringwave status [-results DIR] [-v] MANIFEST...
  ringwave verify [-results DIR] [-recompute N] [MANIFEST...]
  ringwave gc     [-results DIR] [-dry-run] MANIFEST...
  ringwave export [-results DIR] [-o FILE.npz] MANIFEST...
  ringwave report [-results DIR] [-o DIR] [-echarts FILE] MANIFEST...
Run 'ringwave help' or see README.md for details.`

// run is the whole command, for main and for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"no command given\n" + usage}
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "run":
		return cmdRun(ctx, args, stdout, stderr)
	case "path":
		return cmdPath(args, stdout, stderr)
	case "status":
		return cmdStatus(args, stdout, stderr)
	case "verify":
		return cmdVerify(ctx, args, stdout, stderr)
	case "gc":
		return cmdGC(args, stdout, stderr)
	case "report":
		return cmdReport(ctx, args, stdout, stderr)
	case "export":
		return cmdExport(ctx, args, stdout, stderr)
	case "run-task": // one task of the job array of run -executor slurm
		if len(args) != 2 {
			return usageError{"usage: ringwave run-task TASKS.json INDEX (run by Slurm)"}
		}
		return pipeline.RunSlurmTask(ctx, args[0], args[1], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q\n%s", cmd, usage)}
}
