package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ringwave/internal/npyfile"
	"ringwave/pipeline/manifest"
)

// A learn → replay chain: a full-model upstream sweep of two points and a
// downstream of two own points that starts from each, learning and input
// off.
const (
	chainUp = `name = "learn"
model = "full"
[network]
neurons = 24
periods = 20
[sweep]
"dynamics.lambda" = [10.0, 20.0]
`
	chainDown = `name = "replay"
model = "full"
[network]
neurons = 24
periods = 10
[dynamics]
learn = false
[input]
stimulate = false
[init]
from = "learn.toml"
[sweep]
"phi.gain" = [5.0, 10.0]
`
)

// chainRecord is what these tests read of run.json.
type chainRecord struct {
	Init struct {
		Source           string `json:"source"`
		Upstream         string `json:"upstream"`
		UpstreamManifest string `json:"upstream_manifest"`
		UpstreamRun      string `json:"upstream_run"`
	} `json:"init"`
	Provenance struct {
		Started  time.Time `json:"started"`
		Finished time.Time `json:"finished"`
	} `json:"provenance"`
}

func readChainRecord(t *testing.T, dir string) chainRecord {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec chainRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestChainRunNamingOnlyTheDownstream: `run DOWN.toml` computes the
// upstream first; each downstream run starts from its upstream point's
// final weights bit for bit, keeps them bit for bit (learning off), starts
// after its upstream was committed, and records where it started from.
func TestChainRunNamingOnlyTheDownstream(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "learn.toml"), chainUp)
	writeFile(t, filepath.Join(dir, "replay.toml"), chainDown)

	// Before anything is computed, status and table say what waits.
	st := mustRun(t, dir, "status", "replay.toml")
	if n := strings.Count(st.stdout, "is missing: ringwave run computes it first"); n != 4 {
		t.Errorf("status names %d runs waiting for their upstream, want 4:\n%s", n, st.stdout)
	}
	tb := invoke(t, dir, "table", "-format", "csv", "replay.toml")
	if n := strings.Count(tb.stdout, ",upstream-missing,"); n != 4 {
		t.Errorf("table has %d rows upstream-missing, want 4:\n%s", n, tb.stdout)
	}

	out := mustRun(t, dir, "run", "-j", "2", "-q", "replay.toml").stdout
	if n := strings.Count(out, "computed"); n != 6 {
		t.Fatalf("%d runs computed, want 2 upstream + 4 downstream:\n%s", n, out)
	}
	paths := strings.Fields(mustRun(t, dir, "path", "replay.toml").stdout)
	if len(paths) != 4 {
		t.Fatalf("path printed %v", paths)
	}
	for i, p := range paths {
		run := filepath.Join(dir, p)
		rec := readChainRecord(t, run)
		wantUp := []string{"learn[dynamics.lambda=10]", "learn[dynamics.lambda=10]", "learn[dynamics.lambda=20]", "learn[dynamics.lambda=20]"}[i]
		if rec.Init.Source != "run" || rec.Init.UpstreamRun != wantUp || rec.Init.UpstreamManifest != "learn.toml" {
			t.Errorf("run %d: init %+v, want from %s of learn.toml", i, rec.Init, wantUp)
		}
		up := filepath.Join(dir, "results", "cache", rec.Init.Upstream[:2], rec.Init.Upstream)
		if !bytes.Equal(readBytes(t, filepath.Join(run, "weights_initial.npy")), readBytes(t, filepath.Join(up, "weights.npy"))) {
			t.Errorf("run %d: weights_initial.npy is not the upstream's weights.npy bit for bit", i)
		}
		if !bytes.Equal(readBytes(t, filepath.Join(run, "weights.npy")), readBytes(t, filepath.Join(run, "weights_initial.npy"))) {
			t.Errorf("run %d: learning off changed the weights", i)
		}
		upRec := readChainRecord(t, up)
		if rec.Provenance.Started.Before(upRec.Provenance.Finished) {
			t.Errorf("run %d started at %v, before its upstream finished at %v", i, rec.Provenance.Started, upRec.Provenance.Finished)
		}
	}
	again := mustRun(t, dir, "run", "replay.toml").stdout
	if strings.Contains(again, "computed") || strings.Count(again, "cached") != 6 {
		t.Errorf("a second run computed something:\n%s", again)
	}

	// gc with the downstream alone keeps its upstream.
	gc := mustRun(t, dir, "gc", "-dry-run", "replay.toml").stdout
	if !strings.Contains(gc, "gc: would remove") || strings.Contains(gc, "cache entries") {
		t.Errorf("gc of the downstream alone would remove cache entries:\n%s", gc)
	}

	// A cosmetic edit upstream keeps every key; a parameter changes them all.
	before := mustRun(t, dir, "path", "replay.toml").stdout
	writeFile(t, filepath.Join(dir, "learn.toml"), "# learned again\ntitle = \"renamed\"\n"+chainUp)
	if after := mustRun(t, dir, "path", "replay.toml").stdout; after != before {
		t.Errorf("a comment and a title upstream changed the downstream's paths")
	}
	writeFile(t, filepath.Join(dir, "learn.toml"), strings.Replace(chainUp, "periods = 20", "periods = 21", 1))
	after := strings.Fields(mustRun(t, dir, "path", "replay.toml").stdout)
	for i := range after {
		if after[i] == paths[i] {
			t.Errorf("run %d kept its key when its upstream ran longer", i)
		}
	}
}

