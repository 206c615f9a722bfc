package slurm

import (
	"os"
	"path/filepath"
	"reflect"
	"ringwave/internal/runtest"
	"ringwave/pipeline/manifest"
	"strings"
	"testing"
)

func TestBatchScript(t *testing.T) {
	job := slurmJob{
		Dir: "/shared/my results/slurm/20260101-000000-abcdef", Program: "/shared/my results/slurm/20260101-000000-abcdef/ringwave",
		Tasks: 4, Options: Options{Partition: "short", Time: "2:00:00", CPUsPerTask: 2, Mem: "300M", Options: []string{"--qos=low"}},
	}
	// Spaces in the results directory: the --output value is quoted for
	// Slurm, the paths on the exec line for sh. The --qos option goes on
	// sbatch's command line, not here.
	want := `#!/bin/sh
# Written by 'ringwave run -executor slurm': task i computes run i of
# tasks.json into the shared results directory.
#SBATCH --job-name=ringwave
#SBATCH --array=0-3
#SBATCH --output="/shared/my results/slurm/20260101-000000-abcdef/task-%a.log"
#SBATCH --cpus-per-task=2
#SBATCH --mem=300M
#SBATCH --partition=short
#SBATCH --time=2:00:00
export GOMAXPROCS="${SLURM_CPUS_PER_TASK:-1}"
if [ -n "$SLURM_MEM_PER_NODE" ]; then export GOMEMLIMIT="${SLURM_MEM_PER_NODE}MiB"; fi
exec '/shared/my results/slurm/20260101-000000-abcdef/ringwave' run-task '/shared/my results/slurm/20260101-000000-abcdef/tasks.json' "$SLURM_ARRAY_TASK_ID"
`
	if got := job.batchScript(); got != want {
		t.Errorf("script:\n%s\nwant:\n%s", got, want)
	}

	// Unset partition and time are left to the cluster's defaults; a % in
	// the directory is not one of Slurm's patterns, a ' not the end of an sh string.
	job = slurmJob{Dir: "/r/50%'s/slurm/x", Program: "/r/50%'s/slurm/x/ringwave", Tasks: 1, Options: Options{CPUsPerTask: 1, Mem: "81M"}}
	got := job.batchScript()
	for _, line := range []string{"#SBATCH --array=0-0\n", "#SBATCH --output=/r/50%%'s/slurm/x/task-%a.log\n",
		`exec '/r/50%'\''s/slurm/x/ringwave' run-task '/r/50%'\''s/slurm/x/tasks.json'`} {
		if !strings.Contains(got, line) {
			t.Errorf("script lacks %q:\n%s", line, got)
		}
	}
	if strings.Contains(got, "--partition") || strings.Contains(got, "--time") {
		t.Errorf("unset options in the script:\n%s", got)
	}
}

func TestMemoryRequest(t *testing.T) {
	dir := t.TempDir()
	runs := expand(t, runtest.WriteManifest(t, dir, "k.toml", runtest.Base))
	// memoryEstimate of the kernel model at N = 32, delay 75 steps:
	// 3·8·32 (weights) + 8·32·76 (delay line) + 64 MiB = 67129088 bytes;
	// a quarter more is 80.02 MiB, rounded up.
	if got := memoryRequest(runs); got != "81M" {
		t.Errorf("memoryRequest = %s, want 81M", got)
	}
	// The largest run decides: full N = 2000 needs 3·8·2000² + 8·2000·76 + 64 MiB
	// = 164324864 bytes, ·1.25 = 195.9 MiB.
	big := expand(t, runtest.WriteManifest(t, dir, "f.toml", "name = \"f\"\n[network]\nneurons = 2000\nperiods = 2\n"))
	if got := memoryRequest(append(runs, big...)); got != "196M" {
		t.Errorf("memoryRequest = %s, want 196M", got)
	}
}

