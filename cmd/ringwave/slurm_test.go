package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"ringwave/pipeline/executor"
)

// TestSlurmCluster runs the Slurm executor on a real cluster: the one
// tools/slurm-test-cluster.sh starts for `make test-slurm`, which sets
// RINGWAVE_SLURM=1 and SLURM_CONF. Without RINGWAVE_SLURM it is skipped.
func TestSlurmCluster(t *testing.T) {
	if os.Getenv("RINGWAVE_SLURM") == "" {
		t.Skip("needs a Slurm cluster: make test-slurm")
	}
	if _, err := exec.LookPath("sbatch"); err != nil {
		t.Fatalf("RINGWAVE_SLURM is set but Slurm is not installed: %v", err)
	}
	checkSlurmExecutor(t, t.TempDir(), func(t *testing.T, dir string) {
		// The detached job computes on; status reads the cache.
		deadline := time.Now().Add(2 * time.Minute)
		for {
			st := mustRun(t, dir, "status", "-results", "A", "seeds.toml").stdout
			if strings.Contains(st, "4 runs: 4 cached, 0 to compute") {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the detached job did not finish in 2 minutes:\n%s", st)
			}
			time.Sleep(time.Second)
		}
	})
}

// slurmSweep is a 4-point sweep of runs of a few milliseconds.
const slurmSweep = `name = "sweep"
model = "kernel"
[network]
neurons = 32
periods = 10
[record]
weights_every = 16
[slurm]
time = "5"
[sweep]
"dynamics.lambda" = [5.0, 10.0, 20.0, 40.0]
`

// slurmDiverging passes validation, but its second run diverges when it is
// computed: a failed task.
const slurmDiverging = `name = "diverging"
model = "full"
[network]
neurons = 16
periods = 10
[dynamics]
tau_w = 1e-3
[sweep]
"dynamics.lambda" = [20.0, 1e6]
`

var submittedRE = regexp.MustCompile(`submitted slurm job (\d+): (\d+) runs? to compute; logs in (\S+)`)

// checkSlurmExecutor is the contract of -executor slurm, on whatever sbatch
// and squeue are on PATH. afterDetach waits until a detached job of the
// four runs of dir/seeds.toml is done.
func checkSlurmExecutor(t *testing.T, dir string, afterDetach func(t *testing.T, dir string)) {
	writeFile(t, filepath.Join(dir, "sweep.toml"), slurmSweep)
	writeFile(t, filepath.Join(dir, "diverging.toml"), slurmDiverging)

	slurm := mustRun(t, dir, "run", "-executor", "slurm", "-results", "A", "sweep.toml")
	if m := submittedRE.FindStringSubmatch(slurm.stderr); m == nil || m[2] != "4" {
		t.Fatalf("no job of 4 runs submitted:\n%s", slurm.stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "A/slurm/*/ringwave")); len(left) != 0 {
		t.Errorf("the program's copy outlived the job: %v", left)
	}
	local := mustRun(t, dir, "run", "-q", "-results", "B", "sweep.toml")
	a, b := resultLines(t, slurm.stdout), resultLines(t, local.stdout)
	if len(a) != 4 || len(b) != 4 {
		t.Fatalf("want 4 runs each; slurm:\n%s\nlocal:\n%s", slurm.stdout, local.stdout)
	}
	for name, la := range a {
		lb := b[name]
		if la.state != "computed" || lb.state != "computed" || la.key != lb.key {
			t.Errorf("%s: slurm %+v, local %+v", name, la, lb)
			continue
		}
		// Bit for bit: every file the run lists, compared byte for byte by hash.
		files := runFiles(t, filepath.Join(dir, la.dir))
		if len(files) < 4 {
			t.Errorf("%s: run.json lists %d files", name, len(files))
		}
		for _, f := range files {
			ha, hb := fileHash(t, filepath.Join(dir, la.dir, f)), fileHash(t, filepath.Join(dir, lb.dir, f))
			if ha != hb {
				t.Errorf("%s: %s differs: slurm %.12s, local %.12s", name, f, ha, hb)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "A/runs/sweep", name[len("sweep["):len(name)-1], "weights.npy")); err != nil {
			t.Errorf("%s: by-name link: %v", name, err)
		}
	}

	again := mustRun(t, dir, "run", "-executor", "slurm", "-results", "A", "sweep.toml")
	if n := strings.Count(again.stdout, "  cached  "); n != 4 || strings.Contains(again.stderr, "submitted") {
		t.Errorf("second slurm run: %d cached\n%s%s", n, again.stdout, again.stderr)
	}

	bad := invoke(t, dir, "run", "-executor", "slurm", "-results", "A", "diverging.toml")
	m := submittedRE.FindStringSubmatch(bad.stderr)
	if bad.code != 1 || m == nil || m[2] != "2" {
		t.Fatalf("diverging run: exit %d\n%s%s", bad.code, bad.stdout, bad.stderr)
	}
	if !strings.Contains(bad.stdout, "diverging[dynamics.lambda=20]  ") || !strings.Contains(bad.stdout, "  computed  ") {
		t.Errorf("the good run of the diverging sweep was not computed:\n%s", bad.stdout)
	}
	log := filepath.Join(m[3], "task-1.log")
	want := "ringwave: diverging.toml: diverging[dynamics.lambda=1e+06]: slurm task " + m[1] + "_1 failed (log " + log + "): diverging.toml: diverging[dynamics.lambda=1e+06]: simulation diverged"
	if !strings.Contains(bad.stderr, want) {
		t.Errorf("failure message: want %q in\n%s", want, bad.stderr)
	}
	if b, err := os.ReadFile(filepath.Join(dir, log)); err != nil || !strings.Contains(string(b), "diverged") {
		t.Errorf("the task's log %s: %v\n%s", log, err, b)
	}
	retry := invoke(t, dir, "run", "-executor", "slurm", "-results", "A", "diverging.toml")
	if m := submittedRE.FindStringSubmatch(retry.stderr); retry.code != 1 || m == nil || m[2] != "1" {
		t.Errorf("rerun submits only the missing run: exit %d\n%s%s", retry.code, retry.stdout, retry.stderr)
	}

	writeFile(t, filepath.Join(dir, "seeds.toml"), strings.Replace(strings.Replace(slurmSweep, `"sweep"`, `"seeds"`, 1), "[sweep]\n", "[sweep]\nseed = [7]\n", 1))
	detached := mustRun(t, dir, "run", "-executor", "slurm", "-detach", "-results", "A", "seeds.toml")
	if m := submittedRE.FindStringSubmatch(detached.stdout); m == nil || m[2] != "4" {
		t.Fatalf("-detach printed:\n%s%s", detached.stdout, detached.stderr)
	}
	afterDetach(t, dir)
}

type resultLine struct{ key, state, dir string }

// resultLines reads run's "name  key  state  dir" lines by name.
func resultLines(t *testing.T, out string) map[string]resultLine {
	t.Helper()
	lines := map[string]resultLine{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		r, ok := executor.ParseResultLine(l)
		if !ok {
			t.Fatalf("not a result line: %q", l)
		}
		state := "cached"
		if r.Computed {
			state = "computed"
		}
		lines[r.Name] = resultLine{r.Key, state, r.Dir}
	}
	return lines
}

// runFiles returns the files a run's run.json lists.
func runFiles(t *testing.T, dir string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec struct{ Files []struct{ Name string } }
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range rec.Files {
		names = append(names, f.Name)
	}
	return names
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
