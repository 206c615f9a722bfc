package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// ringwave is the command under test, built once by TestMain.
var ringwave string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ringwave-bin")
	if err != nil {
		panic(err)
	}
	ringwave = filepath.Join(dir, "ringwave")
	if out, err := exec.Command("go", "build", "-o", ringwave, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building ringwave: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one invocation of the command did.
type result struct {
	stdout, stderr string
	code           int
}

func invoke(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return execIn(t, dir, ringwave, args...)
}

// execIn runs a program in dir and returns what it did; only a failure to
// start it ends the test.
func execIn(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{stdout.String(), stderr.String(), code}
}

func mustRun(t *testing.T, dir string, args ...string) result {
	t.Helper()
	r := invoke(t, dir, args...)
	if r.code != 0 {
		t.Fatalf("ringwave %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// smallManifest is a run that takes a few milliseconds.
const smallManifest = `name = "small"
model = "kernel"
[network]
neurons = 32
periods = 10
[record]
weights_every = 16
`

// slowManifest takes about a second (1.3 s here with the optimised full
// model): long enough to be interrupted.
const slowManifest = `name = "slow"
model = "full"
[network]
neurons = 256
periods = 600
[record]
activity_every = 16
`

// entries returns the cache entries (complete or not) and tmp dirs under dir/results.
func entries(t *testing.T, dir string) (complete, tmp []string) {
	t.Helper()
	complete, _ = filepath.Glob(filepath.Join(dir, "results/cache/??/*[0-9a-f]"))
	tmp, _ = filepath.Glob(filepath.Join(dir, "results/cache/tmp/*"))
	return complete, tmp
}

func TestRunThenCached(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	first := mustRun(t, dir, "run", "small.toml")
	if !strings.Contains(first.stdout, "  computed  ") {
		t.Errorf("first run: %q", first.stdout)
	}
	second := mustRun(t, dir, "run", "small.toml")
	if !strings.Contains(second.stdout, "  cached  ") {
		t.Errorf("second run: %q", second.stdout)
	}
	path := strings.TrimSpace(mustRun(t, dir, "path", "small.toml").stdout)
	if !strings.HasSuffix(second.stdout, path+"\n") {
		t.Errorf("path %q is not the run's directory in %q", path, second.stdout)
	}
	for _, f := range []string{"activity.npy", "weights.npy", "weights_initial.npy", "weights_history.npy", "run.json"} {
		if _, err := os.Stat(filepath.Join(dir, path, f)); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "results/runs/small", f)); err != nil {
			t.Errorf("by-name link: %v", err)
		}
	}
	if st := mustRun(t, dir, "status", "small.toml").stdout; !strings.Contains(st, "cached") || !strings.Contains(st, "1 runs: 1 cached, 0 to compute") {
		t.Errorf("status: %q", st)
	}
}

// TestConcurrentProcessesComputeOnce starts two processes on one new run:
// both succeed with the same directory, and only one computes it.
func TestConcurrentProcessesComputeOnce(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "slow.toml"), slowManifest)
	var cmds [2]*exec.Cmd
	var outs [2]bytes.Buffer
	for i := range cmds {
		cmds[i] = exec.Command(ringwave, "run", "-q", "slow.toml")
		cmds[i].Dir = dir
		cmds[i].Stdout = &outs[i]
		cmds[i].Stderr = &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("process %d: %v\n%s", i, err, outs[i].String())
		}
	}
	all := outs[0].String() + outs[1].String()
	if n := strings.Count(all, "  computed  "); n != 1 {
		t.Errorf("%d processes computed the run:\n%s", n, all)
	}
	if n := strings.Count(all, "  cached  "); n != 1 {
		t.Errorf("%d processes took it from the cache:\n%s", n, all)
	}
	if !strings.Contains(all, "waiting for another process") {
		t.Errorf("the second process did not say it waited:\n%s", all)
	}
	line := func(s string) string { return s[strings.LastIndex(s, "  ")+2:] }
	if line(outs[0].String()) != line(outs[1].String()) {
		t.Errorf("different directories:\n%s", all)
	}
	mustRun(t, dir, "verify")
}

