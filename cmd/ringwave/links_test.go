package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinksLeaveUsersFilesAlone: a manifest that gains or loses its sweep
// moves its links under results/runs/ either way; ringwave removes only its
// own links there, never a file the user put beside them, and says what is
// in the way. gc removes links it left dangling, and only those.
func TestLinksLeaveUsersFilesAlone(t *testing.T) {
	dir := t.TempDir()
	single := strings.Replace(smallManifest, `name = "small"`, `name = "sw"`, 1)
	sweep := single + "[sweep]\nseed = [1, 2]\n"
	runs := filepath.Join(dir, "results/runs")
	isLink := func(p string) bool {
		st, err := os.Lstat(p)
		return err == nil && st.Mode()&os.ModeSymlink != 0
	}

	// Sweep → single → sweep, with nothing of the user's: links move.
	writeFile(t, filepath.Join(dir, "sw.toml"), sweep)
	mustRun(t, dir, "run", "-q", "sw.toml")
	writeFile(t, filepath.Join(dir, "sw.toml"), single)
	mustRun(t, dir, "run", "-q", "sw.toml")
	if !isLink(filepath.Join(runs, "sw")) {
		t.Fatal("runs/sw is not a link after the sweep was removed")
	}
	writeFile(t, filepath.Join(dir, "sw.toml"), sweep)
	mustRun(t, dir, "run", "-q", "sw.toml")
	if !isLink(filepath.Join(runs, "sw", "seed=1")) {
		t.Fatal("runs/sw/seed=1 is not a link after the sweep came back")
	}

	// The user's notes in the sweep's directory: kept, and the run says so.
	notes := filepath.Join(runs, "sw", "NOTES.txt")
	writeFile(t, notes, "lambda = 1 looked odd\n")
	writeFile(t, filepath.Join(dir, "sw.toml"), single)
	r := invoke(t, dir, "run", "-q", "sw.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "holding NOTES.txt, which ringwave did not make") {
		t.Errorf("run with the user's notes in the way: exit %d\n%s", r.code, r.stderr)
	}
	if b, err := os.ReadFile(notes); err != nil || string(b) != "lambda = 1 looked odd\n" {
		t.Fatalf("the user's notes: %q, %v", b, err)
	}
	if !isLink(filepath.Join(runs, "sw", "seed=2")) {
		t.Error("a refused link change removed the sweep's links")
	}

	// gc -f of nothing: every entry goes, and so do their links, not the notes.
	writeFile(t, filepath.Join(dir, "none.toml"), "name = \"none\"\nmodel = \"kernel\"\n[network]\nneurons = 8\n")
	mustRun(t, dir, "gc", "-f", "none.toml")
	if isLink(filepath.Join(runs, "sw", "seed=1")) || isLink(filepath.Join(runs, "sw", "seed=2")) {
		t.Error("gc left links to the entries it removed")
	}
	if _, err := os.Stat(notes); err != nil {
		t.Errorf("gc removed the user's notes: %v", err)
	}

	// A file or a symlink of the user's where a link goes.
	for _, kind := range []string{"file", "symlink"} {
		os.RemoveAll(filepath.Join(runs, "sw"))
		if kind == "file" {
			writeFile(t, filepath.Join(runs, "sw"), "mine\n")
		} else if err := os.Symlink(dir, filepath.Join(runs, "sw")); err != nil {
			t.Fatal(err)
		}
		r := invoke(t, dir, "run", "-q", "sw.toml")
		if r.code != 1 || !strings.Contains(r.stderr, "is a "+kind+" ringwave did not make") {
			t.Errorf("run with a %s of the user's in the way: exit %d\n%s", kind, r.code, r.stderr)
		}
		if kind == "file" {
			if b, _ := os.ReadFile(filepath.Join(runs, "sw")); string(b) != "mine\n" {
				t.Errorf("the user's file: %q", b)
			}
		} else if target, _ := os.Readlink(filepath.Join(runs, "sw")); target != dir {
			t.Errorf("the user's symlink points to %q", target)
		}
	}
}

// TestLongNamesFailAtLoad: a name too long for a file name is refused
// before anything is computed; a sweep whose point labels are too long
// runs, under shortened labels.
func TestLongNamesFailAtLoad(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("n", 250) // fits in a file name, not with ".html" and a temporary suffix
	writeFile(t, filepath.Join(dir, "long.toml"), strings.Replace(smallManifest, `"small"`, `"`+long+`"`, 1))
	r := invoke(t, dir, "run", "long.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "long.toml:1: name must be at most 200 bytes (got 250)") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "results")); err == nil {
		t.Error("results/ was created")
	}
	var axes strings.Builder
	for _, kv := range []string{"dynamics.lambda=20.000000000000004", "dynamics.tau_w=50.00000000000001", "dynamics.tau_x=0.005000000000000001",
		"input.amplitude=5000.000000000001", "phi.gain=10.000000000000002", "init.scale=0.05000000000000001", "init.travel=1.0000000000000002"} {
		k, v, _ := strings.Cut(kv, "=")
		axes.WriteString(`"` + k + `" = [` + v + `]` + "\n")
	}
	writeFile(t, filepath.Join(dir, "axes.toml"), smallManifest+"[sweep]\n"+axes.String())
	out := mustRun(t, dir, "run", "-q", "axes.toml").stdout
	links, _ := filepath.Glob(filepath.Join(dir, "results/runs/small/*~*"))
	if len(links) != 1 || !strings.Contains(out, "  computed  ") {
		t.Errorf("links %v\n%s", links, out)
	}
	mustRun(t, dir, "export", "axes.toml")
}
