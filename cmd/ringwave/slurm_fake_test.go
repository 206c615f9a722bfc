package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeSbatch stands in for Slurm in plain `go test`: it runs every task of
// the array at once, one after the other, with the environment Slurm gives
// them and their output where --output says, then prints a job id. By then
// every task has left the "queue", so the fake squeue lists nothing. It
// honours --dependency as --kill-on-invalid-dep=yes does: a task that
// waits for a task that failed or did not run (aftercorr: the one of the
// same index; afterok: any) does not run and writes no log; such tasks
// are listed in $FAKE_SLURM_LOG.failed as JOB_INDEX.
const fakeSbatch = `#!/bin/sh
for script; do :; done
echo "$*" >>"$FAKE_SLURM_LOG"
failed="$FAKE_SLURM_LOG.failed"
touch "$failed"
job=$((100 + $(wc -l <"$FAKE_SLURM_LOG")))
last=$(sed -n 's/^#SBATCH --array=0-//p' "$script")
out=$(sed -n 's/^#SBATCH --output=//p' "$script" | tr -d '"')
cpus=$(sed -n 's/^#SBATCH --cpus-per-task=//p' "$script")
deps=$(sed -n 's/^#SBATCH --dependency=//p' "$script" | tr ',' ' ')
blocked() {
	for d in $deps; do
		case "$d" in
		aftercorr:*) grep -qx "${d#aftercorr:}_$1" "$failed" && return 0 ;;
		afterok:*) grep -q "^${d#afterok:}_" "$failed" && return 0 ;;
		esac
	done
	return 1
}
i=0
while [ "$i" -le "$last" ]; do
	log=$(echo "$out" | sed "s/%a/$i/")
	if blocked "$i"; then
		echo "${job}_$i" >>"$failed"
	elif ! SLURM_ARRAY_JOB_ID=$job SLURM_ARRAY_TASK_ID=$i SLURM_CPUS_PER_TASK=$cpus SLURM_MEM_PER_NODE=100 sh "$script" >"$log" 2>&1; then
		echo "${job}_$i" >>"$failed"
	fi
	i=$((i + 1))
done
echo "$job"
`

// fakeSlurm puts fakeSbatch and an empty squeue first on PATH and returns
// the file where the fake sbatch logs its command lines.
func fakeSlurm(t *testing.T) string {
	bin := t.TempDir()
	writeFile(t, filepath.Join(bin, "sbatch"), fakeSbatch)
	writeFile(t, filepath.Join(bin, "squeue"), "#!/bin/sh\nexit 0\n")
	for _, f := range []string{"sbatch", "squeue"} {
		if err := os.Chmod(filepath.Join(bin, f), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	submissions := filepath.Join(bin, "submissions")
	t.Setenv("FAKE_SLURM_LOG", submissions)
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return submissions
}

// TestSlurmExecutorWithFakeSlurm checks -executor slurm end to end without
// a cluster: the batch script, the task list, run-task, the reports of
// computed, cached and failed runs.
func TestSlurmExecutorWithFakeSlurm(t *testing.T) {
	submissions := fakeSlurm(t)
	dir := t.TempDir()
	checkSlurmExecutor(t, dir, func(t *testing.T, dir string) {
		st := mustRun(t, dir, "status", "-results", "A", "seeds.toml").stdout
		if !strings.Contains(st, "4 runs: 4 cached, 0 to compute") {
			t.Errorf("after the detached job:\n%s", st)
		}
	})
	// A task whose manifest changed after the submission computes nothing.
	lists, _ := filepath.Glob(filepath.Join(dir, "A/slurm/*/tasks.json"))
	var list string
	for _, l := range lists {
		if b, _ := os.ReadFile(l); strings.Contains(string(b), `"manifest": "sweep.toml"`) {
			list = l
		}
	}
	if list == "" {
		t.Fatalf("no task list of sweep.toml kept among %v", lists)
	}
	writeFile(t, filepath.Join(dir, "sweep.toml"), strings.Replace(slurmSweep, "neurons = 32", "neurons = 33", 1))
	r := invoke(t, dir, "run-task", list, "0")
	if r.code != 1 || !strings.Contains(r.stderr, "ringwave: sweep.toml: no run of this manifest has key ") {
		t.Errorf("run-task on a changed manifest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	b, err := os.ReadFile(submissions)
	if err != nil {
		t.Fatal(err)
	}
	// sweep, diverging, its retry, seeds: the cached rerun submitted nothing.
	if n := strings.Count(string(b), "\n"); n != 4 {
		t.Errorf("%d jobs submitted, want 4:\n%s", n, b)
	}
}

func TestSlurmFlags(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-executor", "pbs"}, `-executor must be local or slurm (got "pbs")`},
		{[]string{"-detach"}, "-detach needs -executor slurm"},
		{[]string{"-mem", "4G"}, "-mem needs -executor slurm"},
		{[]string{"-executor", "slurm", "-force"}, "-force and -j are for -executor local"},
		{[]string{"-executor", "slurm", "-cpus-per-task", "0"}, "-cpus-per-task must be ≥ 1 (got 0)"},
		{[]string{"-executor", "slurm", "-slurm-opts", "account=lab"}, "-slurm-opts must be sbatch options"},
	}
	for _, c := range cases {
		r := invoke(t, dir, append(append([]string{"run"}, c.args...), "small.toml")...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("run %v: exit %d\n%s\nwant exit 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "results")); err == nil {
		t.Error("a refused command line created results/")
	}
}