// TestKillLeavesNothingValid kills a computing process at several moments;
// afterwards the run is either absent or complete and verified, and a new
// run succeeds.
func TestKillLeavesNothingValid(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "slow.toml"), slowManifest)
	for _, delay := range []time.Duration{0, 5 * time.Millisecond, 30 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond} {
		cmd := exec.Command(ringwave, "run", "-q", "-force", "slow.toml")
		cmd.Dir = dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		st := mustRun(t, dir, "status", "slow.toml").stdout
		switch {
		case strings.Contains(st, "slow  ") && strings.Contains(st, " missing"):
		case strings.Contains(st, " cached "):
			mustRun(t, dir, "verify") // finished before the kill: must be whole
		default:
			t.Fatalf("after a kill at %v, status says:\n%s", delay, st)
		}
	}
	r := mustRun(t, dir, "run", "-q", "slow.toml")
	if !strings.Contains(r.stdout, "slow  ") {
		t.Errorf("run after kills: %q", r.stdout)
	}
	mustRun(t, dir, "verify")
	if gc := mustRun(t, dir, "gc", "slow.toml"); strings.Contains(gc.stdout, "no manifest given uses it") {
		t.Errorf("gc removed the live entry:\n%s", gc.stdout)
	}
	if _, tmp := entries(t, dir); len(tmp) != 0 {
		t.Errorf("gc left temporary directories: %v", tmp)
	}
}

// started is a command running in the background whose stderr said it was
// ready.
type started struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan struct{} // closed once stderr is read to its end
}

// syncBuffer is a buffer read while another goroutine writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) WriteString(x string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.WriteString(x)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startUntil starts ringwave in dir and returns once a line of its stderr
// contains ready: a test then acts on a process known to be at that point,
// however starved the CPU (sleeping a fixed time before a signal failed 8
// times out of 10 on a loaded machine).
func startUntil(t *testing.T, dir, ready string, args ...string) *started {
	t.Helper()
	cmd := exec.Command(ringwave, args...)
	cmd.Dir = dir
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &started{cmd: cmd, stderr: &syncBuffer{}, done: make(chan struct{})}
	seen := make(chan bool, 1)
	go func() {
		defer close(s.done)
		sc := bufio.NewScanner(pipe)
		found := false
		for sc.Scan() {
			s.stderr.WriteString(sc.Text() + "\n")
			if !found && strings.Contains(sc.Text(), ready) {
				found = true
				seen <- true
			}
		}
		if !found {
			seen <- false
		}
	}()
	select {
	case ok := <-seen:
		if !ok {
			cmd.Wait()
			t.Fatalf("ringwave %s ended without saying %q:\n%s", strings.Join(args, " "), ready, s.stderr.String())
		}
	case <-time.After(2 * time.Minute): // a few seconds at worst; a hang is a failure
		cmd.Process.Kill()
		t.Fatalf("ringwave %s did not say %q within 2 minutes", strings.Join(args, " "), ready)
	}
	return s
}

// wait waits for the command to end and returns its exit code (-1 when a
// signal ended it) and stderr.
func (s *started) wait() (int, string) {
	<-s.done
	s.cmd.Wait()
	return s.cmd.ProcessState.ExitCode(), s.stderr.String()
}

func TestInterruptCleansUp(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "slow.toml"), slowManifest)
			s := startUntil(t, dir, "slow: computing", "run", "slow.toml")
			s.cmd.Process.Signal(sig) // once: as timeout, kill and Slurm do
			if code, stderr := s.wait(); code != 130 {
				t.Fatalf("exit %d after one %v\n%s", code, sig, stderr)
			}
			complete, tmp := entries(t, dir)
			if len(complete) != 0 || len(tmp) != 0 {
				t.Errorf("left behind: entries %v, tmp %v", complete, tmp)
			}
		})
	}
}

// TestSignalWhileWaitingForALock: a process waiting for another's lock
// ends at the first signal.
func TestSignalWhileWaitingForALock(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "slow.toml"), slowManifest)
	first := startUntil(t, dir, "slow: computing", "run", "slow.toml")
	defer first.wait()
	defer first.cmd.Process.Kill()
	second := startUntil(t, dir, "waiting for another process", "run", "slow.toml")
	second.cmd.Process.Signal(syscall.SIGTERM)
	if code, stderr := second.wait(); code != 130 {
		t.Errorf("exit %d after SIGTERM while waiting\n%s", code, stderr)
	}
}

