package batch_test

// A batch system in one file, to hold the price of a new one to what it
// is: an adapter of Submit, Query and Cancel (here about 40 lines, most of
// them honouring dependencies), and, to offer it as -executor NAME, an
// executor.Kind and one line in package kinds (see package slurm).

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ringwave/internal/runtest"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/executor/batch"
)

// scriptSystem runs every task of an array at submission, one after the
// other, each a subprocess with its output in its log: a cluster whose
// queue is always empty. A task whose dependency failed does not run.
type scriptSystem struct {
	failed map[string]map[int]bool // job -> its failed tasks
	arrays []batch.Array           // as submitted
}

func (s *scriptSystem) Submit(ctx context.Context, a batch.Array) (string, error) {
	job := strconv.Itoa(len(s.failed) + 1)
	s.failed[job] = map[int]bool{}
	s.arrays = append(s.arrays, a)
	for i := range a.Tasks {
		if s.blocked(a.After, i) {
			s.failed[job][i] = true
			continue
		}
		log, err := os.Create(a.Log(i))
		if err != nil {
			return "", err
		}
		cmd := exec.CommandContext(ctx, a.Command[0], append(a.Command[1:], strconv.Itoa(i))...)
		cmd.Stdout, cmd.Stderr = log, log
		s.failed[job][i] = cmd.Run() != nil
		log.Close()
	}
	return job, nil
}

// blocked says whether task i may not run: a task it waits for failed.
func (s *scriptSystem) blocked(after []batch.Dependency, i int) bool {
	for _, d := range after {
		for j, failed := range s.failed[d.Job] {
			if failed && (d.Pairing == batch.AfterAll || j == i) {
				return true
			}
		}
	}
	return false
}

func (s *scriptSystem) Query(context.Context, string) (map[int]string, error) { return nil, nil }
func (s *scriptSystem) Cancel(context.Context, string) error                  { return nil }

// TestMain makes this test binary ringwave's run-task when a job runs its
// copy of it (the driver copies the running program).
func TestMain(m *testing.M) {
	if os.Getenv("BATCH_TEST_RUN_TASK") == "1" && len(os.Args) == 4 && os.Args[1] == "run-task" {
		if err := executor.RunTask(context.Background(), os.Args[2], os.Args[3], os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "ringwave: "+err.Error())
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestScriptSystem: runs computed through the script system are bit for
// bit the local executor's, each printed as computed; in a chain, a failing
// task is reported with its log's last words and its downstream task as
// not run.
func TestScriptSystem(t *testing.T) {
	t.Setenv("BATCH_TEST_RUN_TASK", "1")
	dir := t.TempDir()
	runs := runtest.Expand(t, runtest.WriteManifest(t, dir, "k.toml", runtest.Base+"[record]\nweights_every = 16\n[sweep]\n\"dynamics.lambda\" = [5.0, 10.0, 20.0]\n"))
	viaBatch := cache.Cache{Dir: filepath.Join(dir, "A")}
	var out, log bytes.Buffer
	e := batch.Executor{Cache: viaBatch, System: &scriptSystem{failed: map[string]map[int]bool{}}, Name: "script", Out: &out, Log: &log}
	if err := e.Execute(context.Background(), runs); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	local := cache.Cache{Dir: filepath.Join(dir, "B")}
	if err := (executor.Local{Cache: local}).Execute(context.Background(), runs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "submitted script job 1: 3 runs to compute; logs in "+filepath.Join(viaBatch.Dir, "script")) {
		t.Errorf("log:\n%s", log.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(runs) {
		t.Fatalf("printed\n%s\nwant %d result lines", out.String(), len(runs))
	}
	for i, r := range runs {
		l, ok := executor.ParseResultLine(lines[i])
		if !ok || !l.Computed || l.Name != r.Name || l.Dir != viaBatch.EntryDir(r.Key) {
			t.Errorf("line %q for %s", lines[i], r.Name)
		}
		rec, state, err := local.Lookup(r.Key)
		if state != cache.Cached {
			t.Fatalf("%s: local entry %v: %v", r.Name, state, err)
		}
		if len(rec.Files) < 4 { // activity, weights, initial, history
			t.Errorf("%s: %d files", r.Name, len(rec.Files))
		}
		for _, f := range rec.Files { // the .npy files (run.json differs by nature: times, host)
			a, b := fileSum(t, viaBatch.EntryDir(r.Key), f.Name), fileSum(t, local.EntryDir(r.Key), f.Name)
			if a != b {
				t.Errorf("%s: %s differs: batch %x, local %x", r.Name, f.Name, a[:6], b[:6])
			}
		}
	}
	if left, _ := filepath.Glob(filepath.Join(viaBatch.Dir, "script", "*", "ringwave")); len(left) != 0 {
		t.Errorf("the program's copy outlived the job: %v", left)
	}

	// A chain whose upstream task 1 diverges: it fails and says why, its
	// paired downstream task does not run, the other pair lands.
	up := runtest.Expand(t, runtest.WriteManifest(t, dir, "up.toml", "name = \"up\"\nmodel = \"full\"\n[network]\nneurons = 16\nperiods = 10\n[dynamics]\ntau_w = 1e-3\n[sweep]\n\"dynamics.lambda\" = [20.0, 1e6]\n"))
	down := runtest.Expand(t, runtest.WriteManifest(t, dir, "down.toml", runtest.Base+"[sweep]\nseed = [1, 2]\n"))
	out.Reset()
	jobs, err := e.Submit(context.Background(), []batch.Stage{{Runs: up}, {Runs: down, After: []batch.After{{Stage: 0, Pairing: batch.AfterSame}}}})
	if err != nil {
		t.Fatal(err)
	}
	err = e.Wait(context.Background(), jobs, nil)
	for _, want := range []string{"up[dynamics.lambda=1e+06]: script task 2_1 failed (log ", "simulation diverged",
		"k[seed=2]: script task 3_1 did not run: it waits for script task 2_1 (up[dynamics.lambda=1e+06]), which failed (log "} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("the chain: error %v\nwant %q", err, want)
		}
	}
	if n := strings.Count(out.String(), "  computed  "); n != 2 {
		t.Errorf("the chain landed %d runs, want 2:\n%s", n, out.String())
	}
}

func fileSum(t *testing.T, dir, name string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
