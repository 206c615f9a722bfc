package slurm

import (
	"errors"
	"fmt"
	"regexp"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/executor/batch"
	"ringwave/pipeline/manifest"
	"slices"
	"strconv"
	"strings"
)

// Options say where and with what resources the runs of a manifest go
// on a Slurm cluster: the manifest's [slurm] table, or the command line's
// flags. They are not part of any key: they change where a run is computed,
// never its numbers. A zero field is unset.
type Options struct {
	Partition   string   `toml:"partition"`     // --partition
	Time        string   `toml:"time"`          // --time, in Slurm's format ("30", "2:00:00", "1-0")
	CPUsPerTask int      `toml:"cpus_per_task"` // --cpus-per-task; 0: 1
	Mem         string   `toml:"mem"`           // --mem ("4G"); unset: the runs' memory estimate
	Options     []string `toml:"options"`       // more sbatch options, e.g. ["--account=lab"]
}

// slurmToken is what a partition, time or memory may look like: one word,
// since it becomes one line of the batch script.
var slurmToken = regexp.MustCompile(`^[^\s'"\\]+$`)

// Check returns the problems with the options, in the order of the table.
// defined says whether a key was given at all (cpus_per_task = 0 is a
// mistake, not "unset").
func (o Options) Check(defined func(key string) bool) []manifest.Problem {
	var bad []manifest.Problem
	word := func(key, value, example string) {
		if (value != "" || defined(key)) && !slurmToken.MatchString(value) {
			bad = append(bad, manifest.Problem{Key: key, Msg: fmt.Sprintf("must be one word without spaces or quotes, as sbatch takes it, e.g. %s (got %q)", example, value)})
		}
	}
	word("partition", o.Partition, `"short"`)
	word("time", o.Time, `"2:00:00"`)
	if o.CPUsPerTask < 0 || (o.CPUsPerTask == 0 && defined("cpus_per_task")) {
		bad = append(bad, manifest.Problem{Key: "cpus_per_task", Msg: fmt.Sprintf("must be ≥ 1 (got %d)", o.CPUsPerTask)})
	}
	word("mem", o.Mem, `"4G"`)
	for i, opt := range o.Options {
		if (i == 0 && !strings.HasPrefix(opt, "-")) || strings.ContainsAny(opt, "\n\r") {
			bad = append(bad, manifest.Problem{Key: "options", Msg: fmt.Sprintf("must be sbatch options such as \"--account=lab\" (got %q)", opt)})
			break
		}
	}
	return bad
}

// slurmSettings merges the [slurm] tables of the manifests of runs (a value
// set in one applies to the whole job; two different values are an error)
// and applies the command line's override, which wins over them all;
// -slurm-opts adds to the manifests' options, and the last of two sbatch
// options wins.
func settings(runs []*manifest.Run, override Options) (Options, error) {
	overridden := map[string]bool{"partition": override.Partition != "", "time": override.Time != "",
		"cpus_per_task": override.CPUsPerTask != 0, "mem": override.Mem != ""}
	var merged Options
	from := map[string]string{} // option -> the manifest that set it
	var conflicts []string
	take := func(name, path string, set, same bool, assign func()) {
		switch {
		case !set || overridden[name]:
		case from[name] == "":
			from[name] = path
			assign()
		case !same:
			hint := "make them agree"
			if name != "options" {
				hint += " or give -" + strings.ReplaceAll(name, "_", "-")
			}
			conflicts = append(conflicts, fmt.Sprintf("%s and %s set different slurm.%s (one job array takes one value: %s)", from[name], path, name, hint))
		}
	}
	seen := map[*manifest.Manifest]bool{}
	for _, r := range runs {
		m := r.Manifest
		if seen[m] {
			continue
		}
		seen[m] = true
		s := optionsOf(m)
		take("partition", m.Path, s.Partition != "", s.Partition == merged.Partition, func() { merged.Partition = s.Partition })
		take("time", m.Path, s.Time != "", s.Time == merged.Time, func() { merged.Time = s.Time })
		take("cpus_per_task", m.Path, s.CPUsPerTask != 0, s.CPUsPerTask == merged.CPUsPerTask, func() { merged.CPUsPerTask = s.CPUsPerTask })
		take("mem", m.Path, s.Mem != "", s.Mem == merged.Mem, func() { merged.Mem = s.Mem })
		take("options", m.Path, len(s.Options) > 0, slices.Equal(s.Options, merged.Options), func() { merged.Options = s.Options })
	}
	if len(conflicts) > 0 {
		return Options{}, errors.New(strings.Join(conflicts, "\n"))
	}
	if overridden["partition"] {
		merged.Partition = override.Partition
	}
	if overridden["time"] {
		merged.Time = override.Time
	}
	if overridden["cpus_per_task"] {
		merged.CPUsPerTask = override.CPUsPerTask
	}
	if overridden["mem"] {
		merged.Mem = override.Mem
	}
	merged.Options = append(slices.Clip(merged.Options), override.Options...)
	if merged.CPUsPerTask == 0 {
		merged.CPUsPerTask = 1
	}
	if merged.Mem == "" {
		merged.Mem = memoryRequest(runs)
	}
	return merged, nil
}

