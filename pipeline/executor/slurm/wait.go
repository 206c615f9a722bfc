package slurm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
	"sort"
	"strconv"
	"strings"
	"time"
)

// slurmWait follows a submitted job array until every task has left
// Slurm's queue. Slurm's accounting (sacct) is not needed: a task that has
// left the queue either put its entry in the cache or failed.
type slurmWait struct {
	c       cache.Cache
	jobID   string
	program string                     // the job's copy of ringwave, removed when no task is left
	logs    string                     // DIR/slurm/<submission>, for messages
	tasks   []*manifest.Run            // task i computes tasks[i]
	sharing map[string][]*manifest.Run // the runs that share each task's key
	cfg     Executor
}

// Polling starts often, for short sweeps, and slows down for long ones so
// as not to load the controller; pollTries is how many queries in a row
// may fail before wait gives up on them.
const (
	pollFirst = time.Second
	pollMax   = 10 * time.Second
	pollTries = 10
)

// visibleGrace is how long a task that says it computed its run may take
// to show its entry here: on NFS a new directory can stay invisible to
// other clients until their attribute cache expires (acdirmax, 60 s).
const visibleGrace = 90 * time.Second

func (w slurmWait) wait(ctx context.Context) error {
	var (
		done     = make([]bool, len(w.tasks))
		unseen   = make([]time.Time, len(w.tasks)) // when a finished task's entry was first missed
		left     = len(w.tasks)
		errs     []error
		status   string
		failures int
	)
	for delay := pollFirst; ; delay = min(2*delay, pollMax) {
		// The queue first, then the cache: a task commits its entry before
		// it leaves the queue, so one gone from the queue has its entry now.
		queue, err := slurmQueue(w.jobID)
		switch {
		case err != nil:
			if failures++; failures >= pollTries {
				return fmt.Errorf("%w; job %s may still be running: 'ringwave status' shows what is cached, 'scancel %s' stops it", err, w.jobID, w.jobID)
			}
		default:
			failures = 0
			for i, r := range w.tasks {
				if done[i] || queue[i] != "" {
					continue
				}
				_, state, _ := w.c.Lookup(r.Key)
				log := w.logPath(i)
				if state != cache.Cached && w.logSaysDone(i) {
					if unseen[i].IsZero() {
						unseen[i] = time.Now()
					}
					if time.Since(unseen[i]) < visibleGrace {
						continue
					}
					errs = append(errs, fmt.Errorf("%s: %s: slurm task %s_%d computed it, but its entry is not in %s (is the results directory on a filesystem the nodes share?); log %s",
						r.Manifest.Path, r.Name, w.jobID, i, w.c.Dir, log))
				} else if state != cache.Cached {
					errs = append(errs, fmt.Errorf("%s: %s: slurm task %s_%d failed (log %s): %s", r.Manifest.Path, r.Name, w.jobID, i, log, lastWords(log)))
				} else {
					for _, s := range w.sharing[r.Key] {
						if err := w.c.Link(s); err != nil {
							errs = append(errs, fmt.Errorf("%s: %w", s.Name, err))
							continue
						}
						fmt.Fprintf(w.cfg.Out, "%s  %.12s  computed  %s\n", s.Name, s.Key, w.c.EntryDir(s.Key))
					}
				}
				done[i] = true
				left--
			}
			if left == 0 {
				os.Remove(w.program)
				return errors.Join(errs...)
			}
			if s := queueStatus(w.jobID, len(w.tasks)-left, queue); s != status {
				status = s
				fmt.Fprintln(w.cfg.Log, s)
			}
		}
		select {
		case <-ctx.Done():
			fmt.Fprintf(w.cfg.Log, "ringwave: slurm job %s goes on without this process: 'ringwave status' shows what is cached, 'scancel %s' stops it\n", w.jobID, w.jobID)
			return ctx.Err()
		case <-time.After(delay):
		}
	}
}

func (w slurmWait) logPath(i int) string {
	return filepath.Join(w.logs, fmt.Sprintf("task-%d.log", i))
}

// logSaysDone reports whether task i printed its result line.
func (w slurmWait) logSaysDone(i int) bool {
	tail := logTail(w.logPath(i))
	key := w.tasks[i].Key[:12]
	return strings.Contains(tail, "  "+key+"  computed  ") || strings.Contains(tail, "  "+key+"  cached  ")
}

// slurmQueue returns the state of each task of the job still in Slurm's
// queue (pending, running, completing), by array index, with the reason
// when it waits.
func slurmQueue(jobID string) (map[int]string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("squeue", "--noheader", "--array", "--jobs", jobID, "--format", "%K|%T|%r")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "Invalid job id") {
			return map[int]string{}, nil // forgotten by the controller: no task is left
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("asking Slurm about job %s: squeue: %s", jobID, msg)
	}
	return parseQueue(stdout.String()), nil
}

// parseQueue reads squeue's "%K|%T|%r" lines.
func parseQueue(out string) map[int]string {
	queue := map[int]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.SplitN(line, "|", 3)
		i, err := strconv.Atoi(f[0])
		if len(f) != 3 || err != nil {
			continue
		}
		state := strings.ToLower(f[1])
		if reason := f[2]; state == "pending" && reason != "None" && reason != "" {
			state += " (" + reason + ")"
		}
		queue[i] = state
	}
	return queue
}

// queueStatus summarises the job for the progress line.
func queueStatus(jobID string, done int, queue map[int]string) string {
	count := map[string]int{}
	for _, s := range queue {
		count[s]++
	}
	states := make([]string, 0, len(count))
	for s, n := range count {
		states = append(states, fmt.Sprintf("%d %s", n, s))
	}
	sort.Strings(states)
	return strings.Join(append([]string{fmt.Sprintf("slurm job %s: %d done", jobID, done)}, states...), ", ")
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
