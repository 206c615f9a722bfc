package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"

	"ringwave/internal/flagset"
	"ringwave/pipeline/executor/kinds"
	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// A command is one verb of ringwave: its flags, its operands and what it
// does. The usage, `ringwave help CMD`, `ringwave CMD -h` and README's list
// of commands are all made from this table and the commands' flag sets (a
// test keeps README in step).
type command struct {
	name     string
	operands string // what follows the flags: "MANIFEST...", "[MANIFEST...]"
	doc      string
	// flags defines the command's flags on fs (which has -results) and
	// returns what the command does once they are parsed, given the
	// operands. nil for help, which takes no flags.
	flags func(fs *flagset.Set, results *string) action
	// forms returns the synopsis lines when the command has more than one
	// form (run: one per executor kind); nil: its flags then its operands.
	forms func(fs *flagset.Set, operands string) []string
}

// action is a command with its flags parsed: operands are the arguments
// that are not flags (manifests).
type action func(ctx context.Context, operands []string, stdout, stderr io.Writer) error

var commands []command // filled by init: the commands' functions print the usage

func init() {
	commands = []command{
		{"run", "MANIFEST...", `computes every run of the manifests (and of the manifests they name as reference) that is not cached or whose files changed since they were computed, and prints one line per run: its name, short key, "cached" or "computed", and its directory. A run already being computed by another process is waited for, not computed twice. Runs whose files would not fit on the results filesystem are refused before anything is written, with the bytes needed and free. It first removes what killed runs left in DIR/cache/tmp. Long runs show a progress bar on a terminal and otherwise a line when they start and every 10 s; -q silences them. With -executor slurm the runs not cached are submitted as one Slurm job array (one per stage of a chain, in the order of their dependencies) into the same cache, which must be on a filesystem the nodes share (see README, "Running on a Slurm cluster").`,
			runFlags, runForms},
		{"path", "MANIFEST...", `prints the cache directory of each run, in sweep order, whether or not it exists yet. It computes nothing.`,
			pathFlags, nil},
		{"status", "MANIFEST...", `prints, for each run, whether it is cached, missing or corrupt (and why), and its key, then how many runs are to compute and the bytes they will write; -v also prints each run's size on disk by file and what goes into its key.`,
			statusFlags, nil},
		{"verify", "[MANIFEST...]", `re-hashes every file of every cache entry and compares with its run.json; a corrupt entry (a damaged file, or an entry that is a symlink or a file) is moved to DIR/cache/quarantine so that the next run recomputes it. It checks every entry, and exits with status 1 if any was corrupt or could not be moved. With -recompute N it also recomputes N cached runs of the given manifests and checks that they come out bit for bit the same.`,
			verifyFlags, nil},
		{"gc", "MANIFEST...", `removes the cache entries that no run of the given manifests uses (and their links under DIR/runs), the temporary directories of interrupted runs, the quarantine, and what executors left that is no longer needed (Slurm submissions whose runs are all cached). It first lists the entries it would delete by the manifest that last used them, with their number and size, and asks on a terminal; without a terminal it deletes entries only with -f, and otherwise exits with status 2 having removed nothing. -dry-run only lists what it would remove. A failure to remove anything is an error (status 1).`,
			gcFlags, nil},
		{"export", "MANIFEST...", `writes computed runs as NumPy .npz files for colleagues without ringwave: one per run at DIR/exports/NAME.npz (DIR/exports/NAME/POINT.npz in a sweep), or, with -o, all runs of the manifests (not their references) in one file, their members prefixed by what tells them apart ("dynamics.lambda=10/weights"). It computes nothing: a run not in the cache is an error, and nothing is written. Every array is checked against its sha256 as it is copied, and the files are written all or none.`,
			exportFlags, nil},
		{"table", "MANIFEST...", `prints one row per run of the manifests: its name, sweep point, status and key, each swept key (by its dotted name), the main parameters, and the run's measurements (kernel_peak, kernel_peak_offset, zero_crossings, decay_rate, theory_rel_diff, steady_rel_diff, weights_drift, settled, regime, …; README lists every column). Text shows the run, its swept keys and the main measurements; csv (for pandas.read_csv) and json have every column. Measurements are computed once per run and kept in DIR/analysis. It computes no simulation: a run not cached shows as missing, with the command that computes it.`,
			tableFlags, nil},
		{"report", "MANIFEST...", `renders the pages of each manifest into DIR/reports (or -o DIR) from the cached runs: one page per manifest, or for a sweep a summary (every measurement against each swept key, with theory) and a page per point; and index.html, which lists every manifest ever reported there, with outcomes, until -prune deletes the pages of manifests that no longer exist. It copies the pinned echarts.min.js beside them so that they work offline. Every array read is checked against its sha256. Runs not computed yet, or whose files changed since, get a notice, and report then exits with status 1 after writing every page.`,
			reportFlags, nil},
		{"compare", "RUN...", `shows runs side by side: the parameters in which they differ (only those), and every measurement some run has, each with its relative difference from the first run. A RUN is a manifest (all its runs) or a manifest and a point: x.toml@dynamics.lambda=10 (several keys joined by commas), or x.toml[dynamics.lambda=10] as runs are named (quoted for the shell). -format json for scripts; -format html writes one page overlaying the runs' kernels, convergence and activity into DIR/reports, linked from the index. It computes no simulation.`,
			compareFlags, nil},
		{"dag", "MANIFEST...", `prints the manifests and the manifests they start from ([init] from) or are compared with (reference), transitively, in dependency order (each after those it needs), each with its number of runs cached and missing in DIR. -format dot writes the same graph in Graphviz's DOT language (ringwave dag -format dot X.toml | dot -Tsvg > dag.svg): a solid edge from an upstream to the manifest that starts from it, a dashed one from a reference. It computes nothing.`,
			dagFlags, nil},
		{"help", "[COMMAND | manifest]", `prints the usage, a command's usage and flags, or every manifest key with its default, unit and meaning.`,
			nil, nil},
	}
}

