package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/executor/slurm"
	"ringwave/pipeline/manifest"
	_ "ringwave/report/analysis" // registers the measurements' area with the cache, for gc and verify
)

// kinds are the executors `run -executor` can choose.
var kinds = []executor.Kind{executor.LocalKind, slurm.Kind}

// sections are the manifest tables the executors own ([slurm]).
func sections() []manifest.Section {
	var s []manifest.Section
	for _, k := range kinds {
		if k.Section != nil {
			s = append(s, *k.Section)
		}
	}
	return s
}

// newFlags returns a flag set whose errors are usage errors, with the
// -results flag every command has.
func newFlags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned and printed once, by main
	fs.Usage = func() {}     // -h is answered by parse
	results := fs.String("results", "results", "results `DIR` (cache, runs, reports)")
	return fs, results
}

// parseFlags parses args, flags before, between or after the manifests,
// and returns the manifests' paths. For -h it prints the command's usage
// and flags on stdout and returns errHelp.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
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

// parse parses args and loads the manifests named by the remaining
// arguments (and their references) into runs.
func parse(fs *flag.FlagSet, args []string, needManifests bool, stdout io.Writer) ([]*manifest.Manifest, []*manifest.Run, error) {
	paths, err := parseFlags(fs, args, stdout)
	if err != nil {
		return nil, nil, err
	}
	if len(paths) == 0 {
		if needManifests {
			return nil, nil, usageError{fmt.Sprintf("ringwave %s: no manifest given\n%s", fs.Name(), usage())}
		}
		return nil, nil, nil
	}
	ms, err := manifest.LoadAll(paths, sections()...)
	if err != nil {
		return nil, nil, err
	}
	runs, err := manifest.ExpandAll(ms)
	return ms, runs, err
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("run")
	jobs := fs.Int("j", 1, "compute up to `N` runs at once")
	force := fs.Bool("force", false, "recompute runs even if cached")
	quiet := fs.Bool("q", false, "no progress output")
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.Name
	}
	choice := fs.String("executor", "local", "where runs are computed: `"+strings.Join(names, "|")+"`")
	makers := map[string]func(executor.Common, map[string]bool) (executor.Executor, error){}
	owner := map[string]string{} // flag -> the kind that registered it
	for _, k := range kinds {
		before := map[string]bool{}
		fs.VisitAll(func(f *flag.Flag) { before[f.Name] = true })
		makers[k.Name] = k.Flags(fs)
		fs.VisitAll(func(f *flag.Flag) {
			if !before[f.Name] {
				owner[f.Name] = k.Name
			}
		})
	}
	_, runs, err := parse(fs, args, true, stdout)
	if err != nil {
		return err
	}
	set := setFlags(fs)
	makeExecutor, ok := makers[*choice]
	if !ok {
		return usageError{fmt.Sprintf("ringwave run: -executor must be %s (got %q)", orList(names), *choice)}
	}
	for f := range set {
		if k, ok := owner[f]; ok && k != *choice {
			return usageError{fmt.Sprintf("ringwave run: -%s needs -executor %s", f, k)}
		}
	}
	ex, err := makeExecutor(executor.Common{
		Cache: cache.Cache{Dir: *results}, Jobs: *jobs, Force: *force, Quiet: *quiet, Out: stdout, Log: stderr,
	}, set)
	if err != nil {
		return usageError{"ringwave run: " + err.Error()}
	}
	return ex.Execute(ctx, runs)
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// runTask computes one task of a batch job.
func runTask(ctx context.Context, list, index string, stdout, stderr io.Writer) error {
	return executor.RunTask(ctx, list, index, stdout, stderr, sections()...)
}

// manifestHelp lists the manifest language.
func manifestHelp() string {
	return `A manifest describes one experiment; every key but name is optional and
defaults to the notebook's value. Unknown keys are errors.

name = "full_connectivity"   # required; names results/runs/<name>
title = "…"                  # free text, not part of the cache key
reference = "other.toml"     # a manifest this one is compared against (reports)
description = "…"            # free text shown on its report page
` + manifest.Reference() + `
[sweep]                      # every combination is one run
"dynamics.lambda" = [10.0, 20.0, 40.0]
`
}

func cmdPath(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("path")
	_, runs, err := parse(fs, args, true, stdout)
	if err != nil {
		return err
	}
	c := cache.Cache{Dir: *results}
	for _, r := range runs {
		if r.Manifest.Requested { // not the references the manifests name
			fmt.Fprintln(stdout, c.EntryDir(r.Key))
		}
	}
	return nil
}

func cmdStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("status")
	verbose := fs.Bool("v", false, "also print each run's expected size on disk and what goes into its key")
	_, runs, err := parse(fs, args, true, stdout)
	if err != nil {
		return err
	}
	c := cache.Cache{Dir: *results}
	notCached := 0
	var toWrite int64
	counted := map[string]bool{}
	for _, r := range runs {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, state, problem := c.Lookup(r.Key)
		line := fmt.Sprintf("%s  %.12s  %s", r.Name, r.Key, state)
		switch {
		case problem != nil:
			line += ": " + problem.Error()
		case rec != nil:
			line += fmt.Sprintf("  %s  (%.1f s, %.0f steps/s)", c.EntryDir(r.Key), rec.Provenance.WallSeconds, rec.Provenance.StepsPerSecond)
		}
		disk := executor.DiskEstimate(r)
		if state != cache.Cached {
			notCached++
			if !counted[r.Key] {
				counted[r.Key] = true
				toWrite += disk.Total()
			}
		}
		fmt.Fprintln(stdout, line)
		if *verbose {
			fmt.Fprintf(stdout, "  size on disk %s: activity %s, weights %s and initial %s, history %s, run.json and side files ≤ %s\n",
				cache.HumanBytes(disk.Total()), cache.HumanBytes(disk.Activity), cache.HumanBytes(disk.Weights),
				cache.HumanBytes(disk.Initial), cache.HumanBytes(disk.History), cache.HumanBytes(disk.Other))
			fmt.Fprintf(stdout, "  key %s = sha256 of\n  %s\n", r.Key, strings.ReplaceAll(r.KeyMaterial(), "\n", "\n  "))
		}
	}
	summary := fmt.Sprintf("%d runs: %d cached, %d to compute", len(runs), len(runs)-notCached, notCached)
	if notCached > 0 {
		summary += fmt.Sprintf(" (%s to write)", cache.HumanBytes(toWrite))
	}
	fmt.Fprintln(stdout, summary)
	return nil
}

func cmdVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("verify")
	recompute := fs.Int("recompute", 0, "also recompute `N` cached runs of the manifests and compare bit for bit")
	_, runs, err := parse(fs, args, false, stdout)
	if err != nil {
		return err
	}
	c := cache.Cache{Dir: *results}
	if err := c.Check(); err != nil {
		return err
	}
	keys, err := c.Entries()
	if err != nil {
		return err
	}
	// Every entry is checked, and every corrupt one moved aside, whatever
	// fails on the way; the error sums up.
	var corrupt, unmoved, unreproduced int
	for _, key := range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := c.VerifyEntry(key); err != nil {
			corrupt++
			fmt.Fprintf(stdout, "%.12s  CORRUPT: %v\n", key, err)
			if qerr := c.Quarantine(ctx, key); qerr != nil {
				unmoved++
				fmt.Fprintf(stdout, "%.12s  could not be moved aside: %v\n", key, qerr)
			}
			continue
		}
		fmt.Fprintf(stdout, "%.12s  ok\n", key)
	}
	for _, l := range c.LinkedShards() { // not followed: its entries are not served
		corrupt++
		unmoved++
		fmt.Fprintf(stdout, "%s  CORRUPT: a symbolic link where a shard of the cache should be (not followed; remove it, then ringwave run recomputes its runs)\n", l)
	}
	for _, l := range c.DerivedLinks() {
		fmt.Fprintf(stdout, "%s  not followed: a symbolic link where ringwave keeps derived data\n", l)
	}
	derived := c.VerifyDerived()
	for _, d := range derived {
		what := "removed: recomputed when next needed"
		if !d.Removed {
			what = "could not be removed"
		}
		fmt.Fprintf(stdout, "%s  DAMAGED: %v (%s)\n", d.Path, d.Problem, what)
	}
	if *recompute > 0 {
		var cached []*manifest.Run
		for _, r := range runs {
			if _, state, _ := c.Lookup(r.Key); state == cache.Cached {
				cached = append(cached, r)
			}
		}
		rng := rand.New(rand.NewPCG(uint64(len(keys)), 0)) // a sample, not always the first N
		rng.Shuffle(len(cached), func(i, j int) { cached[i], cached[j] = cached[j], cached[i] })
		for _, r := range cached[:min(*recompute, len(cached))] {
			rec, _, _ := c.Lookup(r.Key)
			if err := executor.Recompute(ctx, c, r, rec); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				unreproduced++
				fmt.Fprintf(stdout, "%s  %.12s  NOT REPRODUCED: %v\n", r.Name, r.Key, err)
				continue
			}
			fmt.Fprintf(stdout, "%s  %.12s  recomputed: identical\n", r.Name, r.Key)
		}
	}
	var problems []string
	if moved := corrupt - unmoved; moved > 0 {
		problems = append(problems, fmt.Sprintf("%d corrupt entries moved to %s (ringwave run recomputes them)", moved, filepath.Join(*results, "cache", "quarantine")))
	}
	if unmoved > 0 {
		problems = append(problems, fmt.Sprintf("%d corrupt entries could not be moved aside (see above; ringwave run -force recomputes them)", unmoved))
	}
	if unreproduced > 0 {
		problems = append(problems, fmt.Sprintf("%d runs not reproduced", unreproduced))
	}
	if len(derived) > 0 {
		problems = append(problems, fmt.Sprintf("%d damaged measurements files removed (measured again when next needed)", len(derived)))
	}
	if len(problems) > 0 && corrupt == 0 {
		return fmt.Errorf("verify: %d entries verified, but %s", len(keys), strings.Join(problems, "; "))
	}
	if len(problems) > 0 {
		return fmt.Errorf("verify: %d of %d entries corrupt: %s", corrupt, len(keys)+len(c.LinkedShards()), strings.Join(problems, "; "))
	}
	fmt.Fprintf(stdout, "%d entries verified\n", len(keys))
	return nil
}

