package slurm

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"ringwave/internal/runtest"
	"ringwave/pipeline/executor/batch"
)

// TestSlurmClusterDependencies holds the adapter to what the batch driver
// asks of it, on the real cluster of `make test-slurm` (skipped without
// RINGWAVE_SLURM): an array paired task by task with another (aftercorr)
// runs the tasks whose upstream succeeded, and the one whose upstream
// failed leaves the queue without running; Cancel empties a job's queue.
func TestSlurmClusterDependencies(t *testing.T) {
	if os.Getenv("RINGWAVE_SLURM") == "" {
		t.Skip("needs a Slurm cluster: make test-slurm")
	}
	dir := t.TempDir()
	runs := expand(t, runtest.WriteManifest(t, dir, "k.toml", runtest.Base+"[sweep]\nseed = [1, 2]\n"))
	array := func(name, script string, after ...batch.Dependency) batch.Array {
		a := batch.Array{Dir: filepath.Join(dir, name), Command: []string{"/bin/sh", "-c", script}, Tasks: 2, Runs: runs, After: after, Follow: true}
		if err := os.MkdirAll(a.Dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return a
	}
	ctx := context.Background()
	s := system{}
	// sh -c SCRIPT i: the task's index is $0. Task 1 of up fails.
	up := array("up", `echo "up $0"; test "$0" != 1`)
	upJob, err := s.Submit(ctx, up)
	if err != nil {
		t.Fatal(err)
	}
	down := array("down", `echo "down $0"`, batch.Dependency{Job: upJob, Pairing: batch.AfterSame})
	downJob, err := s.Submit(ctx, down)
	if err != nil {
		t.Fatal(err)
	}
	waitEmpty(t, s, upJob, downJob)
	for i, want := range []string{"down 0\n", ""} {
		b, err := os.ReadFile(down.Log(i))
		if string(b) != want || (want == "" && !os.IsNotExist(err)) {
			t.Errorf("down task %d: log %q (%v), want %q", i, b, err, want)
		}
	}
	if b, _ := os.ReadFile(up.Log(1)); string(b) != "up 1\n" {
		t.Errorf("up task 1 logged %q", b)
	}

	long := array("long", `sleep 300`)
	longJob, err := s.Submit(ctx, long)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Cancel(ctx, longJob); err != nil {
		t.Fatal(err)
	}
	waitEmpty(t, s, longJob)
}

// waitEmpty waits until no task of the jobs is queued.
func waitEmpty(t *testing.T, s system, jobs ...string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var queued []string
		for _, j := range jobs {
			q, err := s.Query(context.Background(), j)
			if err != nil {
				t.Fatal(err)
			}
			for i, state := range q {
				queued = append(queued, j+"_"+strconv.Itoa(i)+" "+state)
			}
		}
		if len(queued) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still queued after 2 minutes: %s", strings.Join(queued, ", "))
		}
		time.Sleep(time.Second)
	}
}
