package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"ringwave/internal/runtest"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
)

// memSystem is a batch system in memory: Submit records the array and
// runs its tasks at once with run (in this process), so that nothing is
// ever queued; submission number failAt fails.
type memSystem struct {
	arrays    []Array
	cancelled []string
	failAt    int // -1: none
	run       func(a Array, i int, log *os.File)
	skip      func(a Array, i int) bool // a task whose dependency failed: it never starts
}

func (s *memSystem) Submit(ctx context.Context, a Array) (string, error) {
	if len(s.arrays) == s.failAt {
		return "", errors.New("the controller is down")
	}
	s.arrays = append(s.arrays, a)
	for i := range a.Tasks {
		if s.skip != nil && s.skip(a, i) {
			continue
		}
		f, err := os.Create(a.Log(i))
		if err != nil {
			return "", err
		}
		if s.run != nil {
			s.run(a, i, f)
		}
		f.Close()
	}
	return strconv.Itoa(100 + len(s.arrays)), nil
}

func (s *memSystem) Query(context.Context, string) (map[int]string, error) { return nil, nil }

func (s *memSystem) Cancel(_ context.Context, job string) error {
	s.cancelled = append(s.cancelled, job)
	return nil
}

// runTask runs task i as a node would: `ringwave run-task`, in this process.
func runTask(a Array, i int, log *os.File) {
	if err := executor.RunTask(context.Background(), a.Command[2], strconv.Itoa(i), log, log); err != nil {
		fmt.Fprintln(log, "ringwave: "+err.Error())
	}
}

// TestDedupeByKey: runs that share a key (the same settings under two
// names) are one task; a cached run is printed, not submitted; every run
// gets its result line.
func TestDedupeByKey(t *testing.T) {
	dir := t.TempDir()
	body := strings.Replace(runtest.Base, `name = "k"`, `name = "a"`, 1) + "[sweep]\nseed = [1, 2, 3]\n"
	a := runtest.Expand(t, runtest.WriteManifest(t, dir, "a.toml", body))
	b := runtest.Expand(t, runtest.WriteManifest(t, dir, "b.toml", strings.Replace(body, `"a"`, `"b"`, 1)))
	c := cache.Cache{Dir: filepath.Join(dir, "results")}
	if err := (executor.Local{Cache: c}).Execute(context.Background(), a[:1]); err != nil {
		t.Fatal(err)
	}
	sys := &memSystem{failAt: -1, run: runTask}
	var out bytes.Buffer
	e := Executor{Cache: c, System: sys, Name: "mem", Out: &out}
	if err := e.Execute(context.Background(), append(a, b...)); err != nil {
		t.Fatal(err)
	}
	if len(sys.arrays) != 1 || sys.arrays[0].Tasks != 2 {
		t.Fatalf("submitted %+v, want one array of 2 tasks (seeds 2 and 3, once each)", sys.arrays)
	}
	for i, r := range sys.arrays[0].Runs {
		if r.Key != a[i+1].Key {
			t.Errorf("task %d computes %s, want %s", i, r.Name, a[i+1].Name)
		}
	}
	lines := map[string]executor.ResultLine{}
	for _, s := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		l, ok := executor.ParseResultLine(s)
		if !ok {
			t.Fatalf("not a result line: %q", s)
		}
		lines[l.Name] = l
	}
	for _, r := range append(a, b...) {
		l, ok := lines[r.Name]
		want := r.Key != a[0].Key // computed now, or cached
		if !ok || l.Computed != want || l.Key != r.Key[:executor.ShortKey] || l.Dir != c.EntryDir(r.Key) {
			t.Errorf("%s: line %+v (printed %v), want computed %v", r.Name, l, ok, want)
		}
	}
	if len(lines) != 6 {
		t.Errorf("%d result lines, want 6:\n%s", len(lines), out.String())
	}
}

