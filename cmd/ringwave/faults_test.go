package main

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/npyfile"
)

// TestBadWeightFilesAreRefused: every kind of broken initial-weights file
// is refused with the manifest's file, line and key, and nothing is written.
func TestBadWeightFilesAreRefused(t *testing.T) {
	good := func(n int) []byte {
		var b bytes.Buffer
		b.Write(npyfile.Header([]int{n}))
		b.Write(make([]byte, 8*n))
		return b.Bytes()
	}
	withNaN := func(v float64) func(dir string) error {
		return func(dir string) error {
			w := make([]float64, 16)
			w[7] = v
			_, err := npyfile.WriteFile(filepath.Join(dir, "w0.npy"), w, 16)
			return err
		}
	}
	write := func(b []byte) func(dir string) error {
		return func(dir string) error { return os.WriteFile(filepath.Join(dir, "w0.npy"), b, 0o644) }
	}
	cases := []struct {
		name   string
		make   func(dir string) error
		reason string
	}{
		{"missing", func(string) error { return nil }, "does not exist"},
		{"a directory", func(dir string) error { return os.Mkdir(filepath.Join(dir, "w0.npy"), 0o755) }, "is a directory"},
		{"not npy", write([]byte("w0 = [1, 2, 3]\n")), "not a floating-point .npy array"},
		{"empty", write(nil), "not a floating-point .npy array"},
		{"truncated", write(good(16)[:len(good(16))-10]), "truncated"},
		{"truncated header", write(good(16)[:100]), "truncated header"},
		{"wrong shape", write(good(17)), "has shape [17], the model needs [16]"},
		{"int dtype", write(bytes.Replace(good(16), []byte("<f8"), []byte("<i8"), 1)), `dtype "<i8"`},
		{"bool dtype", write(bytes.Replace(good(16), []byte("'<f8'"), []byte("'|b1'"), 1)), `dtype "|b1"`},
		{"complex dtype", write(bytes.Replace(good(16), []byte("'<f8'"), []byte("'<c8'"), 1)), `dtype "<c8"`},
		{"NaN inside", withNaN(math.NaN()), "holds NaN at flat index 7"},
		{"Inf inside", withNaN(math.Inf(-1)), "holds -Inf at flat index 7"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := c.make(dir); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "m.toml"), "name = \"m\"\nmodel = \"kernel\"\n[network]\nneurons = 16\n[init]\nweights = \"w0.npy\"\n")
			r := invoke(t, dir, "run", "m.toml")
			if r.code != 1 || !strings.Contains(r.stderr, "ringwave: m.toml:6: init.weights ") || !strings.Contains(r.stderr, c.reason) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1, m.toml:6: init.weights and %q", r.code, r.stderr, c.reason)
			}
			if _, err := os.Stat(filepath.Join(dir, "results")); err == nil {
				t.Error("results/ was created")
			}
		})
	}
}

