package executor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"ringwave/internal/safefile"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// A TaskList is what the tasks of a batch job read (tasks.json): task i
// computes Tasks[i] into the cache at Results, through the same locked
// path as a local run. Everything a task needs is on the shared
// filesystem, nothing in its environment, so that any batch system that
// can run "ringwave run-task TASKS.json INDEX" on its nodes can compute
// runs: Slurm's job arrays (package slurm) are one.
type TaskList struct {
	Results string `json:"results"` // the results directory, absolute
	Workdir string `json:"workdir"` // where ringwave was run: manifest paths are relative to it
	Tasks   []Task `json:"tasks"`
}

// A Task is one run to compute: the manifest that has it and its key, which
// must still be the key of one of the manifest's runs.
type Task struct {
	Manifest string `json:"manifest"` // as given on the command line
	Name     string `json:"name"`
	Key      string `json:"key"`
}

// NewTaskList returns the task list that computes runs into c, one task per
// run, in order.
func NewTaskList(c cache.Cache, runs []*manifest.Run) (TaskList, error) {
	results, err := filepath.Abs(c.Dir)
	if err != nil {
		return TaskList{}, err
	}
	workdir, err := os.Getwd()
	if err != nil {
		return TaskList{}, err
	}
	l := TaskList{Results: results, Workdir: workdir}
	for _, r := range runs {
		l.Tasks = append(l.Tasks, Task{Manifest: r.Manifest.Path, Name: r.Name, Key: r.Key})
	}
	return l, nil
}

// Write writes the list atomically as path.
func (l TaskList) Write(path string) error {
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	return safefile.WriteFile(path, append(b, '\n'), 0o644)
}

// maxTaskList bounds what is read of a tasks.json: a task is about 200
// bytes, so a million tasks.
const maxTaskList = 256 << 20

// ReadTaskList reads a task list; ok is false for a file that is not one
// (being written, or not ringwave's).
func ReadTaskList(path string) (l TaskList, ok bool) {
	b, err := safefile.ReadFile(path, maxTaskList)
	if err != nil || json.Unmarshal(b, &l) != nil || len(l.Tasks) == 0 {
		return TaskList{}, false
	}
	return l, true
}

// RunTask computes the run at index (the batch system's array index) of the
// task list at listPath, and prints its result line on stdout. It loads the
// manifest again (with sections, the manifest tables ringwave knows) and
// refuses a manifest that no longer has the run: what the submitter
// promised is computed, or nothing.
func RunTask(ctx context.Context, listPath, index string, stdout, stderr io.Writer, sections ...manifest.Section) error {
	b, err := safefile.ReadFile(listPath, maxTaskList)
	if err != nil {
		return fmt.Errorf("reading the task list: %w", err)
	}
	var l TaskList
	if err := json.Unmarshal(b, &l); err != nil {
		return fmt.Errorf("%s: %w", listPath, err)
	}
	i, err := strconv.Atoi(index)
	if err != nil || i < 0 || i >= len(l.Tasks) {
		return fmt.Errorf("%s: no task %q (it has %d)", listPath, index, len(l.Tasks))
	}
	t := l.Tasks[i]
	host, _ := os.Hostname()
	fmt.Fprintf(stderr, "task %d: %s (key %.12s) on %s\n", i, t.Name, t.Key, host)
	path := t.Manifest
	if !filepath.IsAbs(path) {
		path = filepath.Join(l.Workdir, path)
	}
	m, err := manifest.Load(path, sections...)
	if err != nil {
		return err
	}
	runs, err := manifest.Expand(m)
	if err != nil {
		return err
	}
	m.Path = t.Manifest // as the submitter named it, in messages and run.json
	var run *manifest.Run
	for _, r := range runs {
		if r.Key == t.Key {
			run = r
		}
	}
	if run == nil {
		return fmt.Errorf("%s: no run of this manifest has key %.12s any more: the manifest or a file it names changed after the job was submitted; run the same 'ringwave run' again", t.Manifest, t.Key)
	}
	return Local{Cache: cache.Cache{Dir: l.Results}, Jobs: 1, Progress: ProgressLines, Out: stdout, Log: stderr}.
		Execute(ctx, []*manifest.Run{run})
}
