package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A chain for -executor slurm: a learning sweep of two points; from each,
// a replay (no sweep of its own: task i of the second array starts from
// task i of the first, aftercorr); from each replay, two more runs of a
// sweep of their own (afterok on the whole replay array).
const (
	slurmMore = `name = "more"
model = "full"
[network]
neurons = 16
periods = 10
[dynamics]
learn = false
[init]
from = "replay.toml"
[sweep]
"phi.gain" = [5.0, 10.0]
`
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
	// learn, replay and more; the failing chain's two; the detached
	// chain's two: the cached rerun submitted nothing.
	if n := strings.Count(string(b), "\n"); n != 7 {
		t.Errorf("%d jobs submitted, want 7:\n%s", n, b)
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
// whatever sbatch and squeue are on PATH: naming only the last manifest of
// a three-stage chain submits every stage, the second paired task by task
// with the first, the third after all of the second, and computes bit for
// bit what the local executor does; the rerun
// submits nothing; a failing upstream task fails the command (exit 1)
// naming the downstream run that did not run, the upstream task and its
// log; -detach prints every job's id. afterDetach waits until `status` of
// dir/manifest says status.
func checkSlurmChain(t *testing.T, dir string, afterDetach func(t *testing.T, dir, manifest, status string)) {
	writeFile(t, filepath.Join(dir, "learn.toml"), slurmLearn)
	writeFile(t, filepath.Join(dir, "replay.toml"), strings.Replace(slurmReplay, "%s", "learn.toml", 1))

	writeFile(t, filepath.Join(dir, "more.toml"), slurmMore)

	slurm := mustRun(t, dir, "run", "-executor", "slurm", "-results", "A", "more.toml")
	subs := submittedRE.FindAllStringSubmatch(slurm.stderr, -1)
	if len(subs) != 3 || subs[0][2] != "2" || subs[1][2] != "2" || subs[2][2] != "4" {
		t.Fatalf("want three jobs of 2, 2 and 4 runs (learn, replay, more):\n%s", slurm.stderr)
	}
	for k, dep := range []string{"", "aftercorr:" + subs[0][1], "afterok:" + subs[1][1]} {
		b, err := os.ReadFile(filepath.Join(dir, subs[k][3], "job.sh"))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(b), "#SBATCH --dependency=") || strings.Contains(string(b), "--kill-on-invalid-dep"); dep == "" && got {
			t.Errorf("job %d waits for something:\n%s", k, b)
		}
		if dep != "" && (!strings.Contains(string(b), "#SBATCH --dependency="+dep+"\n") || !strings.Contains(string(b), "#SBATCH --kill-on-invalid-dep=yes\n")) {
			t.Errorf("job %d's script lacks --dependency=%s and --kill-on-invalid-dep=yes:\n%s", k, dep, b)
		}
	}
	for _, want := range []string{"(each task after the same task of job " + subs[0][1] + ")", "(after all of job " + subs[1][1] + ")"} {
		if !strings.Contains(slurm.stderr, want) {
			t.Errorf("the submissions do not say %q:\n%s", want, slurm.stderr)
		}
	}
	local := mustRun(t, dir, "run", "-q", "-results", "B", "more.toml")
	a, b := resultLines(t, slurm.stdout), resultLines(t, local.stdout)
	if len(a) != 8 || len(b) != 8 {
		t.Fatalf("want 8 runs each (2 learn, 2 replay, 4 more); slurm:\n%s\nlocal:\n%s", slurm.stdout, local.stdout)
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

	again := mustRun(t, dir, "run", "-executor", "slurm", "-results", "A", "more.toml")
	if n := strings.Count(again.stdout, "  cached  "); n != 8 || strings.Contains(again.stderr, "submitted") {
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
