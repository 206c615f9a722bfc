package manifest

import (
	"path/filepath"
	"testing"
)

// TestPinnedKeys pins the key recipe: the keys of experiments/*.toml for a
// fixed code identity (the real one changes with every edit of sim, as it
// should). Moving code must not change them; a deliberate change of the
// recipe updates these values in a commit of its own that says why.
func TestPinnedKeys(t *testing.T) {
	code := CodeIdentity{Sim: "sim", Npy: "npy", Go: "go", Arch: "arch", Build: "build", Gonum: "gonum"}
	pinned := map[string]string{ // computed on 2026-11-30, before pipeline/ was split
		"full_connectivity": "c68c0792d31bdc5119114e703c823189c8f74850530fa625e46d7ed54334cb76",
		"weight_symmetry":   "dca4aaf0251670331c47fb4d2a4f2608aca39ad70011a19a494d854d603982c5",
	}
	paths, err := filepath.Glob(filepath.Join("..", "..", "experiments", "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := LoadAll(paths)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := ExpandAll(ms)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, r := range runs {
		want, ok := pinned[r.Name]
		if !ok {
			continue
		}
		seen++
		if got := key(r, code); got != want {
			t.Errorf("%s: key %s, pinned %s:\n%s", r.Name, got, want, r.KeyMaterial())
		}
	}
	if seen != len(pinned) {
		t.Errorf("found %d of the %d pinned runs", seen, len(pinned))
	}
}