// TestStages: a stage that waits for another gets the other's job as its
// dependency, with the pairing asked for; the stages share one copy of the
// program; a stage that cannot be submitted cancels those before it.
func TestStages(t *testing.T) {
	dir := t.TempDir()
	runs := runtest.Expand(t, runtest.WriteManifest(t, dir, "k.toml", runtest.Base+"[sweep]\nseed = [1, 2]\n"))
	c := cache.Cache{Dir: filepath.Join(dir, "results")}
	sys := &memSystem{failAt: -1}
	e := Executor{Cache: c, System: sys, Name: "mem", Detach: true}
	stages := []Stage{{Runs: runs}, {Runs: runs, After: []After{{Stage: 0, Pairing: AfterSame}}}, {Runs: runs[:1], After: []After{{Stage: 1, Pairing: AfterAll}}}}
	jobs, err := e.Submit(context.Background(), stages)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]Dependency{nil, {{Job: jobs[0].ID, Pairing: AfterSame}}, {{Job: jobs[1].ID, Pairing: AfterAll}}}
	for k, a := range sys.arrays {
		if !reflect.DeepEqual(a.After, want[k]) {
			t.Errorf("array %d waits for %+v, want %+v", k, a.After, want[k])
		}
		if a.Command[0] != sys.arrays[0].Command[0] {
			t.Errorf("array %d runs %s, array 0 %s: one copy of the program", k, a.Command[0], sys.arrays[0].Command[0])
		}
		list, ok := executor.ReadTaskList(a.Command[2])
		if !ok || len(list.Tasks) != len(stages[k].Runs) {
			t.Errorf("array %d: task list %+v", k, list)
		}
	}

	sys = &memSystem{failAt: 1}
	e.System = sys
	var log bytes.Buffer
	e.Log = &log
	if _, err := e.Submit(context.Background(), stages); err == nil || !strings.Contains(err.Error(), "the controller is down") {
		t.Fatalf("a failed submission returned %v", err)
	}
	if len(sys.arrays) != 1 || !reflect.DeepEqual(sys.cancelled, []string{"101"}) {
		t.Errorf("after the second stage failed: submitted %d, cancelled %v; want the first cancelled", len(sys.arrays), sys.cancelled)
	}
	dirs, _ := filepath.Glob(filepath.Join(c.Dir, "mem", "*"))
	if len(dirs) != 3+1 { // three from the first submission, the cancelled one's
		t.Errorf("job directories %v: the failed stage's should be gone", dirs)
	}
	// The detached submission keeps its program for its tasks; the
	// cancelled one's is gone.
	if programs, _ := filepath.Glob(filepath.Join(c.Dir, "mem", "*", programName)); len(programs) != 1 {
		t.Errorf("copies of the program: %v, want the detached submission's only", programs)
	}
}

// fakeClock is the wait's time in tests: sleeping advances it at once and
// calls tick, which may change the world.
type fakeClock struct {
	t    time.Time
	tick func(elapsed time.Duration)
}

func (f *fakeClock) clock() clock {
	start := f.t
	return clock{now: func() time.Time { return f.t }, sleep: func(_ context.Context, d time.Duration) error {
		f.t = f.t.Add(d)
		if f.tick != nil {
			f.tick(f.t.Sub(start))
		}
		return nil
	}}
}

// TestGraceForLateEntry: a task that has left the queue, whose log has its
// result line but whose entry is not visible here (NFS), is given
// visibleGrace: an entry that appears within it is a computed run, one
// that never does is an error after it, and a task without the line has
// failed at once.
func TestGraceForLateEntry(t *testing.T) {
	const late = 30 * time.Second // within visibleGrace (90 s)
	cases := []struct {
		name     string
		line     bool          // the task's log has its result line
		appears  time.Duration // when the entry becomes visible; 0: never
		err      string
		minTaken time.Duration
	}{
		{"late entry", true, late, "", late},
		{"entry never seen", true, 0, "mem task 101_0 computed it, but its entry is not in", visibleGrace},
		{"failed task", false, 0, "mem task 101_0 failed (log ", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			runs := runtest.Expand(t, runtest.WriteManifest(t, dir, "k.toml", runtest.Base))
			c := cache.Cache{Dir: filepath.Join(dir, "results")}
			node := cache.Cache{Dir: filepath.Join(dir, "node")} // the node's view, ahead of ours
			sys := &memSystem{failAt: -1, run: func(a Array, i int, log *os.File) {
				if !tc.line {
					fmt.Fprintln(log, "ringwave: k: out of memory")
					return
				}
				if err := (executor.Local{Cache: node, Out: log}).Execute(context.Background(), a.Runs[i:i+1]); err != nil {
					t.Fatal(err)
				}
			}}
			fc := &fakeClock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
			var seen time.Duration
			fc.tick = func(elapsed time.Duration) {
				if tc.appears > 0 && elapsed >= tc.appears && seen == 0 {
					seen = elapsed
					if err := (executor.Local{Cache: c}).Execute(context.Background(), runs); err != nil {
						t.Fatal(err)
					}
				}
			}
			start := fc.t
			var out bytes.Buffer
			e := Executor{Cache: c, System: sys, Name: "mem", Out: &out, clock: fc.clock()}
			err := e.Execute(context.Background(), runs)
			taken := fc.t.Sub(start)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("error %v after %v", err, taken)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v, want %q", err, tc.err)
			}
			if taken < tc.minTaken || (tc.minTaken == 0 && taken != 0) {
				t.Errorf("the wait took %v, want at least %v", taken, tc.minTaken)
			}
			if tc.err == "" {
				l, ok := executor.ParseResultLine(strings.TrimSpace(out.String()))
				if !ok || !l.Computed || l.Dir != c.EntryDir(runs[0].Key) {
					t.Errorf("printed %q", out.String())
				}
			} else if out.Len() != 0 {
				t.Errorf("printed %q for a run that did not land", out.String())
			}
		})
	}
}

