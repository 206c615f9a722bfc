package slurm

import (
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"

	"ringwave/internal/flagset"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/executor/batch"
	"ringwave/pipeline/manifest"
)

// Kind is the Slurm executor as `ringwave run -executor slurm` chooses it:
// its flags, its manifest table and what gc may remove of its submissions.
var Kind = executor.Kind{
	Name:     "slurm",
	Doc:      "submit the runs not cached as Slurm job arrays, one per stage of a chain, and wait for them (see README)",
	Flags:    flags,
	Detaches: true,
	Section:  &Section,
	Prune:    batch.Prune("slurm", "Slurm"),
}

// Section is the [slurm] table of manifests: where and with what resources
// their runs go on a cluster (Options). It is not part of any key.
var Section = manifest.Section{
	Name: "slurm",
	Keys: []string{"partition", "time", "cpus_per_task", "mem", "options"},
	Decode: func(md toml.MetaData, table *toml.Primitive) (any, []manifest.Problem) {
		var o Options
		if table == nil {
			return o, nil
		}
		var raw map[string]toml.Primitive
		if err := md.PrimitiveDecode(*table, &raw); err != nil {
			return o, []manifest.Problem{{Key: "", Msg: err.Error()}} // not reached: Load checked it is a table
		}
		// Key by key, so that a value of the wrong type is reported with its key.
		fields := map[string]any{"partition": &o.Partition, "time": &o.Time, "cpus_per_task": &o.CPUsPerTask, "mem": &o.Mem, "options": &o.Options}
		var problems []manifest.Problem
		for _, key := range []string{"partition", "time", "cpus_per_task", "mem", "options"} {
			if v, ok := raw[key]; ok {
				if err := md.PrimitiveDecode(v, fields[key]); err != nil {
					problems = append(problems, manifest.Problem{Key: key, Msg: fmt.Sprintf("has the wrong type: TOML %s; want %s", md.Type("slurm", key), wantType[key])})
				}
			}
		}
		if len(problems) > 0 {
			return o, problems
		}
		return o, o.Check(func(key string) bool { return md.IsDefined("slurm", key) })
	},
}

// wantType describes the TOML type of each key of [slurm].
var wantType = map[string]string{"partition": "a string", "time": "a string", "cpus_per_task": "an integer", "mem": "a string", "options": "an array of strings"}

// optionsOf returns the [slurm] table of m (zero when it has none).
func optionsOf(m *manifest.Manifest) Options {
	o, _ := m.Section(Section.Name).(Options)
	return o
}

// flags registers -partition, -time, -cpus-per-task, -mem and -slurm-opts.
func flags(fs *flagset.Set) func(executor.Common, map[string]bool) (executor.Executor, error) {
	var o Options
	fs.StringVar(&o.Partition, "partition", "", "slurm: the partition `P` (overrides [slurm] partition)")
	fs.StringVar(&o.Time, "time", "", "slurm: the time limit `T` per run in Slurm's format, e.g. 2:00:00 (overrides [slurm] time)")
	fs.IntVar(&o.CPUsPerTask, "cpus-per-task", 0, "slurm: `N` CPUs per run (overrides [slurm] cpus_per_task; default 1)")
	fs.StringVar(&o.Mem, "mem", "", "slurm: memory `M` per run, e.g. 4G (overrides [slurm] mem; default the run's estimate)")
	opts := fs.String("slurm-opts", "", "slurm: more sbatch options `\"...\"`, separated by spaces")
	return func(c executor.Common, set map[string]bool) (executor.Executor, error) {
		if set["force"] || set["j"] {
			return nil, fmt.Errorf("-force and -j are for -executor local (Slurm decides how many tasks run at once)")
		}
		o.Options = strings.Fields(*opts)
		defined := func(key string) bool { return set[strings.ReplaceAll(key, "_", "-")] }
		for _, p := range o.Check(defined) {
			name := strings.ReplaceAll(p.Key, "_", "-")
			if p.Key == "options" {
				name = "slurm-opts"
			}
			return nil, fmt.Errorf("-%s %s", name, p.Msg)
		}
		return batch.Executor{Cache: c.Cache, System: system{override: o}, Name: "slurm", CancelCommand: "scancel",
			Detach: c.Detach, Out: c.Out, Log: c.Log}, nil
	}
}