// memoryRequest is the --mem of a job array whose tasks compute runs: the
// largest memoryEstimate with a quarter more, in whole MiB (Slurm's "M").
// The margin is for what the estimate leaves out and a cluster's cgroup
// counts: the Go heap's growth between collections and the page cache of
// the files being written. (Measured: a full N = 1500 run peaks at 90 MB
// resident for an estimate of 119 MB.)
func memoryRequest(runs []*manifest.Run) string {
	var most int64
	for _, r := range runs {
		most = max(most, executor.MemoryEstimate(r))
	}
	const mib = 1 << 20
	return strconv.FormatInt((most*5/4+mib-1)/mib, 10) + "M"
}

// slurmJob is one job array: task i runs the array's command with i.
type slurmJob struct {
	batch.Array
	Options Options // resolved (settings)
}

// batchScript returns the job's sbatch script. Every resource is a #SBATCH
// line, so that the script kept beside the logs says what was asked for;
// Options go on sbatch's command line, where they win over the script.
//
// The task pins GOMAXPROCS to its CPUs and sets GOMEMLIMIT to its memory:
// not every cluster confines a task to what it asked for (task/none), and
// the numbers never depend on the number of threads.
func (j slurmJob) batchScript() string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	b.WriteString("# Written by 'ringwave run -executor slurm': task i computes run i of\n")
	b.WriteString("# tasks.json into the shared results directory.\n")
	sbatch := func(opt, value string) { fmt.Fprintf(&b, "#SBATCH --%s=%s\n", opt, value) }
	sbatch("job-name", "ringwave")
	sbatch("array", fmt.Sprintf("0-%d", j.Tasks-1))
	// %a is the array index: the log of task i is j.Log(i).
	sbatch("output", slurmQuote(strings.ReplaceAll(j.Dir, "%", "%%")+"/task-%a.log"))
	sbatch("cpus-per-task", strconv.Itoa(j.Options.CPUsPerTask))
	sbatch("mem", j.Options.Mem)
	if j.Options.Partition != "" {
		sbatch("partition", j.Options.Partition)
	}
	if j.Options.Time != "" {
		sbatch("time", j.Options.Time)
	}
	if d := dependency(j.After); d != "" {
		sbatch("dependency", d)
		// A task whose upstream failed leaves the queue instead of
		// pending for ever (DependencyNeverSatisfied): the driver then
		// reports it.
		sbatch("kill-on-invalid-dep", "yes")
	}
	b.WriteString(`export GOMAXPROCS="${SLURM_CPUS_PER_TASK:-1}"` + "\n")
	b.WriteString(`if [ -n "$SLURM_MEM_PER_NODE" ]; then export GOMEMLIMIT="${SLURM_MEM_PER_NODE}MiB"; fi` + "\n")
	b.WriteString("exec")
	for _, arg := range j.Command {
		b.WriteString(" " + shellQuote(arg))
	}
	b.WriteString(" \"$SLURM_ARRAY_TASK_ID\"\n")
	return b.String()
}

// dependency is the value of sbatch's --dependency for deps: aftercorr
// pairs the tasks of two arrays index by index, afterok waits for a whole
// job; "," joins conditions that must all hold.
func dependency(deps []batch.Dependency) string {
	var conds []string
	for _, d := range deps {
		kind := "afterok"
		if d.Pairing == batch.AfterSame {
			kind = "aftercorr"
		}
		conds = append(conds, kind+":"+d.Job)
	}
	return strings.Join(conds, ",")
}

// shellQuote quotes s for sh, unless it is a plain word.
func shellQuote(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// plainWord is what sh takes as one word, unquoted and unexpanded.
var plainWord = regexp.MustCompile(`^[A-Za-z0-9_./:,+=@-]+$`)

// slurmQuote quotes the value of a #SBATCH line when it has spaces.
func slurmQuote(s string) string {
	if !strings.ContainsAny(s, " \t") {
		return s
	}
	return `"` + s + `"`
}
