package batch

import (
	"context"
	"fmt"
	"path/filepath"

	"ringwave/pipeline/manifest"
)

// A System is a batch system as the driver uses it.
type System interface {
	// Submit submits a as one array job and returns the job's id. Task i
	// (0 ≤ i < a.Tasks) runs a.Command with i appended as one more
	// argument, in a.Dir or anywhere (every path in it is absolute), with
	// its standard output and error in a.Log(i). A task must not start
	// before a.After allows; a task whose dependency failed must leave the
	// queue without running (Slurm: --kill-on-invalid-dep=yes), so that
	// the driver reports it. Submit may write its own files in a.Dir; the
	// driver removes a.Dir when Submit fails.
	Submit(ctx context.Context, a Array) (job string, err error)
	// Query returns the state of each task of job still in the queue
	// (pending, running, …; a reason may follow, "pending (Resources)"),
	// by index. A task not in the map has left the queue; a job the
	// system has forgotten has no task left.
	Query(ctx context.Context, job string) (map[int]string, error)
	// Cancel takes the tasks of job that are still queued out of the queue.
	Cancel(ctx context.Context, job string) error
}

// An Array is one job array to submit.
type Array struct {
	Dir     string          // the job directory, absolute: tasks.json, the logs, the system's files
	Command []string        // what every task runs, before its index: PROGRAM run-task TASKS.json
	Tasks   int             // the number of tasks, ≥ 1
	Runs    []*manifest.Run // task i computes Runs[i] (the system may read their resources and tables)
	After   []Dependency    // arrays submitted before that this one waits for
	Follow  bool            // the driver will Query the job until it is done (false with -detach)
}

// Log is the file that task i's standard output and error go to.
func (a Array) Log(i int) string { return filepath.Join(a.Dir, fmt.Sprintf("task-%d.log", i)) }

// A Dependency makes an array wait for the tasks of an earlier job.
type Dependency struct {
	Job     string
	Pairing Pairing
}

// Pairing says which tasks of the earlier job a task waits for.
type Pairing int

const (
	// AfterAll: every task waits until every task of the other job has
	// succeeded (Slurm's afterok).
	AfterAll Pairing = iota
	// AfterSame: task i waits until task i of the other job has succeeded
	// (Slurm's aftercorr): the arrays are paired point by point.
	AfterSame
)
