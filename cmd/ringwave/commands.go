package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"ringwave/pipeline"
)

// newFlags returns a flag set whose errors are usage errors, with the
// -results flag every command has.
func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned and printed once, by main
	fs.Usage = func() {}     // -h is answered by parse
	results := fs.String("results", "results", "results `DIR` (cache, runs, reports)")
	return fs, results
}

// parse parses args and loads the manifests named by the remaining
// arguments (and their references) into runs. For -h it prints the
// command's flags on stdout and returns errHelp.
func parse(fs *flag.FlagSet, args []string, needManifests bool, stdout io.Writer) ([]*pipeline.Manifest, []*pipeline.Run, error) {
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "usage: ringwave %s [flags] MANIFEST...\nflags:\n", fs.Name())
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return nil, nil, errHelp
	} else if err != nil {
		return nil, nil, usageError{fmt.Sprintf("ringwave %s: %v\n%s", fs.Name(), err, usage)}
	}
	if fs.NArg() == 0 {
		if needManifests {
			return nil, nil, usageError{fmt.Sprintf("ringwave %s: no manifest given\n%s", fs.Name(), usage)}
		}
		return nil, nil, nil
	}
	ms, err := pipeline.LoadAll(fs.Args())
	if err != nil {
		return nil, nil, err
	}
	runs, err := pipeline.ExpandAll(ms)
	return ms, runs, err
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("run", stderr)
	jobs := fs.Int("j", 1, "compute up to `N` runs at once")
	force := fs.Bool("force", false, "recompute runs even if cached")
	quiet := fs.Bool("q", false, "no progress output")
	executor := fs.String("executor", "local", "where runs are computed: `local` or slurm (one job array)")
	detach := fs.Bool("detach", false, "slurm: return once the job is submitted")
	var slurm pipeline.SlurmOptions
	fs.StringVar(&slurm.Partition, "partition", "", "slurm: the `PARTITION` (overrides [slurm] partition)")
	fs.StringVar(&slurm.Time, "time", "", "slurm: the time limit per run, e.g. `2:00:00` (overrides [slurm] time)")
	fs.IntVar(&slurm.CPUsPerTask, "cpus-per-task", 0, "slurm: `CPUS` per run (overrides [slurm] cpus_per_task; default 1)")
	fs.StringVar(&slurm.Mem, "mem", "", "slurm: memory per run, e.g. `4G` (overrides [slurm] mem; default the run's estimate)")
	opts := fs.String("slurm-opts", "", "slurm: more sbatch `OPTIONS`, separated by spaces")
	_, runs, err := parse(fs, args, true, stdout)
	if err != nil {
		return err
	}
	switch set := setFlags(fs); {
	case *executor == "slurm":
		if set["force"] || set["j"] {
			return usageError{"ringwave run: -force and -j are for -executor local (Slurm decides how many tasks run at once)"}
		}
		slurm.Options = strings.Fields(*opts)
		defined := func(key string) bool { return set[strings.ReplaceAll(key, "_", "-")] }
		for _, p := range slurm.Check(defined) {
			name := strings.ReplaceAll(p.Key, "_", "-")
			if p.Key == "options" {
				name = "slurm-opts"
			}
			return usageError{fmt.Sprintf("ringwave run: -%s %s", name, p.Msg)}
		}
		return pipeline.Cache{Dir: *results}.SubmitSlurm(ctx, runs, pipeline.SlurmConfig{
			Override: slurm, Detach: *detach, Out: stdout, Log: stderr,
		})
	case *executor != "local":
		return usageError{fmt.Sprintf("ringwave run: -executor must be local or slurm (got %q)", *executor)}
	default:
		for _, f := range []string{"detach", "partition", "time", "cpus-per-task", "mem", "slurm-opts"} {
			if set[f] {
				return usageError{fmt.Sprintf("ringwave run: -%s needs -executor slurm", f)}
			}
		}
	}
	mode := pipeline.ProgressAuto
	if *quiet {
		mode = pipeline.ProgressNone
	}
	_, err = pipeline.Cache{Dir: *results}.Execute(ctx, runs, pipeline.Options{
		Jobs: *jobs, Force: *force, Progress: mode, Out: stdout, Log: stderr,
	})
	return err
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