// TestFailedUpstream: in a stage paired task by task with another, the
// task whose upstream failed (and so never ran) is reported as such,
// naming the upstream task; the others land.
func TestFailedUpstream(t *testing.T) {
	dir := t.TempDir()
	up := runtest.Expand(t, runtest.WriteManifest(t, dir, "up.toml", runtest.Base+"[sweep]\nseed = [1, 2]\n"))
	down := runtest.Expand(t, runtest.WriteManifest(t, dir, "down.toml",
		strings.Replace(runtest.Base, "lambda = 20.0", "lambda = 10.0", 1)+"[sweep]\nseed = [1, 2]\n"))
	sys := &memSystem{failAt: -1}
	sys.run = func(a Array, i int, log *os.File) {
		if len(a.After) == 0 && i == 1 {
			fmt.Fprintln(log, "ringwave: k[seed=2]: simulation diverged at step 9")
			return
		}
		runTask(a, i, log)
	}
	sys.skip = func(a Array, i int) bool { return len(a.After) > 0 && i == 1 } // as Slurm's --kill-on-invalid-dep
	var out bytes.Buffer
	e := Executor{Cache: cache.Cache{Dir: filepath.Join(dir, "results")}, System: sys, Name: "mem", Out: &out}
	jobs, err := e.Submit(context.Background(), []Stage{{Runs: up}, {Runs: down, After: []After{{Stage: 0, Pairing: AfterSame}}}})
	if err != nil {
		t.Fatal(err)
	}
	err = e.Wait(context.Background(), jobs, nil)
	for _, want := range []string{
		"k[seed=2]: mem task 101_1 failed (log " + filepath.Join(jobs[0].Logs, "task-1.log") + "): k[seed=2]: simulation diverged at step 9",
		"k[seed=2]: mem task 102_1 did not run: it waits for mem task 101_1 (k[seed=2]), which failed (log " + filepath.Join(jobs[0].Logs, "task-1.log") + ")",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nwant %q", err, want)
		}
	}
	for _, r := range []*manifest.Run{up[0], down[0]} {
		if !strings.Contains(out.String(), executor.Landed(r, true, e.Cache.EntryDir(r.Key)).String()) {
			t.Errorf("%s did not land:\n%s", r.Name, out.String())
		}
	}
}

// TestChainStages: the missing runs of a chain go out one array per stage,
// each key once whichever manifests name it (here the same replay under two
// names, and the upstream named too); aftercorr where task i starts from
// task i (also when some upstreams are cached), afterok where a downstream
// has its own sweep.
func TestChainStages(t *testing.T) {
	dir := t.TempDir()
	learn := runtest.WriteManifest(t, dir, "learn.toml", "name = \"learn\"\nmodel = \"full\"\n[network]\nneurons = 16\nperiods = 10\n[sweep]\n\"dynamics.lambda\" = [10.0, 20.0, 40.0]\n")
	replay := "name = \"replay\"\nmodel = \"full\"\n[network]\nneurons = 16\nperiods = 10\n[init]\nfrom = \"learn.toml\"\n"
	one := runtest.Expand(t, runtest.WriteManifest(t, dir, "replay.toml", replay))
	same := runtest.Expand(t, runtest.WriteManifest(t, dir, "same.toml", strings.Replace(replay, `"replay"`, `"same"`, 1)))
	own := runtest.Expand(t, runtest.WriteManifest(t, dir, "own.toml", replay+"[sweep]\n\"phi.gain\" = [5.0, 10.0]\n"))
	cases := []struct {
		name    string
		cached  []*manifest.Run // computed before
		runs    []*manifest.Run
		tasks   []int
		pairing Pairing
	}{
		{"paired", nil, append(append(runtest.Expand(t, learn), one...), same...), []int{3, 3}, AfterSame},
		{"own sweep", nil, own, []int{3, 6}, AfterAll},
		// replay[λ=10] starts from a cached run: it joins stage 0, behind
		// the upstreams of stage 1, which stays paired.
		{"upstream partly cached", runtest.Expand(t, learn)[:1], one, []int{3, 2}, AfterSame},
	}
	for _, tc := range cases {
		sys := &memSystem{failAt: -1}
		c := cache.Cache{Dir: filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))}
		if err := (executor.Local{Cache: c}).Execute(context.Background(), tc.cached); err != nil {
			t.Fatal(err)
		}
		e := Executor{Cache: c, System: sys, Name: "mem", Detach: true}
		if err := e.Execute(context.Background(), tc.runs); err != nil {
			t.Fatal(err)
		}
		if len(sys.arrays) != len(tc.tasks) {
			t.Fatalf("%s: %d arrays, want %d", tc.name, len(sys.arrays), len(tc.tasks))
		}
		for k, a := range sys.arrays {
			if a.Tasks != tc.tasks[k] {
				t.Errorf("%s: array %d has %d tasks, want %d", tc.name, k, a.Tasks, tc.tasks[k])
			}
		}
		want := []Dependency{{Job: "101", Pairing: tc.pairing}}
		if !reflect.DeepEqual(sys.arrays[1].After, want) || sys.arrays[0].After != nil {
			t.Errorf("%s: the arrays wait for %+v and %+v, want nothing and %+v", tc.name, sys.arrays[0].After, sys.arrays[1].After, want)
		}
	}
}
