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
	code := CodeIdentity{Sim: "sim", Npy: "npy", Go: "go"} // as on amd64 and arm64
	// Computed on 2026-11-30 when the architecture, build settings and gonum
	// left the identity of amd64 and arm64 builds (the same bits on both);
	// before, with {arch, build, gonum} in it, they were c68c0792… and
	// dca4aaf0…, unchanged by the split of pipeline/.
	pinned := map[string]string{
		"full_connectivity": "371f4819d8a95c657ff12ddb08a14608ddb824fa457934228b30eaf625280d7d",
		"weight_symmetry":   "ac78322f2eef5d887fe3466c28c51a482c36e51f603801b22dc1a3c8d639b83d",
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

// TestIdentityAcrossArchitectures: amd64 and arm64 builds share keys (their
// bits are proven equal by sim's golden tests and make test-arm64); other
// architectures name themselves.
func TestIdentityAcrossArchitectures(t *testing.T) {
	if identity("amd64") != identity("arm64") {
		t.Errorf("amd64 %+v and arm64 %+v differ", identity("amd64"), identity("arm64"))
	}
	if id := identity("amd64"); id.Arch != "" || id.Build != "" {
		t.Errorf("amd64 identity names the machine: %+v", id)
	}
	if id := identity("riscv64"); id.Arch != "riscv64" {
		t.Errorf("riscv64 identity %+v does not name its architecture", id)
	}
}
