package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// twoRuns computes small.toml and other.toml (another seed) in dir.
func twoRuns(t *testing.T, dir string, extra ...string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	writeFile(t, filepath.Join(dir, "other.toml"), strings.Replace(smallManifest, `name = "small"`, `name = "other"`+"\nseed = 9", 1))
	mustRun(t, dir, append(append([]string{"run", "-q"}, extra...), "small.toml", "other.toml")...)
}

// TestGCAsksFirst: gc -dry-run lists what gc would remove, each once, and
// removes nothing; gc of a manifest says what it would delete (count,
// size, the manifest that last used it) and, without a terminal to ask,
// deletes nothing unless given -f; with -f it deletes, keeps the runs of
// the manifest and leaves no link dangling.
func TestGCAsksFirst(t *testing.T) {
	dir := t.TempDir()
	twoRuns(t, dir)
	other, _ := filepath.Abs(filepath.Join(dir, "other.toml"))
	dry := mustRun(t, dir, "gc", "-dry-run", "small.toml")
	if strings.Count(dry.stdout, "would remove results/") != 1 || strings.Count(dry.stdout, "no manifest given uses it") != 1 {
		t.Errorf("gc -dry-run:\n%s", dry.stdout)
	}
	r := invoke(t, dir, "gc", "small.toml")
	if r.code != 2 || !strings.Contains(r.stderr, "would delete 1 cache entries") || !strings.Contains(r.stderr, "gc -f") {
		t.Errorf("gc without -f and without a terminal: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "1 cache entries (") || !strings.Contains(r.stdout, other+": 1 runs") {
		t.Errorf("gc does not say what it would delete and who used it:\n%s", r.stdout)
	}
	if complete, _ := entries(t, dir); len(complete) != 2 {
		t.Fatalf("gc without -f removed entries: %v", complete)
	}
	mustRun(t, dir, "gc", "-f", "small.toml")
	if complete, _ := entries(t, dir); len(complete) != 1 {
		t.Errorf("gc -f: %v", complete)
	}
	if _, err := os.Lstat(filepath.Join(dir, "results/runs/other")); !os.IsNotExist(err) {
		t.Errorf("the link of the removed run is still there (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "results/runs/small/weights.npy")); err != nil {
		t.Errorf("the kept run's link: %v", err)
	}
	if r := mustRun(t, dir, "run", "small.toml"); !strings.Contains(r.stdout, "  cached  ") {
		t.Errorf("gc removed the kept run: %s", r.stdout)
	}
}

// TestGCConfirmOnTerminal: on a terminal gc asks, and deletes only on yes.
func TestGCConfirmOnTerminal(t *testing.T) {
	dir := t.TempDir()
	twoRuns(t, dir)
	defer func(f func() (io.Reader, bool)) { confirmInput = f }(confirmInput)
	results := filepath.Join(dir, "results")
	small := filepath.Join(dir, "small.toml")
	for _, c := range []struct {
		answer string
		left   int
	}{{"\n", 2}, {"no\n", 2}, {"y\n", 1}} {
		confirmInput = func() (io.Reader, bool) { return strings.NewReader(c.answer), true }
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"gc", "-results", results, small}, &stdout, &stderr); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(stderr.String(), "Delete these 1 cache entries") {
			t.Errorf("answer %q: no question asked:\n%s", c.answer, stderr.String())
		}
		if complete, _ := entries(t, dir); len(complete) != c.left {
			t.Errorf("answer %q: %d entries left, want %d", c.answer, len(complete), c.left)
		}
	}
}

// TestGCAndVerifyFailuresAreErrors: on a read-only results directory gc -f
// and verify cannot remove or move anything: both go on to the end, say
// what failed, and exit 1. A results directory that does not exist is an
// error too.
func TestGCAndVerifyFailuresAreErrors(t *testing.T) {
	disk := mountTmpfs(t, "8m")
	dir := t.TempDir()
	results := filepath.Join(disk, "results")
	twoRuns(t, dir, "-results", results)
	for _, e := range []string{"runs/small", "runs/other"} {
		target, _ := filepath.EvalSymlinks(filepath.Join(results, e))
		if err := os.WriteFile(filepath.Join(target, "weights.npy"), []byte("damaged"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", disk).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	v := invoke(t, dir, "verify", "-results", results)
	if v.code != 1 || strings.Count(v.stdout, "CORRUPT") != 2 || strings.Count(v.stdout, "could not be moved aside") != 2 {
		t.Errorf("verify on a read-only cache: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
	g := invoke(t, dir, "gc", "-f", "-results", results, "small.toml")
	if g.code != 1 || !strings.Contains(g.stderr, "gc could not remove 1 of 1 items") || !strings.Contains(g.stderr, "read-only file system") {
		t.Errorf("gc on a read-only cache: exit %d\n%s%s", g.code, g.stdout, g.stderr)
	}
	for _, cmd := range []string{"verify", "gc"} {
		r := invoke(t, dir, cmd, "-results", filepath.Join(dir, "nonexistent"), "small.toml")
		if r.code != 1 || !strings.Contains(r.stderr, "no such results directory") {
			t.Errorf("%s -results nonexistent: exit %d\n%s", cmd, r.code, r.stderr)
		}
	}
}

// TestVerifyFlagsEntriesThatAreNotDirectories: an entry replaced by a
// symlink to an intact copy, or by a file, is corrupt.
func TestVerifyFlagsEntriesThatAreNotDirectories(t *testing.T) {
	for _, kind := range []string{"symlink", "file"} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
			mustRun(t, dir, "run", "-q", "small.toml")
			entry := strings.TrimSpace(mustRun(t, dir, "path", "small.toml").stdout)
			entry = filepath.Join(dir, entry)
			moved := filepath.Join(dir, "elsewhere")
			if err := os.Rename(entry, moved); err != nil {
				t.Fatal(err)
			}
			var err error
			if kind == "symlink" {
				err = os.Symlink(moved, entry)
			} else {
				err = os.WriteFile(entry, []byte("x"), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			v := invoke(t, dir, "verify")
			if v.code != 1 || !strings.Contains(v.stdout, "CORRUPT: the entry is a "+kind+", not a directory") {
				t.Errorf("verify: exit %d\n%s%s", v.code, v.stdout, v.stderr)
			}
			if r := mustRun(t, dir, "run", "-q", "small.toml"); !strings.Contains(r.stdout, "  computed  ") {
				t.Errorf("run after verify: %s", r.stdout)
			}
		})
	}
}

// TestGCQuestionInterrupted: Ctrl-C at gc's question ends gc at once, with
// nothing removed.
func TestGCQuestionInterrupted(t *testing.T) {
	dir := t.TempDir()
	twoRuns(t, dir)
	defer func(f func() (io.Reader, bool)) { confirmInput = f }(confirmInput)
	never, _ := io.Pipe() // a terminal nobody types at
	confirmInput = func() (io.Reader, bool) { return never, true }
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := run(ctx, []string{"gc", "-results", filepath.Join(dir, "results"), filepath.Join(dir, "small.toml")}, io.Discard, io.Discard)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("gc interrupted at its question: %v", err)
	}
	if complete, _ := entries(t, dir); len(complete) != 2 {
		t.Errorf("%d entries left, want 2", len(complete))
	}
}
