package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
)

// Polling starts often, for short sweeps, and slows down for long ones so
// as not to load the batch system's controller; pollTries is how many
// queries in a row may fail before the wait gives up on them.
const (
	pollFirst = time.Second
	pollMax   = 10 * time.Second
	pollTries = 10
)

// visibleGrace is how long a task that says it computed its run may take
// to show its entry here: on NFS a new directory can stay invisible to
// other clients until their attribute cache expires (acdirmax, 60 s).
const visibleGrace = 90 * time.Second

// clock is the wait's time: the real one, or a test's.
type clock struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

var realClock = clock{now: time.Now, sleep: func(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}}

// task is one task of a submitted job, as the wait follows it.
type task struct {
	job    *Job
	index  int
	run    *manifest.Run
	done   bool
	failed bool      // it failed or did not run
	cause  *task     // then, the task that failed: itself, or one upstream
	unseen time.Time // when its result line was found but not its entry
}

// Wait follows jobs (from Submit) until every task has left the queue,
// printing the runs of each task's key as its entry appears: sharing[key]
// when given, else the task's own run. The batch system's accounting is
// not needed: a task that has left the queue either put its entry in the
// cache or failed; a task whose upstream failed is reported naming it. It
// returns an error naming every run that failed.
func (e Executor) Wait(ctx context.Context, jobs []Job, sharing map[string][]*manifest.Run) error {
	e = e.defaults()
	var tasks []*task
	var ids []string
	byJob := map[string][]*task{}
	for k := range jobs {
		j := &jobs[k]
		ids = append(ids, j.ID)
		for i, r := range j.Array.Runs {
			t := &task{job: j, index: i, run: r}
			tasks = append(tasks, t)
			byJob[j.ID] = append(byJob[j.ID], t)
		}
	}
	idList := strings.Join(ids, " ")
	var (
		left     = len(tasks)
		errs     []error
		status   string
		failures int
	)
	for delay := pollFirst; ; delay = min(2*delay, pollMax) {
		// The queue first, then the cache: a task commits its entry before
		// it leaves the queue, so one gone from the queue has its entry now.
		queues, err := e.query(ctx, jobs)
		switch {
		case err != nil:
			if failures++; failures >= pollTries {
				return fmt.Errorf("%w; job %s may still be running: 'ringwave status' shows what is cached, '%s %s' stops it", err, idList, e.CancelCommand, idList)
			}
		default:
			failures = 0
			for _, t := range tasks {
				if t.done || queues[t.job.ID][t.index] != "" {
					continue
				}
				if !e.landed(t, &errs, sharing, byJob) {
					continue // within the grace of a late entry
				}
				t.done = true
				left--
			}
			if left == 0 {
				os.Remove(jobs[0].Array.Command[0]) // the program's copy
				return errors.Join(errs...)
			}
			if s := e.status(jobs, tasks, queues); s != status {
				status = s
				fmt.Fprintln(e.Log, s)
			}
		}
		if err := e.clock.sleep(ctx, delay); err != nil {
			fmt.Fprintf(e.Log, "ringwave: %s job %s goes on without this process: 'ringwave status' shows what is cached, '%s %s' stops it\n", e.Name, idList, e.CancelCommand, idList)
			return err
		}
	}
}

// query asks the system about every job.
func (e Executor) query(ctx context.Context, jobs []Job) (map[string]map[int]string, error) {
	queues := map[string]map[int]string{}
	for _, j := range jobs {
		q, err := e.System.Query(ctx, j.ID)
		if err != nil {
			return nil, err
		}
		queues[j.ID] = q
	}
	return queues, nil
}