func cmdGC(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("gc")
	dry := fs.Bool("dry-run", false, "only list what would be removed")
	force := fs.Bool("f", false, "remove cache entries without asking")
	_, runs, err := parse(fs, args, true, stdout)
	if err != nil {
		return err
	}
	c := cache.Cache{Dir: *results}
	if err := c.Check(); err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, r := range runs {
		keep[r.Key] = true
	}
	var pruners []cache.Pruner // the derived areas (measurements) are the cache's own
	for _, k := range kinds {
		if k.Prune != nil {
			pruners = append(pruners, k.Prune)
		}
	}
	plan, err := c.Plan(keep, pruners...)
	if err != nil {
		return err
	}
	for _, l := range append(c.LinkedShards(), c.DerivedLinks()...) {
		fmt.Fprintf(stderr, "ringwave: warning: %s is a symbolic link: gc does not follow it and leaves it alone\n", l)
	}
	entries, size := describeEntries(stdout, c, plan)
	if *dry {
		var total int64
		for _, g := range plan {
			fmt.Fprintf(stdout, "would remove %s (%s, %s)\n", g.Path, g.Why, cache.HumanBytes(g.Size))
			total += g.Size
		}
		fmt.Fprintf(stdout, "gc: would remove %d items, %s\n", len(plan), cache.HumanBytes(total))
		return nil
	}
	if entries > 0 && !*force {
		in, isTerminal := confirmInput()
		if !isTerminal {
			return usageError{fmt.Sprintf("ringwave gc: would delete %d cache entries (%s) that none of the given manifests uses (listed above); "+
				"gc -f deletes them without asking, gc -dry-run lists all it would remove", entries, cache.HumanBytes(size))}
		}
		fmt.Fprintf(stderr, "Delete these %d cache entries (%s) for good? [y/N] ", entries, cache.HumanBytes(size))
		answers := make(chan string, 1)
		go func() { // a read that Ctrl-C must not wait for
			a, _ := bufio.NewReader(in).ReadString('\n')
			answers <- a
		}()
		var answer string
		select {
		case answer = <-answers:
		case <-ctx.Done():
			return ctx.Err()
		}
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			fmt.Fprintln(stdout, "gc: nothing removed")
			return nil
		}
	}
	n, removed, err := c.Remove(plan, stdout)
	fmt.Fprintf(stdout, "gc: removed %d items, %s\n", n, cache.HumanBytes(removed))
	return err
}

// confirmInput returns where gc reads its answer and whether that is a
// terminal (a person to ask). Tests replace it.
var confirmInput = func() (io.Reader, bool) {
	return os.Stdin, term.IsTerminal(int(os.Stdin.Fd()))
}

// describeEntries prints the cache entries of a gc plan grouped by the
// manifest that last used them, largest first, and returns their number
// and size.
func describeEntries(w io.Writer, c cache.Cache, plan []cache.Garbage) (n int, size int64) {
	type group struct {
		manifest, run string
		n             int
		size          int64
		last          time.Time
	}
	groups := map[string]*group{}
	for _, g := range plan {
		if g.Key == "" {
			continue
		}
		n++
		size += g.Size
		u, ok := c.LastUse(g.Key)
		if !ok {
			u.Manifest = "(unknown: the entry has no readable run.json)"
		}
		gr := groups[u.Manifest]
		if gr == nil {
			gr = &group{manifest: u.Manifest}
			groups[u.Manifest] = gr
		}
		gr.n++
		gr.size += g.Size
		if gr.run == "" || u.Time.After(gr.last) {
			gr.run, gr.last = u.Run, u.Time
		}
	}
	if n == 0 {
		return 0, 0
	}
	list := slices.SortedFunc(maps.Values(groups), func(a, b *group) int {
		return cmp.Or(cmp.Compare(b.size, a.size), cmp.Compare(a.manifest, b.manifest))
	})
	fmt.Fprintf(w, "gc: %d cache entries (%s) are used by none of the given manifests; they were last used by\n", n, cache.HumanBytes(size))
	for _, g := range list {
		fmt.Fprintf(w, "  %s: %d runs, %s (last %s, %s)\n", g.manifest, g.n, cache.HumanBytes(g.size), g.run, g.last.Format("2006-01-02"))
	}
	return n, size
}