// TestChainCycle: a cycle is an error naming every manifest (exit 1).
// (Chains on a batch executor: slurm_fake_test.go.)
func TestChainCycle(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.toml"), "name = \"a\"\n[init]\nfrom = \"b.toml\"\n")
	writeFile(t, filepath.Join(dir, "b.toml"), "name = \"b\"\n[init]\nfrom = \"a.toml\"\n")
	r := invoke(t, dir, "run", "a.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "a.toml → b.toml → a.toml") || !strings.Contains(r.stderr, "init.from makes a cycle") {
		t.Errorf("exit %d, stderr %q: want 1 and the cycle a → b → a", r.code, r.stderr)
	}
}

// TestDag: the manifests in dependency order with their counts, as text
// and as DOT that Graphviz renders (or, without Graphviz, that is one
// digraph with one node per manifest and the chain's edge).
func TestDag(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "learn.toml"), chainUp)
	writeFile(t, filepath.Join(dir, "replay.toml"), chainDown)
	mustRun(t, dir, "run", "-q", "learn.toml")
	text := mustRun(t, dir, "dag", "replay.toml").stdout
	want := "learn.toml  learn  2 runs: 2 cached, 0 missing\n" +
		"replay.toml  replay  4 runs: 0 cached, 4 missing  from learn.toml\n"
	if text != want {
		t.Errorf("dag:\n%s\nwant\n%s", text, want)
	}
	dot := mustRun(t, dir, "dag", "-format", "dot", "replay.toml").stdout
	for _, s := range []string{"digraph ringwave {", `"learn" -> "replay" [label="init.from"];`, `"replay" [label="replay\nreplay.toml\n4 runs: 0 cached, 4 missing"`} {
		if !strings.Contains(dot, s) {
			t.Errorf("DOT lacks %q:\n%s", s, dot)
		}
	}
	if strings.Count(dot, "{") != strings.Count(dot, "}") || !strings.HasSuffix(dot, "}\n") {
		t.Errorf("DOT is not one balanced graph:\n%s", dot)
	}
	if _, err := exec.LookPath("dot"); err != nil {
		t.Logf("no Graphviz: DOT checked by structure only")
		return
	}
	cmd := exec.Command("dot", "-Tsvg")
	cmd.Stdin = strings.NewReader(dot)
	svg, err := cmd.Output()
	if err != nil || !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("replay.toml")) {
		t.Errorf("dot -Tsvg: %v\n%.300s", err, svg)
	}
}