// landed settles a task that has left the queue: its runs are linked and
// printed, or its failure is added to errs, naming the task it waited for
// if that one failed (byJob: the tasks of each job followed). It returns
// false while the task's entry may still appear: its log has its result
// line, and the grace since that was first seen has not run out.
func (e Executor) landed(t *task, errs *[]error, sharing map[string][]*manifest.Run, byJob map[string][]*task) bool {
	c, r := e.Cache, t.run
	_, state, _ := c.Lookup(r.Key)
	log := t.log()
	name := fmt.Sprintf("%s task %s_%d", e.Name, t.job.ID, t.index)
	switch {
	case state == cache.Cached:
		runs := sharing[r.Key]
		if len(runs) == 0 {
			runs = []*manifest.Run{r}
		}
		for _, s := range runs {
			if err := c.Link(s); err != nil {
				*errs = append(*errs, fmt.Errorf("%s: %w", s.Name, err))
				continue
			}
			fmt.Fprintln(e.Out, executor.Landed(s, true, c.EntryDir(s.Key)))
		}
		return true
	case e.logSaysDone(t):
		if t.unseen.IsZero() {
			t.unseen = e.clock.now()
		}
		if e.clock.now().Sub(t.unseen) < visibleGrace {
			return false
		}
		*errs = append(*errs, fmt.Errorf("%s: %s: %s computed it, but its entry is not in %s (is the results directory on a filesystem the nodes share?); log %s",
			r.Manifest.Path, r.Name, name, c.Dir, log))
	case upstreamPending(t, byJob):
		// A task it waits for has not been settled yet (it may still be
		// completing): whether this one failed or was never run is only
		// known then.
		return false
	case upstreamFailed(t, byJob) != nil:
		u := upstreamFailed(t, byJob)
		t.cause = u.cause
		how := fmt.Sprintf("failed (log %s)", u.log())
		if u.cause != u {
			how = fmt.Sprintf("did not run either: %s task %s_%d (%s) failed (log %s)", e.Name, u.cause.job.ID, u.cause.index, u.cause.run.Name, u.cause.log())
		}
		*errs = append(*errs, fmt.Errorf("%s: %s: %s did not run: it waits for %s task %s_%d (%s), which %s",
			r.Manifest.Path, r.Name, name, e.Name, u.job.ID, u.index, u.run.Name, how))
	default:
		t.cause = t
		*errs = append(*errs, fmt.Errorf("%s: %s: %s failed (log %s): %s", r.Manifest.Path, r.Name, name, log, lastWords(t.job.Array.Log(t.index))))
	}
	if t.cause == nil {
		t.cause = t
	}
	t.failed = true
	return true
}

// log is the task's log as the user named the results directory.
func (t *task) log() string {
	return filepath.Join(t.job.Logs, filepath.Base(t.job.Array.Log(t.index)))
}

// waitedFor returns the tasks of the jobs followed (byJob) that t waits
// for: task t.index of a job it is paired with, every task of one it waits
// for as a whole.
func waitedFor(t *task, byJob map[string][]*task) []*task {
	var ups []*task
	for _, d := range t.job.Array.After {
		for _, u := range byJob[d.Job] {
			if d.Pairing == AfterAll || u.index == t.index {
				ups = append(ups, u)
			}
		}
	}
	return ups
}

// upstreamPending reports whether a task t waits for is not settled yet.
func upstreamPending(t *task, byJob map[string][]*task) bool {
	for _, u := range waitedFor(t, byJob) {
		if !u.done {
			return true
		}
	}
	return false
}

// upstreamFailed returns the task t waits for that failed or did not run,
// nil if none: the one computing t's own upstream run if it is one of
// them (with AfterAll, t may be held back by another run's failure).
func upstreamFailed(t *task, byJob map[string][]*task) *task {
	var first *task
	for _, u := range waitedFor(t, byJob) {
		if !u.failed {
			continue
		}
		if t.run.Upstream != nil && u.run.Key == t.run.Upstream.Key {
			return u
		}
		if first == nil {
			first = u
		}
	}
	return first
}

// logSaysDone reports whether the task printed its run's result line.
func (e Executor) logSaysDone(t *task) bool {
	_, ok := executor.FindResultLine(logTail(t.job.Array.Log(t.index)), t.run.Key)
	return ok
}

// status summarises the jobs for the progress line.
func (e Executor) status(jobs []Job, tasks []*task, queues map[string]map[int]string) string {
	var parts []string
	for k := range jobs {
		done := 0
		for _, t := range tasks {
			if t.job == &jobs[k] && t.done {
				done++
			}
		}
		parts = append(parts, queueStatus(e.Name, jobs[k].ID, done, queues[jobs[k].ID]))
	}
	return strings.Join(parts, "; ")
}

// queueStatus summarises one job: "slurm job 12: 5 done, 1 running".
func queueStatus(system, jobID string, done int, queue map[int]string) string {
	count := map[string]int{}
	for _, s := range queue {
		count[s]++
	}
	states := make([]string, 0, len(count))
	for s, n := range count {
		states = append(states, fmt.Sprintf("%d %s", n, s))
	}
	sort.Strings(states)
	return strings.Join(append([]string{fmt.Sprintf("%s job %s: %d done", system, jobID, done)}, states...), ", ")
}

// logTail returns the end of a task's log ("" if it has none).
func logTail(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	const most = 8 << 10
	if st, err := f.Stat(); err == nil && st.Size() > most {
		f.Seek(st.Size()-most, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	return string(b)
}

// lastWords is the line of a failed task's log that says why: its last
// error, or its last line.
func lastWords(path string) string {
	tail := logTail(path)
	if tail == "" {
		return "it wrote no log (it never started, or the log is not on a shared filesystem)"
	}
	lines := strings.Split(strings.TrimSpace(tail), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := lines[i]; strings.HasPrefix(l, "ringwave: ") || strings.Contains(l, "error") {
			return strings.TrimPrefix(l, "ringwave: ")
		}
	}
	return lines[len(lines)-1]
}