// lookup returns the command named name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// exec parses args with the command's flags and runs it.
func (c command) exec(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if c.flags == nil {
		return cmdHelp(ctx, args, stdout, stderr)
	}
	fs, results := newFlags(c.name)
	act := c.flags(fs, results)
	operands, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	return act(ctx, operands, stdout, stderr)
}

// newFlags returns a flag set whose errors are usage errors, with the
// -results flag every command has.
func newFlags(name string) (*flagset.Set, *string) {
	fs := flagset.New(name)
	results := fs.String("results", "results", "results `DIR` (cache, runs, reports)")
	return fs, results
}

// parseFlags parses args, flags before, between or after the manifests,
// and returns the manifests' paths. For -h it prints the command's usage
// and flags on stdout and returns errHelp.
func parseFlags(fs *flagset.Set, args []string, stdout io.Writer) ([]string, error) {
	var paths []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			c, _ := lookup(fs.Name())
			fmt.Fprint(stdout, c.usage()+"\nflags:\n")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return nil, errHelp
		} else if err != nil {
			return nil, usageError{fmt.Sprintf("ringwave %s: %v\n%s", fs.Name(), err, usage())}
		}
		if consumed := len(args) - fs.NArg(); consumed > 0 && args[consumed-1] == "--" {
			return append(paths, fs.Args()...), nil // the rest are manifests
		}
		args = fs.Args()
		if len(args) == 0 {
			return paths, nil
		}
		paths = append(paths, args[0])
		args = args[1:]
	}
}

// load loads the manifests at paths (and their references) into runs;
// command names the command for the usage error of no manifest, when need.
func load(command string, paths []string, need bool) ([]*manifest.Manifest, []*manifest.Run, error) {
	if len(paths) == 0 {
		if need {
			c, _ := lookup(command)
			return nil, nil, usageError{fmt.Sprintf("ringwave %s: no manifest given\n%s", command, c.usage())}
		}
		return nil, nil, nil
	}
	ms, err := manifest.LoadAll(paths, kinds.Sections()...)
	if err != nil {
		return nil, nil, err
	}
	if err := checkLaws(ms); err != nil {
		return nil, nil, err
	}
	runs, err := manifest.ExpandAll(ms)
	return ms, runs, err
}

// checkLaws holds every [[law]] of the manifests and of those they start
// from to a measurement of the registry.
func checkLaws(ms []*manifest.Manifest) error {
	var names []string
	for _, e := range analysis.Registry {
		names = append(names, e.Name)
	}
	known := func(name string) bool { _, ok := analysis.Lookup(name); return ok }
	var errs []error
	for _, m := range ms {
		for u := m; u != nil; u = u.Upstream {
			if err := u.CheckLaws(known, names); err != nil && !slices.ContainsFunc(errs, func(e error) bool { return e.Error() == err.Error() }) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flagset.Set) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}