func TestSlurmSettingsPrecedence(t *testing.T) {
	dir := t.TempDir()
	load := func(name, slurm string) []*manifest.Run {
		return expand(t, runtest.WriteManifest(t, dir, name+".toml", "name = \""+name+"\"\nmodel = \"kernel\"\n[network]\nneurons = 32\n"+slurm))
	}
	plain := load("plain", "")
	a := load("a", "[slurm]\npartition = \"short\"\ntime = \"10\"\ncpus_per_task = 2\nmem = \"1G\"\noptions = [\"--account=lab\"]\n")
	b := load("b", "[slurm]\npartition = \"long\"\n")
	c := load("c", "[slurm]\noptions = [\"--qos=x\"]\n")
	all := func(rs ...[]*manifest.Run) (out []*manifest.Run) {
		for _, r := range rs {
			out = append(out, r...)
		}
		return out
	}
	cases := []struct {
		name     string
		runs     []*manifest.Run
		override Options
		want     Options
		err      string
	}{
		{"defaults", plain, Options{}, Options{CPUsPerTask: 1, Mem: "81M"}, ""},
		{"manifest", a, Options{}, Options{Partition: "short", Time: "10", CPUsPerTask: 2, Mem: "1G", Options: []string{"--account=lab"}}, ""},
		{"a manifest without [slurm] takes the other's", all(plain, a), Options{},
			Options{Partition: "short", Time: "10", CPUsPerTask: 2, Mem: "1G", Options: []string{"--account=lab"}}, ""},
		{"flags win, options add", a, Options{Partition: "gpu", Time: "5", CPUsPerTask: 8, Mem: "2G", Options: []string{"--qos=y"}},
			Options{Partition: "gpu", Time: "5", CPUsPerTask: 8, Mem: "2G", Options: []string{"--account=lab", "--qos=y"}}, ""},
		{"conflict", all(a, b), Options{}, Options{}, "a.toml and " + filepath.Join(dir, "b.toml") + " set different slurm.partition (one job array takes one value: make them agree or give -partition)"},
		{"a flag settles a conflict", all(a, b), Options{Partition: "gpu"},
			Options{Partition: "gpu", Time: "10", CPUsPerTask: 2, Mem: "1G", Options: []string{"--account=lab"}}, ""},
		{"options conflict", all(a, c), Options{Options: []string{"--qos=z"}}, Options{}, "set different slurm.options (one job array takes one value: make them agree)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := settings(c.runs, c.override)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestSlurmTable(t *testing.T) {
	dir := t.TempDir()
	without := expand(t, runtest.WriteManifest(t, dir, "a.toml", runtest.Base))[0]
	with := expand(t, runtest.WriteManifest(t, dir, "b.toml", runtest.Base+"[slurm]\npartition = \"short\"\ncpus_per_task = 4\noptions = [\"--account\", \"lab\"]\n"))[0]
	if with.Key != without.Key {
		t.Errorf("[slurm] changed the key: %.12s, without it %.12s", with.Key, without.Key)
	}
	if s := optionsOf(with.Manifest); s.Partition != "short" || s.CPUsPerTask != 4 || len(s.Options) != 2 {
		t.Errorf("decoded %+v", s)
	}

	bad := []struct{ body, want string }{
		{"[slurm]\npartiton = \"short\"\n", "bad.toml:12: slurm.partiton is not a manifest key (did you mean slurm.partition?)"},
		{"[slurm]\ncpus_per_task = 0\n", "bad.toml:12: slurm.cpus_per_task must be ≥ 1 (got 0)"},
		{"[slurm]\nmem = \"4 G\"\n", `bad.toml:12: slurm.mem must be one word without spaces or quotes, as sbatch takes it, e.g. "4G" (got "4 G")`},
		{"[slurm]\ntime = 30\n", "bad.toml:12: slurm.time has the wrong type"},
		{"[slurm]\noptions = [\"account=lab\"]\n", `bad.toml:12: slurm.options must be sbatch options such as "--account=lab" (got "account=lab")`},
		{"[sweep]\n\"slurm.mem\" = [\"1G\"]\n", "unknown key slurm.mem"},
	}
	for _, c := range bad {
		_, err := manifest.Load(runtest.WriteManifest(t, dir, "bad.toml", runtest.Base+c.body), Section)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.body, err, c.want)
		}
	}
}

func TestParseQueue(t *testing.T) {
	// squeue --noheader --array --format "%K|%T|%r" on the test cluster,
	// a job array of four tasks on two CPUs.
	out := "2|PENDING|Resources\n3|PENDING|Resources\n0|RUNNING|None\n1|COMPLETING|None\n"
	q := parseQueue(out)
	want := map[int]string{0: "running", 1: "completing", 2: "pending (Resources)", 3: "pending (Resources)"}
	if len(q) != len(want) {
		t.Fatalf("parseQueue = %v, want %v", q, want)
	}
	for i, s := range want {
		if q[i] != s {
			t.Errorf("task %d: %q, want %q", i, q[i], s)
		}
	}
	if got := queueStatus("12", 5, q); got != "slurm job 12: 5 done, 1 completing, 1 running, 2 pending (Resources)" {
		t.Errorf("status line %q", got)
	}
	if q := parseQueue(""); len(q) != 0 {
		t.Errorf("empty queue: %v", q)
	}
}

func TestLastWords(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ log, want string }{
		{"task 1: x on n1\nringwave: x: simulation diverged at step 139\n", "x: simulation diverged at step 139"},
		{"task 1: x on n1\nslurmstepd: error: *** JOB 13 ON n1 CANCELLED DUE TO TIME LIMIT ***\n", "slurmstepd: error: *** JOB 13 ON n1 CANCELLED DUE TO TIME LIMIT ***"},
		{"task 1: x on n1\n", "task 1: x on n1"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, "task.log")
		if err := os.WriteFile(path, []byte(c.log), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := lastWords(path); got != c.want {
			t.Errorf("lastWords(%q) = %q, want %q", c.log, got, c.want)
		}
	}
	if got := lastWords(filepath.Join(dir, "none.log")); !strings.Contains(got, "no log") {
		t.Errorf("without a log: %q", got)
	}
}

// expand loads a manifest with its [slurm] table and returns its runs.
func expand(t *testing.T, path string) []*manifest.Run {
	t.Helper()
	return runtest.Expand(t, path, Section)
}
