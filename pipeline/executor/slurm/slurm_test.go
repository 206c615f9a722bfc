package slurm

import (
	"path/filepath"
	"reflect"
	"ringwave/internal/runtest"
	"ringwave/pipeline/executor/batch"
	"ringwave/pipeline/manifest"
	"strings"
	"testing"
)

func TestBatchScript(t *testing.T) {
	const dir = "/shared/my results/slurm/20260101-000000-abcdef"
	job := slurmJob{
		Array:   batch.Array{Dir: dir, Command: []string{dir + "/ringwave", "run-task", dir + "/tasks.json"}, Tasks: 4},
		Options: Options{Partition: "short", Time: "2:00:00", CPUsPerTask: 2, Mem: "300M", Options: []string{"--qos=low"}},
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
	job = slurmJob{Array: batch.Array{Dir: "/r/50%'s/slurm/x", Command: []string{"/r/50%'s/slurm/x/ringwave", "run-task", "/r/50%'s/slurm/x/tasks.json"}, Tasks: 1},
		Options: Options{CPUsPerTask: 1, Mem: "81M"}}
	got := job.batchScript()
	for _, line := range []string{"#SBATCH --array=0-0\n", "#SBATCH --output=/r/50%%'s/slurm/x/task-%a.log\n",
		`exec '/r/50%'\''s/slurm/x/ringwave' run-task '/r/50%'\''s/slurm/x/tasks.json'`} {
		if !strings.Contains(got, line) {
			t.Errorf("script lacks %q:\n%s", line, got)
		}
	}
	if strings.Contains(got, "--partition") || strings.Contains(got, "--time") || strings.Contains(got, "--dependency") {
		t.Errorf("unset options in the script:\n%s", got)
	}
	// Slurm writes task i's output where the driver reads it.
	if log := job.Log(0); !strings.Contains(got, "--output="+strings.ReplaceAll(strings.TrimSuffix(log, "0.log"), "%", "%%")+"%a.log\n") {
		t.Errorf("the script's --output is not %s:\n%s", log, got)
	}
}

// TestDependencies: an array that waits for others gets sbatch's
// --dependency, aftercorr pairing task i with task i, afterok waiting for
// a whole job, and leaves the queue if its upstream fails.
func TestDependencies(t *testing.T) {
	cases := []struct {
		after []batch.Dependency
		want  string
	}{
		{[]batch.Dependency{{Job: "4711", Pairing: batch.AfterSame}}, "#SBATCH --dependency=aftercorr:4711\n#SBATCH --kill-on-invalid-dep=yes\n"},
		{[]batch.Dependency{{Job: "12", Pairing: batch.AfterAll}}, "#SBATCH --dependency=afterok:12\n#SBATCH --kill-on-invalid-dep=yes\n"},
		{[]batch.Dependency{{Job: "12", Pairing: batch.AfterAll}, {Job: "13", Pairing: batch.AfterSame}},
			"#SBATCH --dependency=afterok:12,aftercorr:13\n#SBATCH --kill-on-invalid-dep=yes\n"},
	}
	for _, c := range cases {
		job := slurmJob{Array: batch.Array{Dir: "/r/slurm/x", Command: []string{"/r/slurm/x/ringwave", "run-task", "/r/slurm/x/tasks.json"}, Tasks: 3, After: c.after},
			Options: Options{CPUsPerTask: 1, Mem: "81M"}}
		got := job.batchScript()
		if !strings.Contains(got, c.want) {
			t.Errorf("dependencies %+v: want\n%sin\n%s", c.after, c.want, got)
		}
		if strings.Count(got, "--dependency") != 1 {
			t.Errorf("dependencies %+v: one --dependency line wanted:\n%s", c.after, got)
		}
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
	if q := parseQueue(""); len(q) != 0 {
		t.Errorf("empty queue: %v", q)
	}
}

// expand loads a manifest with its [slurm] table and returns its runs.
func expand(t *testing.T, path string) []*manifest.Run {
	t.Helper()
	return runtest.Expand(t, path, Section)
}