// TestChainUpstreamFails: a run whose upstream fails is not started, and
// says why; the command fails.
func TestChainUpstreamFails(t *testing.T) {
	dir := t.TempDir()
	// λ·dt/τ_w = 4e3: the decay term overshoots and the weights explode.
	writeFile(t, filepath.Join(dir, "div.toml"), "name = \"div\"\nmodel = \"full\"\n[network]\nneurons = 16\nperiods = 20\n[dynamics]\nlambda = 1e6\ntau_w = 1e-3\n")
	writeFile(t, filepath.Join(dir, "after.toml"), "name = \"after\"\nmodel = \"full\"\n[network]\nneurons = 16\nperiods = 20\n[init]\nfrom = \"div.toml\"\n")
	r := invoke(t, dir, "run", "after.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "div: simulation diverged") ||
		!strings.Contains(r.stderr, "after.toml: after: not computed: its upstream run div (div.toml) failed") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if complete, tmp := entries(t, dir); len(complete)+len(tmp) != 0 {
		t.Errorf("left in the cache: %v %v", complete, tmp)
	}
}

// TestChainOnFakeSlurmOnceUpstreamCached: once the upstream is cached, a
// batch executor computes the downstream, each task loading the chain
// again and starting from the cached weights.
func TestChainOnFakeSlurmOnceUpstreamCached(t *testing.T) {
	bin := t.TempDir()
	writeFile(t, filepath.Join(bin, "sbatch"), fakeSbatch)
	writeFile(t, filepath.Join(bin, "squeue"), "#!/bin/sh\nexit 0\n")
	for _, f := range []string{"sbatch", "squeue"} {
		if err := os.Chmod(filepath.Join(bin, f), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("FAKE_SLURM_LOG", filepath.Join(bin, "submissions"))
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "learn.toml"), chainUp)
	writeFile(t, filepath.Join(dir, "replay.toml"), chainDown)
	mustRun(t, dir, "run", "-q", "learn.toml")
	mustRun(t, dir, "run", "-executor", "slurm", "replay.toml")
	st := mustRun(t, dir, "status", "replay.toml").stdout
	if !strings.Contains(st, "6 runs: 6 cached, 0 to compute") {
		t.Fatalf("after the job:\n%s", st)
	}
	for _, p := range strings.Fields(mustRun(t, dir, "path", "replay.toml").stdout) {
		rec := readChainRecord(t, filepath.Join(dir, p))
		up := filepath.Join(dir, "results", "cache", rec.Init.Upstream[:2], rec.Init.Upstream)
		if !bytes.Equal(readBytes(t, filepath.Join(dir, p, "weights_initial.npy")), readBytes(t, filepath.Join(up, "weights.npy"))) {
			t.Errorf("%s: weights_initial.npy is not its upstream's weights.npy", p)
		}
	}
}

// TestChainAcrossModels: a kernel run that starts from a full run starts
// from the aligned mean of its matrix, and a full run that starts from a
// kernel run from the kernel's circulant matrix (README's rules), bit for
// bit as manifest.AlignedMean and manifest.Circulant compute them.
func TestChainAcrossModels(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "full.toml"), "name = \"full\"\nmodel = \"full\"\n[network]\nneurons = 20\nperiods = 20\n")
	writeFile(t, filepath.Join(dir, "kern.toml"), "name = \"kern\"\nmodel = \"kernel\"\n[network]\nneurons = 20\nperiods = 10\n[init]\nfrom = \"full.toml\"\n")
	writeFile(t, filepath.Join(dir, "back.toml"), "name = \"back\"\nmodel = \"full\"\n[network]\nneurons = 20\nperiods = 10\n[init]\nfrom = \"kern.toml\"\n")
	mustRun(t, dir, "run", "-q", "back.toml")
	read := func(manifestPath, file string) ([]float64, []int) {
		p := strings.TrimSpace(mustRun(t, dir, "path", manifestPath).stdout)
		v, shape, err := npyfile.ReadFile(filepath.Join(dir, p, file))
		if err != nil {
			t.Fatal(err)
		}
		return v, shape
	}
	full, _ := read("full.toml", "weights.npy")
	k0, shape := read("kern.toml", "weights_initial.npy")
	if want := manifest.AlignedMean(full, 20); len(shape) != 1 || !slices.Equal(k0, want) {
		t.Errorf("kernel start %v %v, want the aligned mean %v", shape, k0, want)
	}
	k, _ := read("kern.toml", "weights.npy")
	w0, shape := read("back.toml", "weights_initial.npy")
	if want := manifest.Circulant(k); len(shape) != 2 || !slices.Equal(w0, want) {
		t.Errorf("full start of shape %v is not the kernel's circulant matrix", shape)
	}
}
