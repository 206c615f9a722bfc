package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A two-stage chain for -executor slurm: a learning sweep of two points
// and, from each, a run of its own (no sweep of its own: task i of the
// second array starts from task i of the first, aftercorr).
const (
	slurmLearn = `name = "learn"
model = "full"
[network]
neurons = 16
periods = 10
[slurm]
time = "5"
[sweep]
"dynamics.lambda" = [10.0, 20.0]
`
	slurmReplay = `name = "replay"
model = "full"
[network]
neurons = 16
periods = 10
[dynamics]
learn = false
[input]
stimulate = false
[init]
from = "%s"
`
)

// TestSlurmChainWithFakeSlurm: the chain contract without a cluster.
func TestSlurmChainWithFakeSlurm(t *testing.T) {
	submissions := fakeSlurm(t)
	checkSlurmChain(t, t.TempDir(), func(*testing.T, string, string, string) {})
	b, err := os.ReadFile(submissions)
	if err != nil {
		t.Fatal(err)
	}
	// learn and replay; the failing chain's two; the detached chain's two:
	// the cached rerun submitted nothing.
	if n := strings.Count(string(b), "\n"); n != 6 {
		t.Errorf("%d jobs submitted, want 6:\n%s", n, b)
	}
}

// TestSlurmClusterChain: the chain contract on the cluster of `make
// test-slurm` (skipped without RINGWAVE_SLURM).
func TestSlurmClusterChain(t *testing.T) {
	if os.Getenv("RINGWAVE_SLURM") == "" {
		t.Skip("needs a Slurm cluster: make test-slurm")
	}
	if _, err := exec.LookPath("sbatch"); err != nil {
		t.Fatalf("RINGWAVE_SLURM is set but Slurm is not installed: %v", err)
	}
	checkSlurmChain(t, t.TempDir(), func(t *testing.T, dir, manifest, want string) {
		deadline := time.Now().Add(2 * time.Minute)
		for {
			st := mustRun(t, dir, "status", "-results", "A", manifest).stdout
			if strings.Contains(st, want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the detached chain did not finish in 2 minutes:\n%s", st)
			}
			time.Sleep(time.Second)
		}
	})
}

