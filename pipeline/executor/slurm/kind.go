package slurm

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
)

// Kind is the Slurm executor as `ringwave run -executor slurm` chooses it:
// its flags, its manifest table and what gc may remove of its submissions.
var Kind = executor.Kind{
	Name:    "slurm",
	Doc:     "submit the runs not cached as one Slurm job array and wait for it (see README)",
	Flags:   flags,
	Section: &Section,
	Prune:   finishedSubmissions,
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

// flags registers -detach, -partition, -time, -cpus-per-task, -mem and
// -slurm-opts.
func flags(fs *flag.FlagSet) func(executor.Common, map[string]bool) (executor.Executor, error) {
	detach := fs.Bool("detach", false, "slurm: return once the job is submitted")
	var o Options
	fs.StringVar(&o.Partition, "partition", "", "slurm: the `PARTITION` (overrides [slurm] partition)")
	fs.StringVar(&o.Time, "time", "", "slurm: the time limit per run, e.g. `2:00:00` (overrides [slurm] time)")
	fs.IntVar(&o.CPUsPerTask, "cpus-per-task", 0, "slurm: `CPUS` per run (overrides [slurm] cpus_per_task; default 1)")
	fs.StringVar(&o.Mem, "mem", "", "slurm: memory per run, e.g. `4G` (overrides [slurm] mem; default the run's estimate)")
	opts := fs.String("slurm-opts", "", "slurm: more sbatch `OPTIONS`, separated by spaces")
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
		return Executor{Cache: c.Cache, Override: o, Detach: *detach, Out: c.Out, Log: c.Log}, nil
	}
}

// finishedSubmissions lists the directories of Slurm submissions
// (DIR/slurm/<id>) all of whose runs are cached: their logs have nothing
// left to explain, and a task still queued would only find its run done.
func finishedSubmissions(c cache.Cache) []cache.Garbage {
	dirs, _ := os.ReadDir(filepath.Join(c.Dir, "slurm"))
	var done []cache.Garbage
	for _, d := range dirs {
		path := filepath.Join(c.Dir, "slurm", d.Name())
		list, ok := executor.ReadTaskList(filepath.Join(path, "tasks.json"))
		if !ok {
			continue // not ours, or being written
		}
		finished := true
		for _, t := range list.Tasks {
			if !cache.ValidKey(t.Key) {
				finished = false
				break
			}
			if _, state, _ := c.Lookup(t.Key); state != cache.Cached {
				finished = false
				break
			}
		}
		if finished {
			done = append(done, cache.Garbage{Path: path, Why: "a Slurm submission whose runs are all cached"})
		}
	}
	return done
}
