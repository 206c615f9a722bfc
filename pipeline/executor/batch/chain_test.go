package batch_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/runtest"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/executor/batch"
	"ringwave/pipeline/manifest"
)

// A chain of three stages: a full-model sweep that learns, a run without
// a sweep of its own from each of its points (paired task by task), and a
// replay with a sweep of its own from each of those (two tasks per
// upstream task: it waits for the whole array).
const (
	chainLearn = "name = \"learn\"\nmodel = \"full\"\n[network]\nneurons = 16\nperiods = 10\n[sweep]\n\"dynamics.lambda\" = [10.0, 20.0]\n"
	chainMore  = "name = \"more\"\nmodel = \"full\"\n[network]\nneurons = 16\nperiods = 10\n[init]\nfrom = \"learn.toml\"\n"
	chainPlay  = "name = \"replay\"\nmodel = \"full\"\n[network]\nneurons = 16\nperiods = 10\n[dynamics]\nlearn = false\n[input]\nstimulate = false\n[init]\nfrom = \"more.toml\"\n[sweep]\n\"phi.gain\" = [5.0, 10.0]\n"
)

// TestScriptSystemChain: naming only the last manifest of a chain, the
// script system computes every stage, each array after the one before,
// with the pairing the chain allows, bit for bit what the local executor
// computes; the rerun submits nothing. A diverging upstream point fails,
// and the runs downstream of it are reported as not run, naming it and
// its log.
func TestScriptSystemChain(t *testing.T) {
	t.Setenv("BATCH_TEST_RUN_TASK", "1")
	dir := t.TempDir()
	runtest.WriteManifest(t, dir, "learn.toml", chainLearn)
	runtest.WriteManifest(t, dir, "more.toml", chainMore)
	replay := runtest.Expand(t, runtest.WriteManifest(t, dir, "replay.toml", chainPlay))
	if len(replay) != 4 {
		t.Fatalf("replay has %d runs, want 2 upstream points × 2 gains", len(replay))
	}
	viaBatch := cache.Cache{Dir: filepath.Join(dir, "A")}
	sys := &scriptSystem{failed: map[string]map[int]bool{}}
	var out, log bytes.Buffer
	e := batch.Executor{Cache: viaBatch, System: sys, Name: "script", Out: &out, Log: &log}
	if err := e.Execute(context.Background(), replay); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	all := manifest.WithUpstreams(replay)
	if len(all) != 8 || len(sys.arrays) != 3 {
		t.Fatalf("%d runs in %d arrays, want 8 runs (2 learn, 2 more, 4 replay) in 3", len(all), len(sys.arrays))
	}
	wantTasks := []int{2, 2, 4}
	wantAfter := [][]batch.Dependency{nil, {{Job: "1", Pairing: batch.AfterSame}}, {{Job: "2", Pairing: batch.AfterAll}}}
	for k, a := range sys.arrays {
		if a.Tasks != wantTasks[k] || len(a.After) != len(wantAfter[k]) || (len(a.After) > 0 && a.After[0] != wantAfter[k][0]) {
			t.Errorf("array %d: %d tasks after %+v, want %d after %+v", k, a.Tasks, a.After, wantTasks[k], wantAfter[k])
		}
	}
	for _, want := range []string{"(each task after the same task of job 1)", "(after all of job 2)"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the submissions do not say %q:\n%s", want, log.String())
		}
	}
	local := cache.Cache{Dir: filepath.Join(dir, "B")}
	if err := (executor.Local{Cache: local}).Execute(context.Background(), replay); err != nil {
		t.Fatal(err)
	}
	lines := map[string]executor.ResultLine{}
	for _, s := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		l, ok := executor.ParseResultLine(s)
		if !ok || !l.Computed {
			t.Fatalf("not a computed run's line: %q", s)
		}
		lines[l.Name] = l
	}
	for _, r := range all {
		if l, ok := lines[r.Name]; !ok || l.Dir != viaBatch.EntryDir(r.Key) {
			t.Errorf("%s: line %+v (printed %v)", r.Name, l, ok)
		}
		rec, state, err := local.Lookup(r.Key)
		if state != cache.Cached {
			t.Fatalf("%s: local entry %v: %v", r.Name, state, err)
		}
		for _, f := range rec.Files {
			a, b := fileSum(t, viaBatch.EntryDir(r.Key), f.Name), fileSum(t, local.EntryDir(r.Key), f.Name)
			if a != b {
				t.Errorf("%s: %s differs: batch %x, local %x", r.Name, f.Name, a[:6], b[:6])
			}
		}
	}
	out.Reset()
	if err := e.Execute(context.Background(), replay); err != nil || len(sys.arrays) != 3 {
		t.Errorf("the rerun: %v, %d arrays submitted in all, want 3", err, len(sys.arrays))
	}
	if n := strings.Count(out.String(), "  cached  "); n != 8 {
		t.Errorf("the rerun printed %d cached runs, want 8:\n%s", n, out.String())
	}

	// Upstream cached, only the last stage missing: one array, no
	// dependency.
	runtest.WriteManifest(t, dir, "replay.toml", strings.Replace(chainPlay, "[5.0, 10.0]", "[5.0, 20.0]", 1))
	replay = runtest.Expand(t, filepath.Join(dir, "replay.toml"))
	if err := e.Execute(context.Background(), replay); err != nil {
		t.Fatal(err)
	}
	if a := sys.arrays[len(sys.arrays)-1]; len(sys.arrays) != 4 || a.Tasks != 2 || len(a.After) != 0 {
		t.Errorf("with its upstream cached: %d arrays, the last %d tasks after %+v; want a 4th of 2, after nothing", len(sys.arrays), a.Tasks, a.After)
	}

	// λ = 1e6 with a fast learning rate diverges: the second learn task
	// fails, more's task 1 (paired with it) does not run, and replay,
	// waiting for all of more, does not run at all.
	runtest.WriteManifest(t, dir, "learn.toml", strings.Replace(chainLearn, "[10.0, 20.0]", "[10.0, 1e6]", 1)+"[dynamics]\ntau_w = 1e-3\n")
	replay = runtest.Expand(t, filepath.Join(dir, "replay.toml"))
	out.Reset()
	err := e.Execute(context.Background(), replay)
	jobs := sys.arrays[len(sys.arrays)-3:]
	learnLog := filepath.Join(viaBatch.Dir, "script", filepath.Base(jobs[0].Dir), "task-1.log")
	for _, want := range []string{
		"learn.toml: learn[dynamics.lambda=1e+06]: script task 5_1 failed (log " + learnLog + "): ",
		"more.toml: more[dynamics.lambda=1e+06]: script task 6_1 did not run: it waits for script task 5_1 (learn[dynamics.lambda=1e+06]), which failed (log " + learnLog + ")",
		"replay.toml: replay[dynamics.lambda=10,phi.gain=5]: script task 7_0 did not run: it waits for script task 6_1 (more[dynamics.lambda=1e+06]), which did not run either: script task 5_1 (learn[dynamics.lambda=1e+06]) failed (log " + learnLog + ")",
		"replay.toml: replay[dynamics.lambda=1e+06,phi.gain=20]: script task 7_3 did not run: it waits for script task 6_1",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nwant %q", err, want)
		}
	}
	if n := strings.Count(out.String(), "  computed  "); n != 2 { // learn and more at λ = 10
		t.Errorf("the failing chain computed %d runs, want 2:\n%s", n, out.String())
	}
}
