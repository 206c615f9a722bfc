package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ringwave/internal/numpytest"
)

const (
	// exportSingle is a full run with a weights history: all four arrays.
	exportSingle = `name = "single"
model = "full"
[network]
neurons = 16
periods = 10
[record]
weights_every = 20
`
	// exportSweep is a two-point kernel sweep that names exportSingle as its
	// reference, which export must leave out.
	exportSweep = `name = "sweep"
model = "kernel"
reference = "single.toml"
[network]
neurons = 32
periods = 10
[sweep]
"dynamics.lambda" = [10.0, 20.0]
`
)

// checkNPZ is run by NumPy: argv[1] is a JSON list of {npz, prefix, run}.
// Every member of every .npz must be expected, every array of a run must be
// its .npy bit for bit, and run_json its run.json. It prints the number of
// members checked.
const checkNPZ = `
import json, sys
import numpy as np
spec = json.loads(sys.argv[1])
bad, checked, want = [], 0, {}
for e in spec:
    meta = json.load(open(e["run"] + "/run.json"))
    keys = [f["name"][:-4] for f in meta["files"]] + ["run_json"]
    want.setdefault(e["npz"], set()).update(e["prefix"] + k for k in keys)
    with np.load(e["npz"], allow_pickle=False) as z:
        for f in meta["files"]:
            a = z[e["prefix"] + f["name"][:-4]]
            b = np.load(e["run"] + "/" + f["name"], mmap_mode="r")
            if a.dtype != np.dtype("<f8") or not a.flags.c_contiguous or a.shape != b.shape \
                    or not np.array_equal(a.view(np.uint64), b.view(np.uint64)):
                bad.append(f"{e['npz']}: {e['prefix']}{f['name']} is not {e['run']}/{f['name']}")
            checked += 1
        s = z[e["prefix"] + "run_json"]
        if s.shape != () or s.dtype.kind != "U" or json.loads(s.item()) != meta or meta["key"] != e["key"]:
            bad.append(f"{e['npz']}: {e['prefix']}run_json is not {e['run']}/run.json")
        checked += 1
for npz, keys in want.items():
    with np.load(npz, allow_pickle=False) as z:
        if set(z.files) != keys:
            bad.append(f"{npz}: members {sorted(z.files)}, want {sorted(keys)}")
print("\n".join(bad), file=sys.stderr)
print(checked)
sys.exit(1 if bad else 0)
`

