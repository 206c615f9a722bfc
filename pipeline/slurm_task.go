package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/google/renameio/v2"
)

// taskList is tasks.json, what the tasks of a job array read: everything a
// task needs is on the shared filesystem, nothing in its environment.
type taskList struct {
	Results string      `json:"results"` // the results directory, absolute
	Workdir string      `json:"workdir"` // where ringwave was run: manifest paths are relative to it
	Tasks   []slurmTask `json:"tasks"`   // task i of the array computes Tasks[i]
}

// slurmTask is one run to compute: the manifest that has it and its key,
// which must still be the key of one of the manifest's runs.
type slurmTask struct {
	Manifest string `json:"manifest"` // as given on the command line
	Name     string `json:"name"`
	Key      string `json:"key"`
}

func writeTaskList(path string, l taskList) error {
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	return renameio.WriteFile(path, append(b, '\n'), 0o644)
}

// RunSlurmTask computes the run at index (Slurm's $SLURM_ARRAY_TASK_ID) of
// the task list that SubmitSlurm wrote, through the same locked path as a
// local run, and prints its result line on stdout. It loads the manifest
// again, from the directory ringwave was run in, and refuses a manifest
// that no longer has the run: what the submitter promised is computed, or
// nothing.
func RunSlurmTask(ctx context.Context, listPath, index string, stdout, stderr io.Writer) error {
	b, err := os.ReadFile(listPath)
	if err != nil {
		return fmt.Errorf("reading the task list: %w", err)
	}
	var l taskList
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
	if err := os.Chdir(l.Workdir); err != nil {
		return fmt.Errorf("task %d: the directory ringwave was run in: %w", i, err)
	}
	m, err := Load(t.Manifest)
	if err != nil {
		return err
	}
	runs, err := Expand(m)
	if err != nil {
		return err
	}
	var run *Run
	for _, r := range runs {
		if r.Key == t.Key {
			run = r
		}
	}
	if run == nil {
		return fmt.Errorf("%s: no run of this manifest has key %.12s any more: the manifest or a file it names changed after the job was submitted; run 'ringwave run -executor slurm' again", t.Manifest, t.Key)
	}
	_, err = Cache{Dir: l.Results}.Execute(ctx, []*Run{run}, Options{
		Jobs: 1, Progress: ProgressLines, Out: stdout, Log: stderr,
	})
	return err
}
