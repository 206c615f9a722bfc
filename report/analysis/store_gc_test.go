package analysis

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestStoreGarbage: gc removes the measurements of runs no manifest keeps,
// and those made by other analysis code, and nothing else.
func TestStoreGarbage(t *testing.T) {
	dir := t.TempDir()
	kept, gone := "aa11", "bb22"
	s := Store{Dir: dir, ID: "0123456789abcdef0123"}
	old := Store{Dir: dir, ID: "fedcba9876543210fedc"}
	for _, st := range []Store{s, old} {
		for _, k := range []string{kept, gone} {
			if err := st.Save(k, "sum", &Measurements{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	var got []string
	for _, g := range s.Garbage(map[string]bool{kept: true}) {
		rel, _ := filepath.Rel(dir, g.Path)
		got = append(got, rel)
		if g.Size <= 0 {
			t.Errorf("%s has size %d", rel, g.Size)
		}
	}
	want := []string{"analysis/aa/aa11/fedcba9876543210.json", "analysis/bb/bb22"}
	if !slices.Equal(got, want) {
		t.Errorf("garbage %q, want %q", got, want)
	}
	if _, ok := s.Load(kept, "sum"); !ok {
		t.Error("the kept run's measurements are not readable")
	}
	if _, err := os.Stat(filepath.Join(dir, "analysis", "aa", "aa11")); err != nil {
		t.Error(err)
	}
}
