package cache

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testArea is an area with a fixed code identity, registered for gc and
// verify like the measurements.
var testArea = RegisterArea(&Area{Name: "derived-test", What: "numbers", ID: func() string { return strings.Repeat("0123456789abcdef", 4) }})

// otherCode is the same area as made by other code.
var otherCode = &Area{Name: "derived-test", What: "numbers", ID: func() string { return strings.Repeat("fedcba9876543210", 4) }}

const (
	keptKey = "aa" + "11111111111111111111111111111111111111111111111111111111111111"
	goneKey = "bb" + "22222222222222222222222222222222222222222222222222222222222222"
)

// TestAreaChecksAndCollects: data is read back only for its key, run.json
// checksum and code; a number edited by hand is a miss and verify removes
// it; gc lists the data of runs no manifest keeps and of other code, and
// nothing that is not of the form it generates.
func TestAreaChecksAndCollects(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	for _, a := range []*Area{testArea, otherCode} {
		for _, k := range []string{keptKey, goneKey} {
			if err := a.Save(c, k, "sum", []byte(`{"kernel_peak":0.212}`)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if b, err := testArea.Load(c, keptKey, "sum"); err != nil || string(b) != `{"kernel_peak":0.212}` {
		t.Fatalf("load: %s %v", b, err)
	}
	if _, err := testArea.Load(c, keptKey, "another run.json"); !errors.Is(err, ErrDamaged) {
		t.Errorf("data of another run.json: %v", err)
	}
	notes := filepath.Join(c.Dir, "derived-test", "notes.txt") // a user's file: not ringwave's to delete
	if err := os.WriteFile(notes, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := c.Plan(map[string]bool{keptKey: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range plan {
		rel, _ := filepath.Rel(c.Dir, g.Path)
		got = append(got, rel)
		if g.Size <= 0 {
			t.Errorf("%s has size %d", rel, g.Size)
		}
	}
	want := []string{"derived-test/aa/" + keptKey + "/fedcba9876543210.json", "derived-test/bb/" + goneKey}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("garbage %q, want %q", got, want)
	}

	// kernel_peak 0.212 → 0.912 in the stored file: a miss, and verify
	// reports and removes it.
	path := testArea.Path(c, keptKey)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte("0.212"), []byte("0.912"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := testArea.Load(c, keptKey, "sum"); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "sha256") {
		t.Errorf("edited by hand: %v", err)
	}
	problems := c.VerifyDerived()
	if len(problems) != 1 || problems[0].Path != path || !problems[0].Removed {
		t.Errorf("verify found %+v, want the edited file, removed", problems)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("the edited file is still there")
	}
	if _, err := os.Stat(notes); err != nil {
		t.Error("the user's file went")
	}
}

// TestGCNeverFollowsLinks is the case and its variants: a link
// where an area, a shard, a key directory, the quarantine or the
// temporary directory is expected makes gc list nothing behind it, and
// Remove of a plan through such a link deletes nothing outside.
func TestGCNeverFollowsLinks(t *testing.T) {
	for _, at := range []string{
		"derived-test",
		"derived-test/zz",
		"derived-test/aa",
		"derived-test/aa/" + keptKey,
		"derived-test/cc/cc33333333333333333333333333333333333333333333333333333333333333",
		"cache/quarantine",
		"cache/tmp",
	} {
		t.Run(strings.ReplaceAll(at, "/", "_")[:min(len(at), 30)], func(t *testing.T) {
			c := Cache{Dir: t.TempDir()}
			if err := os.MkdirAll(filepath.Join(c.Dir, "cache"), 0o755); err != nil {
				t.Fatal(err)
			}
			p := t.TempDir() // outside the results directory
			victim := filepath.Join(p, "data", "thesis.tex")
			for _, name := range []string{victim, filepath.Join(p, "fedcba9876543210.json"), filepath.Join(p, goneKey+".x", "f")} {
				if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			link := filepath.Join(c.Dir, at)
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(p, link); err != nil {
				t.Fatal(err)
			}
			plan, err := c.Plan(map[string]bool{keptKey: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range plan {
				t.Errorf("planned %s (%s)", g.Path, g.Why)
			}
			// A plan that names what is behind the link (a pruner's mistake)
			// is refused too.
			bad := []Garbage{{Path: filepath.Join(link, "data")}, {Path: filepath.Join(link, "fedcba9876543210.json")}}
			if _, _, err := c.Remove(bad, io.Discard); err == nil {
				t.Error("Remove through a link succeeded")
			}
			if _, err := os.Stat(victim); err != nil {
				t.Errorf("the file outside: %v", err)
			}
			if at != "cache/quarantine" && at != "cache/tmp" && at != "derived-test/zz" { // zz is not a name gc generates: passed over
				if links := c.DerivedLinks(); len(links) != 1 || links[0] != link {
					t.Errorf("DerivedLinks %v, want %s", links, link)
				}
			}
		})
	}
}
