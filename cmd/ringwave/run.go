package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/executor/kinds"
)

// runOptions are run's flags and, for each executor kind, the flags it
// defined and what makes it.
type runOptions struct {
	jobs          *int
	force, quiet  *bool
	choice        *string
	detach        *bool
	owned         map[string][]string // kind -> its own flags, in order
	make          map[string]func(executor.Common, map[string]bool) (executor.Executor, error)
	detaching     []string // the kinds that take -detach
	executorNames []string
}

// defineRun defines run's flags on fs: its own, then -executor, -detach
// and each kind's.
func defineRun(fs *flagset.Set) *runOptions {
	o := &runOptions{owned: map[string][]string{}, make: map[string]func(executor.Common, map[string]bool) (executor.Executor, error){}}
	o.jobs = fs.Int("j", 1, "compute up to `N` runs at once")
	o.force = fs.Bool("force", false, "recompute runs even if cached")
	o.quiet = fs.Bool("q", false, "no progress output")
	for _, k := range kinds.All {
		o.executorNames = append(o.executorNames, k.Name)
		if k.Detaches {
			o.detaching = append(o.detaching, k.Name)
		}
	}
	o.choice = fs.String("executor", kinds.All[0].Name, "where runs are computed: `"+strings.Join(o.executorNames, "|")+"`")
	if len(o.detaching) > 0 {
		o.detach = fs.Bool("detach", false, strings.Join(o.detaching, ", ")+": return once the job is submitted")
	}
	for _, k := range kinds.All {
		before := len(fs.Names())
		o.make[k.Name] = k.Flags(fs)
		o.owned[k.Name] = fs.Names()[before:]
	}
	return o
}

func runFlags(fs *flagset.Set, results *string) action {
	o := defineRun(fs)
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		_, runs, err := load("run", paths, true)
		if err != nil {
			return err
		}
		set := setFlags(fs)
		makeExecutor, ok := o.make[*o.choice]
		if !ok {
			return usageError{fmt.Sprintf("ringwave run: -executor must be %s (got %q)", orList(o.executorNames), *o.choice)}
		}
		for kind, flags := range o.owned {
			for _, f := range flags {
				if set[f] && kind != *o.choice {
					return usageError{fmt.Sprintf("ringwave run: -%s needs -executor %s", f, kind)}
				}
			}
		}
		common := executor.Common{Cache: cache.Cache{Dir: *results}, Jobs: *o.jobs, Force: *o.force, Quiet: *o.quiet, Out: stdout, Log: stderr}
		if o.detach != nil {
			if set["detach"] && !slices.Contains(o.detaching, *o.choice) {
				return usageError{fmt.Sprintf("ringwave run: -detach needs -executor %s", orList(o.detaching))}
			}
			common.Detach = *o.detach
		}
		ex, err := makeExecutor(common, set)
		if err != nil {
			return usageError{"ringwave run: " + err.Error()}
		}
		return ex.Execute(ctx, runs)
	}
}

// runForms are run's synopsis lines: the default executor with run's own
// flags, then each other kind with -executor NAME and its flags.
func runForms(fs *flagset.Set, operands string) []string {
	o := defineRun(fs)
	foreign := map[string]bool{"executor": true, "detach": true}
	for _, flags := range o.owned {
		for _, f := range flags {
			foreign[f] = true
		}
	}
	var local []string
	for _, f := range fs.Names() {
		if !foreign[f] {
			local = append(local, fs.Form(f))
		}
	}
	forms := []string{strings.Join(append(local, operands), " ")}
	for _, k := range kinds.All[1:] {
		words := []string{fs.Form("results"), "-executor " + k.Name}
		if k.Detaches {
			words = append(words, fs.Form("detach"))
		}
		for _, f := range o.owned[k.Name] {
			words = append(words, fs.Form(f))
		}
		forms = append(forms, strings.Join(append(words, operands), " "))
	}
	return forms
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// runTask computes one task of a batch job.
func runTask(ctx context.Context, list, index string, stdout, stderr io.Writer) error {
	return executor.RunTask(ctx, list, index, stdout, stderr, kinds.Sections()...)
}
