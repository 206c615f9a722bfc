package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
)

// Executor is the executor of a batch system: the runs not cached are
// submitted to System and waited for (see the package comment).
type Executor struct {
	Cache  cache.Cache
	System System
	// Name is the system's name as -executor takes it ("slurm"): its job
	// directories are DIR/<Name>/…, its jobs "slurm job 12" in messages.
	Name string
	// CancelCommand is what a user types to cancel a job, before its id
	// ("scancel"), for the message of a run that stops waiting.
	CancelCommand string
	Detach        bool      // return once the job is submitted
	Out           io.Writer // result lines, as the local executor prints them
	Log           io.Writer // the jobs' ids and progress

	clock clock // the real one when zero; tests set a fake
}

// A Stage is one array of a submission: its runs, one task each, and the
// earlier stages of the same submission it waits for.
type Stage struct {
	Runs  []*manifest.Run
	After []After
}

// After makes a stage wait for stage Stage (an index into the stages
// submitted together, lower than its own).
type After struct {
	Stage   int
	Pairing Pairing
}

// Execute prints the runs already cached, submits the missing ones (each
// key once) and, unless Detach, waits for them and prints each run's line
// as its entry appears. Runs that start from another run's weights
// ([init] from) bring their upstream runs along (manifest.WithUpstreams):
// the missing runs are submitted as one array per stage of the chain
// (chainStages), each waiting for the one before. It returns an error
// naming every run that failed or did not run.
func (e Executor) Execute(ctx context.Context, runs []*manifest.Run) error {
	e = e.defaults()
	c := e.Cache
	var (
		missing []*manifest.Run                // one run per missing key, in order
		sharing = map[string][]*manifest.Run{} // the runs of each missing key
		errs    []error
	)
	for _, r := range manifest.WithUpstreams(runs) {
		if _, ok := sharing[r.Key]; ok {
			sharing[r.Key] = append(sharing[r.Key], r)
			continue
		}
		if _, state, _ := c.Lookup(r.Key); state == cache.Cached {
			if err := c.Link(r); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", r.Name, err))
				continue
			}
			fmt.Fprintln(e.Out, executor.Landed(r, false, c.EntryDir(r.Key)))
			continue
		}
		sharing[r.Key] = []*manifest.Run{r}
		missing = append(missing, r)
	}
	if len(errs) > 0 || len(missing) == 0 {
		return errors.Join(errs...)
	}
	// The tasks write into this cache: refuse here what cannot fit there.
	if err := executor.CheckDisk(c, missing); err != nil {
		return err
	}
	jobs, err := e.Submit(ctx, chainStages(missing))
	if err != nil || e.Detach {
		return err
	}
	return e.Wait(ctx, jobs, sharing)
}

// chainStages splits missing runs (one per key, each after its upstream,
// as WithUpstreams orders them) into the stages of a submission. Stage 0
// holds the runs that start from no run or from a cached one: they need
// no dependency. Stage k+1 holds the runs whose upstream is in stage k,
// and waits for it: task by task (AfterSame, Slurm's aftercorr) when the
// upstream of its task i is task i of stage k for every i, which ordering
// stage k by its downstream achieves whenever no two runs of stage k+1
// start from the same run (a manifest without a sweep of its own chained
// to a sweep); on the whole of
// stage k otherwise (AfterAll, afterok), as for a downstream with its own
// sweep, several of whose tasks start from one upstream task. See the
// package comment for what that costs when an upstream task fails.
func chainStages(missing []*manifest.Run) []Stage {
	var stages []Stage
	depth := map[string]int{} // the stage of each missing key
	for _, r := range missing {
		d := 0
		if u := r.Upstream; u != nil {
			if du, ok := depth[u.Key]; ok {
				d = du + 1
			}
		}
		depth[r.Key] = d
		for len(stages) <= d {
			stages = append(stages, Stage{})
		}
		stages[d].Runs = append(stages[d].Runs, r)
	}
	// From the last stage back, each stage's upstreams first, in its
	// order: then any stage that starts from distinct upstream runs pairs
	// with the one before task by task, even when some of its upstreams
	// were cached and others not (stage 0 then mixes both kinds).
	for k := len(stages) - 1; k > 0; k-- {
		stages[k-1].Runs = upstreamsFirst(stages[k-1].Runs, stages[k].Runs)
	}
	for k := 1; k < len(stages); k++ {
		stages[k].After = []After{{Stage: k - 1, Pairing: pairing(stages[k-1].Runs, stages[k].Runs)}}
	}
	return stages
}