// TestKilledRunsAreCleanedUp: a run killed mid-computation leaves its
// temporary directory; the next run (of anything) removes it, and never
// one whose writer is alive.
func TestKilledRunsAreCleanedUp(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "slow.toml"), slowManifest)
	// Ten times the slow run (13 s): alive for as long as the test looks.
	writeFile(t, filepath.Join(dir, "slower.toml"), strings.Replace(strings.Replace(slowManifest, "periods = 600", "periods = 6000", 1), `"slow"`, `"slower"`, 1))
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	killed := startUntil(t, dir, "slow: computing", "run", "slow.toml")
	killed.cmd.Process.Kill()
	killed.wait()
	_, left := entries(t, dir)
	if len(left) != 1 {
		t.Fatalf("a killed run left %v, want its temporary directory", left)
	}
	live := startUntil(t, dir, "slower: computing", "run", "slower.toml")
	defer live.wait()
	defer live.cmd.Process.Kill()
	if !strings.Contains(live.stderr.String(), "removed 1 temporary directories left by interrupted runs") {
		t.Errorf("the next run did not say it cleaned up:\n%s", live.stderr.String())
	}
	_, tmp := entries(t, dir)
	if len(tmp) != 1 || tmp[0] == left[0] {
		t.Fatalf("temporary directories: %v, want the live run's only (not %s)", tmp, left[0])
	}
	if r := mustRun(t, dir, "run", "small.toml"); strings.Contains(r.stderr, "removed") {
		t.Errorf("a run removed a live run's directory:\n%s", r.stderr)
	}
	if _, now := entries(t, dir); len(now) != 1 || now[0] != tmp[0] {
		t.Errorf("the live run's directory: %v, want %v", now, tmp)
	}
}

// TestCorruptionIsDetected damages each file of an entry in each way: verify
// reports it, and the next run recomputes.
func TestCorruptionIsDetected(t *testing.T) {
	damages := map[string]func(path string) error{
		"flipped byte": func(p string) error {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b[len(b)*2/3] ^= 0x10
			return os.WriteFile(p, b, 0o644)
		},
		"truncated": func(p string) error {
			st, err := os.Stat(p)
			if err != nil {
				return err
			}
			return os.Truncate(p, st.Size()-5)
		},
		"deleted": os.Remove,
		"garbage": func(p string) error { return os.WriteFile(p, []byte("{not json"), 0o644) },
	}
	files := []string{"activity.npy", "weights.npy", "weights_initial.npy", "weights_history.npy", "run.json"}
	for name, damage := range damages {
		for _, file := range files {
			t.Run(name+"/"+file, func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
				entry := strings.TrimSpace(mustRun(t, dir, "run", "-q", "small.toml").stdout)
				entry = entry[strings.LastIndex(entry, "  ")+2:]
				if err := damage(filepath.Join(dir, entry, file)); err != nil {
					t.Fatal(err)
				}
				v := invoke(t, dir, "verify")
				if v.code != 1 || !strings.Contains(v.stdout, "CORRUPT") {
					t.Errorf("verify: exit %d\n%s%s", v.code, v.stdout, v.stderr)
				}
				r := mustRun(t, dir, "run", "-q", "small.toml")
				if !strings.Contains(r.stdout, "  computed  ") {
					t.Errorf("run after damage: %q", r.stdout)
				}
				mustRun(t, dir, "verify")
			})
		}
	}
}