// checkSlurmChain is the contract of chains on -executor slurm, on
// whatever sbatch and squeue are on PATH: naming only the downstream
// manifest submits both stages, the second paired task by task with the
// first, and computes bit for bit what the local executor does; the rerun
// submits nothing; a failing upstream task fails the command (exit 1)
// naming the downstream run that did not run, the upstream task and its
// log; -detach prints every job's id. afterDetach waits until `status` of
// dir/manifest says status.
func checkSlurmChain(t *testing.T, dir string, afterDetach func(t *testing.T, dir, manifest, status string)) {
	writeFile(t, filepath.Join(dir, "learn.toml"), slurmLearn)
	writeFile(t, filepath.Join(dir, "replay.toml"), strings.Replace(slurmReplay, "%s", "learn.toml", 1))

	slurm := mustRun(t, dir, "run", "-executor", "slurm", "-results", "A", "replay.toml")
	subs := submittedRE.FindAllStringSubmatch(slurm.stderr, -1)
	if len(subs) != 2 || subs[0][2] != "2" || subs[1][2] != "2" {
		t.Fatalf("want two jobs of 2 runs (learn, then replay):\n%s", slurm.stderr)
	}
	if want := "(each task after the same task of job " + subs[0][1] + ")"; !strings.Contains(slurm.stderr, want) {
		t.Errorf("the replay job does not say %q:\n%s", want, slurm.stderr)
	}
	scripts, _ := filepath.Glob(filepath.Join(dir, "A/slurm", filepath.Base(subs[1][3]), "job.sh"))
	if len(scripts) != 1 {
		t.Fatalf("no batch script of the replay job in %s", subs[1][3])
	}
	if b, _ := os.ReadFile(scripts[0]); !strings.Contains(string(b), "#SBATCH --dependency=aftercorr:"+subs[0][1]+"\n") ||
		!strings.Contains(string(b), "#SBATCH --kill-on-invalid-dep=yes\n") {
		t.Errorf("the replay job's script:\n%s", b)
	}
	local := mustRun(t, dir, "run", "-q", "-results", "B", "replay.toml")
	a, b := resultLines(t, slurm.stdout), resultLines(t, local.stdout)
	if len(a) != 4 || len(b) != 4 {
		t.Fatalf("want 4 runs each (2 learn, 2 replay); slurm:\n%s\nlocal:\n%s", slurm.stdout, local.stdout)
	}
	for name, la := range a {
		lb := b[name]
		if la.state != "computed" || lb.state != "computed" || la.key != lb.key {
			t.Errorf("%s: slurm %+v, local %+v", name, la, lb)
			continue
		}
		for _, f := range runFiles(t, filepath.Join(dir, la.dir)) {
			if ha, hb := fileHash(t, filepath.Join(dir, la.dir, f)), fileHash(t, filepath.Join(dir, lb.dir, f)); ha != hb {
				t.Errorf("%s: %s differs: slurm %.12s, local %.12s", name, f, ha, hb)
			}
		}
	}

	again := mustRun(t, dir, "run", "-executor", "slurm", "-results", "A", "replay.toml")
	if n := strings.Count(again.stdout, "  cached  "); n != 4 || strings.Contains(again.stderr, "submitted") {
		t.Errorf("second slurm run: %d cached\n%s%s", n, again.stdout, again.stderr)
	}

	// The second point of the upstream diverges: its replay does not run.
	writeFile(t, filepath.Join(dir, "diverging.toml"), slurmDiverging)
	writeFile(t, filepath.Join(dir, "after.toml"), strings.Replace(strings.Replace(slurmReplay, "%s", "diverging.toml", 1), `"replay"`, `"after"`, 1))
	bad := invoke(t, dir, "run", "-executor", "slurm", "-results", "A", "after.toml")
	subs = submittedRE.FindAllStringSubmatch(bad.stderr, -1)
	if bad.code != 1 || len(subs) != 2 {
		t.Fatalf("failing chain: exit %d\n%s%s", bad.code, bad.stdout, bad.stderr)
	}
	log := filepath.Join(subs[0][3], "task-1.log")
	for _, want := range []string{
		"ringwave: diverging.toml: diverging[dynamics.lambda=1e+06]: slurm task " + subs[0][1] + "_1 failed (log " + log + "): ",
		"ringwave: after.toml: after[dynamics.lambda=1e+06]: slurm task " + subs[1][1] + "_1 did not run: it waits for slurm task " +
			subs[0][1] + "_1 (diverging[dynamics.lambda=1e+06]), which failed (log " + log + ")",
	} {
		if !strings.Contains(bad.stderr, want) {
			t.Errorf("failing chain: want %q in\n%s", want, bad.stderr)
		}
	}
	if n := strings.Count(bad.stdout, "  computed  "); n != 2 || !strings.Contains(bad.stdout, "after[dynamics.lambda=20]  ") {
		t.Errorf("the good pair of the failing chain was not computed:\n%s", bad.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, subs[1][3], "task-1.log")); err == nil {
		t.Errorf("the replay of the diverged run started (it has a log)")
	}

	// -detach prints every job of the chain.
	writeFile(t, filepath.Join(dir, "learn2.toml"), strings.Replace(strings.Replace(slurmLearn, `"learn"`, `"learn2"`, 1), "periods = 10", "periods = 12", 1))
	writeFile(t, filepath.Join(dir, "replay2.toml"), strings.Replace(strings.Replace(slurmReplay, "%s", "learn2.toml", 1), `"replay"`, `"replay2"`, 1))
	detached := mustRun(t, dir, "run", "-executor", "slurm", "-detach", "-results", "A", "replay2.toml")
	if subs := submittedRE.FindAllStringSubmatch(detached.stdout, -1); len(subs) != 2 {
		t.Fatalf("-detach printed:\n%s%s", detached.stdout, detached.stderr)
	}
	const done = "4 runs: 4 cached, 0 to compute" // learn2's two and replay2's
	afterDetach(t, dir, "replay2.toml", done)
	if st := mustRun(t, dir, "status", "-results", "A", "replay2.toml").stdout; !strings.Contains(st, done) {
		t.Errorf("after the detached chain:\n%s", st)
	}
}