// TestDivergedRunIsNotCached: a run whose rates become NaN stops with the
// step and neuron, and leaves nothing in the cache.
func TestDivergedRunIsNotCached(t *testing.T) {
	dir := t.TempDir()
	// λ·dt/τ_w = 4e3: the decay term overshoots and the weights explode.
	writeFile(t, filepath.Join(dir, "div.toml"), "name = \"div\"\nmodel = \"full\"\n[network]\nneurons = 16\n[dynamics]\nlambda = 1e6\ntau_w = 1e-3\n")
	r := invoke(t, dir, "run", "div.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "ringwave: div.toml: div: simulation diverged at step ") || !strings.Contains(r.stderr, "rate of neuron ") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	complete, tmp := entries(t, dir)
	if len(complete)+len(tmp) != 0 {
		t.Errorf("left in the cache: %v %v", complete, tmp)
	}
}

// mountTmpfs mounts a tmpfs of the given size at a new directory, for tests
// of a full or read-only disk. It needs root; elsewhere the test is skipped.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tmpfs")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// TestFullDisk: runs that do not fit are refused before anything is
// written, with the bytes needed and free; an earlier entry stays intact.
// (A disk that fills during a run is TestFullDiskWhileWriting in package
// executor.)
func TestFullDisk(t *testing.T) {
	disk := mountTmpfs(t, "2m")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	// 256 neurons × 10 periods × 256 steps of activity = 5 MB: too big.
	writeFile(t, filepath.Join(dir, "big.toml"), "name = \"big\"\nmodel = \"kernel\"\n[network]\nneurons = 256\nperiods = 10\n")
	// Each point (850 KB) fits in what is free (1.9 MiB), not the three together.
	writeFile(t, filepath.Join(dir, "sweep.toml"), "name = \"sweep\"\nmodel = \"kernel\"\n[network]\nneurons = 100\nperiods = 10\n[sweep]\nseed = [1, 2, 3]\n")
	results := filepath.Join(disk, "results")
	mustRun(t, dir, "run", "-q", "-results", results, "small.toml")
	before := listTree(t, results)
	for _, c := range []struct{ manifest, want string }{
		{"big.toml", "big.toml: record.activity_every = 1 makes big write 5.1 MiB (5312896 bytes)"},
		{"sweep.toml", "with the 2 other runs to compute, 3.4 MiB"},
	} {
		r := invoke(t, dir, "run", "-q", "-results", results, c.manifest)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) || !strings.Contains(r.stderr, "are free for "+results) || !strings.Contains(r.stderr, "nothing was written") {
			t.Errorf("%s: exit %d, stderr:\n%s", c.manifest, r.code, r.stderr)
		}
	}
	if after := listTree(t, results); after != before {
		t.Errorf("the results changed:\n%s\nwas\n%s", after, before)
	}
	if st := mustRun(t, dir, "status", "-results", results, "big.toml", "small.toml").stdout; !strings.Contains(st, "2 runs: 1 cached, 1 to compute (5.1 MiB to write)") {
		t.Errorf("status after a full disk:\n%s", st)
	}
	mustRun(t, dir, "verify", "-results", results)
}

// TestHugeRunRefusedAtOnce: the kernel model at N = 10^6 would write a PB
// of activity; it is refused in well under a second, having written
// nothing (it wrote 1.9 GB in 8 s).
func TestHugeRunRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "huge.toml"), "name = \"huge\"\nmodel = \"kernel\"\n[network]\nneurons = 1000000\n")
	r := invoke(t, dir, "run", "huge.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "huge.toml: record.activity_every = 1 makes huge write 1091.4 TiB") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, "results/cache/tmp/*")); len(tmp) != 0 {
		t.Errorf("written: %v", tmp)
	}
	if st := mustRun(t, dir, "status", "-v", "huge.toml").stdout; !strings.Contains(st, "size on disk 1091.4 TiB: activity 1091.4 TiB") {
		t.Errorf("status -v:\n%s", st)
	}
}

// TestReadOnlyResults: an unwritable results directory is a clear error and
// earlier entries stay intact.
func TestReadOnlyResults(t *testing.T) {
	disk := mountTmpfs(t, "8m")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	writeFile(t, filepath.Join(dir, "other.toml"), strings.Replace(smallManifest, "neurons = 32", "neurons = 33", 1))
	results := filepath.Join(disk, "results")
	mustRun(t, dir, "run", "-q", "-results", results, "small.toml")
	if out, err := exec.Command("mount", "-o", "remount,ro", disk).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	r := invoke(t, dir, "run", "-q", "-results", results, "other.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "read-only file system") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r := mustRun(t, dir, "run", "-q", "-results", results, "small.toml"); !strings.Contains(r.stdout, "cached") {
		t.Errorf("the earlier entry is not served from a read-only cache: %s", r.stdout)
	}
	mustRun(t, dir, "verify", "-results", results)
}