// TestBadInputIsRefused: each mistake in a manifest exits 1 with one line
// naming the file, the line and the key, panics never, and leaves the cache
// as it was (a run computed before is the control).
func TestBadInputIsRefused(t *testing.T) {
	cases := []struct{ name, manifest, want string }{
		{"unknown key", "name = \"x\"\n[network]\nnuerons = 3\n", "bad.toml:3: network.nuerons is not a manifest key (did you mean network.neurons?)"},
		{"unknown keys at once", "name = \"x\"\nmodle = \"full\"\n[init]\nwieghts = \"zeros\"\n", "bad.toml:2: modle is not a manifest key (did you mean model?)\nringwave: bad.toml:4: init.wieghts is not a manifest key (did you mean init.weights?)"},
		{"duplicate key", "name = \"x\"\n[network]\nneurons = 3\nneurons = 4\n", "bad.toml:4: syntax error: Key 'network.neurons' has already been defined."},
		{"wrong type", "name = \"x\"\n[network]\nneurons = 3.5\n", "bad.toml:3: network.neurons has the wrong type"},
		{"syntax", "name = \"x\"\n[network\n", "bad.toml:2: syntax error"},
		{"negative", "name = \"x\"\n[dynamics]\ntau_x = -1.0\n", "bad.toml:3: dynamics.tau_x must be a positive finite number (got -1)"},
		{"NaN", "name = \"x\"\n[dynamics]\ntau_w = nan\n", "bad.toml:3: dynamics.tau_w must be a positive finite number (got NaN)"},
		{"Inf", "name = \"x\"\n[input]\namplitude = -inf\n", "bad.toml:3: input.amplitude must be a finite number (got -Inf)"},
		{"zero dt", "name = \"x\"\n[network]\ndt = 0.0\n", "bad.toml:3: network.dt must be a positive finite number (got 0)"},
		{"zero periods", "name = \"x\"\n[network]\nperiods = 0\n", "bad.toml:3: network.periods must be a positive finite number (got 0)"},
		{"delay under a step", "name = \"x\"\n[dynamics]\ntau_d = 5e-5\n", "bad.toml:3: dynamics.tau_d must be at least half a step"},
		{"unknown model", "name = \"x\"\nmodel = \"ful\"\n", "bad.toml:2: model must be one of full, kernel, kernel_single (got \"ful\")"},
		{"too big", "name = \"x\"\n[network]\nneurons = 200000\n", "bad.toml:3: network.neurons needs about 894.2 GiB of memory"},
		{"travel too fast", "name = \"x\"\n[init]\ntravel = 5000.0\n", "bad.toml:3: init.travel must be at most 2·neurons in magnitude"},
		{"sweep unknown key", "name = \"x\"\n[sweep]\n\"dynamics.lamda\" = [1.0]\n", "bad.toml:3: sweep.dynamics.lamda value 1: unknown key dynamics.lamda (did you mean dynamics.lambda?)"},
		{"sweep empty", "name = \"x\"\n[sweep]\nseed = []\n", "bad.toml:3: sweep.seed must list at least one value"},
		{"sweep wrong type", "name = \"x\"\n[sweep]\n\"input.stimulate\" = [true, 1]\n", "bad.toml:3: sweep.input.stimulate value 2: input.stimulate must be true or false (got integer 1)"},
		{"missing file", "", "nope.toml: cannot read manifest: no such file or directory"},
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "small.toml")
	before := listTree(t, filepath.Join(dir, "results"))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := "bad.toml"
			if c.manifest != "" {
				writeFile(t, filepath.Join(dir, file), c.manifest)
			} else {
				file = "nope.toml"
			}
			r := invoke(t, dir, "run", "small.toml", file)
			if r.code != 1 || !strings.Contains(r.stderr, "ringwave: "+c.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and %q", r.code, r.stderr, "ringwave: "+c.want)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("panicked:\n%s", r.stderr)
			}
			if after := listTree(t, filepath.Join(dir, "results")); after != before {
				t.Errorf("the cache changed:\n%s\nwas\n%s", after, before)
			}
		})
	}
	for _, args := range [][]string{{}, {"frobnicate"}, {"run"}, {"run", "-j"}, {"run", "-bogus", "small.toml"}} {
		if r := invoke(t, t.TempDir(), args...); r.code != 2 {
			t.Errorf("ringwave %v: exit %d, want 2 (usage)\n%s", args, r.code, r.stderr)
		}
	}
}

// listTree describes every file and link under root with its size and
// modification time, to tell whether anything was written.
func listTree(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %s\n", strings.TrimPrefix(path, root), info.Size(), info.ModTime().Format(time.RFC3339Nano))
		return nil
	})
	return b.String()
}

// TestVerifyRecompute: verify -recompute re-simulates cached runs and finds
// them bit-identical.
func TestVerifyRecompute(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sw.toml"), smallManifest+"[sweep]\nseed = [1, 2, 3]\n")
	mustRun(t, dir, "run", "-q", "sw.toml")
	v := mustRun(t, dir, "verify", "-recompute", "2", "sw.toml")
	if n := strings.Count(v.stdout, "recomputed: identical"); n != 2 {
		t.Errorf("verify -recompute 2:\n%s", v.stdout)
	}
	if !strings.Contains(v.stdout, "3 entries verified") {
		t.Errorf("verify:\n%s", v.stdout)
	}
}

func newCmd(dir, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	return cmd
}

// TestPathListsOnlyNamedManifests: path prints the runs of the manifests
// given, in sweep order, not those of the references they name.
func TestPathListsOnlyNamedManifests(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	writeFile(t, filepath.Join(dir, "sw.toml"), "name = \"sw\"\nreference = \"small.toml\"\n[network]\nneurons = 16\n[sweep]\nseed = [3, 1, 2]\n")
	lines := strings.Split(strings.TrimSpace(mustRun(t, dir, "path", "sw.toml").stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("path printed %d lines, want 3:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	st := mustRun(t, dir, "status", "sw.toml").stdout
	for i, seed := range []string{"3", "1", "2"} {
		want := fmt.Sprintf("sw[seed=%s]", seed)
		if !strings.Contains(st, want+"  "+filepath.Base(lines[i])[:12]) {
			t.Errorf("line %d of path is not %s's directory:\n%s\nstatus:\n%s", i, want, lines[i], st)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "results")); err == nil {
		t.Error("path created results/")
	}
}