func cmdPath(args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("path", stderr)
	_, runs, err := parse(fs, args, true, stdout)
	if err != nil {
		return err
	}
	c := pipeline.Cache{Dir: *results}
	for _, r := range runs {
		if r.Manifest.Requested { // not the references the manifests name
			fmt.Fprintln(stdout, c.EntryDir(r.Key))
		}
	}
	return nil
}

func cmdStatus(args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("status", stderr)
	verbose := fs.Bool("v", false, "also print what goes into each key")
	_, runs, err := parse(fs, args, true, stdout)
	if err != nil {
		return err
	}
	c := pipeline.Cache{Dir: *results}
	notCached := 0
	for _, r := range runs {
		rec, state, problem := c.Lookup(r.Key)
		line := fmt.Sprintf("%s  %.12s  %s", r.Name, r.Key, state)
		switch {
		case problem != nil:
			line += ": " + problem.Error()
		case rec != nil:
			line += fmt.Sprintf("  %s  (%.1f s, %.0f steps/s)", c.EntryDir(r.Key), rec.Provenance.WallSeconds, rec.Provenance.StepsPerSecond)
		}
		if state != pipeline.Cached {
			notCached++
		}
		fmt.Fprintln(stdout, line)
		if *verbose {
			fmt.Fprintf(stdout, "  key %s = sha256 of\n  %s\n", r.Key, strings.ReplaceAll(r.KeyMaterial(), "\n", "\n  "))
		}
	}
	fmt.Fprintf(stdout, "%d runs: %d cached, %d to compute\n", len(runs), len(runs)-notCached, notCached)
	return nil
}

func cmdVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("verify", stderr)
	recompute := fs.Int("recompute", 0, "also recompute `N` cached runs of the manifests and compare bit for bit")
	_, runs, err := parse(fs, args, false, stdout)
	if err != nil {
		return err
	}
	c := pipeline.Cache{Dir: *results}
	keys, err := c.Entries()
	if err != nil {
		return err
	}
	bad := 0
	for _, key := range keys {
		if err := c.VerifyEntry(key); err != nil {
			bad++
			fmt.Fprintf(stdout, "%.12s  CORRUPT: %v\n", key, err)
			if qerr := c.Quarantine(ctx, key); qerr != nil {
				return qerr
			}
			continue
		}
		fmt.Fprintf(stdout, "%.12s  ok\n", key)
	}
	if *recompute > 0 {
		var cached []*pipeline.Run
		for _, r := range runs {
			if _, state, _ := c.Lookup(r.Key); state == pipeline.Cached {
				cached = append(cached, r)
			}
		}
		rng := rand.New(rand.NewPCG(uint64(len(keys)), 0)) // a sample, not always the first N
		rng.Shuffle(len(cached), func(i, j int) { cached[i], cached[j] = cached[j], cached[i] })
		for _, r := range cached[:min(*recompute, len(cached))] {
			rec, _, _ := c.Lookup(r.Key)
			if err := c.Recompute(ctx, r, rec); err != nil {
				bad++
				fmt.Fprintf(stdout, "%s  %.12s  NOT REPRODUCED: %v\n", r.Name, r.Key, err)
				continue
			}
			fmt.Fprintf(stdout, "%s  %.12s  recomputed: identical\n", r.Name, r.Key)
		}
	}
	if bad > 0 {
		return fmt.Errorf("verify: %d problems (corrupt entries were moved to %s/cache/quarantine; run again to recompute)", bad, *results)
	}
	fmt.Fprintf(stdout, "%d entries verified\n", len(keys))
	return nil
}

func cmdGC(args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("gc", stderr)
	dry := fs.Bool("dry-run", false, "only list what would be removed")
	_, runs, err := parse(fs, args, true, stdout)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, r := range runs {
		keep[r.Key] = true
	}
	n, size, err := pipeline.Cache{Dir: *results}.GC(keep, *dry, stdout)
	if err != nil {
		return err
	}
	verb := "removed"
	if *dry {
		verb = "would remove"
	}
	fmt.Fprintf(stdout, "gc: %s %d items, %.1f MiB\n", verb, n, float64(size)/(1<<20))
	return nil
}