// upstreamsFirst reorders up: first the upstream runs of down, in the
// order of down (each once), then the others in their order.
func upstreamsFirst(up, down []*manifest.Run) []*manifest.Run {
	index := map[string]int{}
	for i, r := range up {
		index[r.Key] = i
	}
	out := make([]*manifest.Run, 0, len(up))
	taken := make([]bool, len(up))
	for _, r := range down {
		if i, ok := index[r.Upstream.Key]; ok && !taken[i] {
			taken[i] = true
			out = append(out, up[i])
		}
	}
	for i, r := range up {
		if !taken[i] {
			out = append(out, r)
		}
	}
	return out
}

// pairing is AfterSame when task i of down starts from task i of up, for
// every task of down; AfterAll otherwise.
func pairing(up, down []*manifest.Run) Pairing {
	if len(down) > len(up) {
		return AfterAll
	}
	for i, r := range down {
		if r.Upstream == nil || r.Upstream.Key != up[i].Key {
			return AfterAll
		}
	}
	return AfterSame
}

// A Job is a submitted array.
type Job struct {
	ID    string
	Array Array
	Logs  string // the job directory as the user named the results directory, for messages
}

// Submit submits stages in order, each as one array whose dependencies
// name the jobs of the stages it waits for, and says so on Out (Detach)
// or Log. If one cannot be submitted, the jobs submitted before it are
// cancelled: a submission is all or nothing.
func (e Executor) Submit(ctx context.Context, stages []Stage) ([]Job, error) {
	e = e.defaults()
	var jobs []Job
	program := ""
	for k, st := range stages {
		a := Array{Tasks: len(st.Runs), Runs: st.Runs, Follow: !e.Detach}
		for _, d := range st.After {
			if d.Stage < 0 || d.Stage >= k {
				panic("batch: a stage waits for a stage not submitted before it")
			}
			a.After = append(a.After, Dependency{Job: jobs[d.Stage].ID, Pairing: d.Pairing})
		}
		var id string
		dir, err := e.newJobDir(st.Runs, program == "")
		if err == nil {
			if program == "" {
				program = filepath.Join(dir, programName)
			}
			a.Dir = dir
			a.Command = []string{program, "run-task", filepath.Join(dir, taskListName)}
			if id, err = e.System.Submit(ctx, a); err != nil {
				os.RemoveAll(dir) // nothing of it was submitted
			}
		}
		if err != nil {
			for _, j := range jobs { // all or nothing
				if cerr := e.System.Cancel(context.WithoutCancel(ctx), j.ID); cerr != nil {
					fmt.Fprintf(e.Log, "ringwave: cancelling %s job %s: %v\n", e.Name, j.ID, cerr)
				}
			}
			os.Remove(program) // what a cancelled task already runs is unaffected
			return nil, err
		}
		j := Job{ID: id, Array: a, Logs: filepath.Join(e.Cache.Dir, e.Name, filepath.Base(a.Dir))}
		runsWord := "runs"
		if a.Tasks == 1 {
			runsWord = "run"
		}
		msg := fmt.Sprintf("submitted %s job %s: %d %s to compute; logs in %s%s\n", e.Name, j.ID, a.Tasks, runsWord, j.Logs, waitsFor(a.After))
		if e.Detach {
			fmt.Fprint(e.Out, msg)
		} else {
			fmt.Fprint(e.Log, msg)
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

// waitsFor says, for the line of a submitted job, which jobs it waits for.
func waitsFor(after []Dependency) string {
	var parts []string
	for _, d := range after {
		if d.Pairing == AfterSame {
			parts = append(parts, "each task after the same task of job "+d.Job)
		} else {
			parts = append(parts, "after all of job "+d.Job)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