func TestExportRoundTrip(t *testing.T) {
	numpytest.Python(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "single.toml"), exportSingle)
	writeFile(t, filepath.Join(dir, "sweep.toml"), exportSweep)

	// Not computed: refused, naming the command, and nothing written.
	r := invoke(t, dir, "export", "sweep.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "is not computed yet (ringwave run sweep.toml)") {
		t.Errorf("export before run: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "results/exports")); err == nil {
		t.Error("a refused export created results/exports")
	}

	mustRun(t, dir, "run", "-q", "sweep.toml") // and its reference
	lines := func(s ...string) string { return strings.Join(s, "\n") + "\n" }
	points := []string{"dynamics.lambda=10", "dynamics.lambda=20"}
	if out := mustRun(t, dir, "export", "sweep.toml").stdout; out != lines(
		"results/exports/sweep/"+points[0]+".npz", "results/exports/sweep/"+points[1]+".npz") {
		t.Errorf("export sweep.toml printed\n%s", out)
	}
	if out := mustRun(t, dir, "export", "single.toml").stdout; out != lines("results/exports/single.npz") {
		t.Errorf("export single.toml printed\n%s", out)
	}
	mustRun(t, dir, "export", "-o", "sweep.npz", "sweep.toml")
	if out := mustRun(t, dir, "export", "-o", "both.npz", "sweep.toml", "single.toml").stdout; out != lines("both.npz") {
		t.Errorf("export -o both.npz printed\n%s", out)
	}

	key := func(manifest string) []string {
		return strings.Fields(mustRun(t, dir, "path", manifest).stdout)
	}
	singleKey, sweepKeys := filepath.Base(key("single.toml")[0]), key("sweep.toml")
	type entry struct {
		NPZ    string `json:"npz"`
		Prefix string `json:"prefix"`
		Run    string `json:"run"`
		Key    string `json:"key"`
	}
	spec := []entry{
		{"results/exports/single.npz", "", "results/runs/single", singleKey},
		{"both.npz", "single/", "results/runs/single", singleKey},
	}
	for i, p := range points {
		run, k := "results/runs/sweep/"+p, filepath.Base(sweepKeys[i])
		spec = append(spec,
			entry{"results/exports/sweep/" + p + ".npz", "", run, k},
			entry{"sweep.npz", p + "/", run, k},
			entry{"both.npz", "sweep/" + p + "/", run, k})
	}
	b, _ := json.Marshal(spec)
	py := python(t, dir, "-c", checkNPZ, string(b))
	if py.code != 0 {
		t.Fatalf("NumPy: exit %d\n%s%s", py.code, py.stdout, py.stderr)
	}
	// single: 4 arrays and run_json, in 2 files; each sweep point: 3 arrays
	// and run_json, in 3 files.
	if got, want := strings.TrimSpace(py.stdout), strconv.Itoa(2*5+2*3*4); got != want {
		t.Errorf("NumPy checked %s members, want %s", got, want)
	}

	// An export is a function of the runs: byte for byte the same again.
	mustRun(t, dir, "export", "-o", "again.npz", "sweep.toml", "single.toml")
	first, _ := os.ReadFile(filepath.Join(dir, "both.npz"))
	again, _ := os.ReadFile(filepath.Join(dir, "again.npz"))
	if len(first) == 0 || !bytes.Equal(first, again) {
		t.Errorf("exporting the same runs twice gave different files (%d, %d bytes)", len(first), len(again))
	}
}

// TestExportAllOrNothing: flags may follow the manifests; the hint to run
// keeps -results; a damaged point fails the export of a whole sweep with
// nothing written (the points before it were written and kept); an
// interrupted export writes nothing and is reported as interrupted.
func TestExportAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "single.toml"), exportSingle)
	writeFile(t, filepath.Join(dir, "sweep.toml"), exportSweep)
	if r := invoke(t, dir, "export", "sweep.toml", "-results", "elsewhere"); r.code != 1 || !strings.Contains(r.stderr, "(ringwave run -results elsewhere sweep.toml)") {
		t.Errorf("the hint drops -results: exit %d\n%s", r.code, r.stderr)
	}
	mustRun(t, dir, "run", "-q", "sweep.toml")
	if out := mustRun(t, dir, "export", "sweep.toml", "-o", "x.npz").stdout; out != "x.npz\n" {
		t.Errorf("export MANIFEST -o FILE printed %q", out)
	}
	second := filepath.Join(dir, "results/runs/sweep/dynamics.lambda=20/weights.npy")
	b, err := os.ReadFile(second)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 1
	if err := os.WriteFile(second, b, 0o644); err != nil { // a new file: lookups notice too
		t.Fatal(err)
	}
	if r := invoke(t, dir, "export", "sweep.toml"); r.code != 1 {
		t.Errorf("export of a damaged sweep: exit %d\n%s", r.code, r.stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "results/exports/*/*")); len(left) > 0 {
		t.Errorf("a failed export left %v", left)
	}
	mustRun(t, dir, "run", "-q", "sweep.toml")
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as main does at the first SIGINT
	err = run(ctx, []string{"export", "-results", filepath.Join(dir, "results"), "-o", filepath.Join(dir, "y.npz"), filepath.Join(dir, "sweep.toml")}, io.Discard, io.Discard)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("an interrupted export: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*y.npz*")); len(left) > 0 {
		t.Errorf("an interrupted export left %v", left)
	}
}
