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
	// Computed on 2026-12-03 when the two manifests started to record in
	// windows (issue 24): their files differ, so their keys do. Before,
	// with the whole run recorded, they were 371f4819… and ac78322f…, which
	// TestKeysWithoutWindows still gets with the window keys taken out;
	// with windows of 5 periods, c5b5aace… and f37a5cbc… (3 since the
	// replays joined make: results/ must stay under 200 MiB).
	pinned := map[string]string{
		"full_connectivity": "8331327a51dea5406f13587c6ab22d1ad3b36161bf6f66b82bf9fa4e295bb403",
		"weight_symmetry":   "990d119b3f043d483b8a1c76897972ebe29de7f0c77489d32f05b3cfc0217594",
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

// TestKeysWithoutWindows: the recording windows leave the key recipe of
// every manifest that does not use them as it was. The headline manifests
// with their window keys taken out get the keys pinned before windows
// existed (TestPinnedKeys, before 2026-12-03).
func TestKeysWithoutWindows(t *testing.T) {
	code := CodeIdentity{Sim: "sim", Npy: "npy", Go: "go"}
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
		windowed := key(r, code)
		rec := &r.Settings.Record
		if rec.ActivityWindow == 0 && rec.WeightsWindow == 0 {
			t.Errorf("%s records no windows: this test no longer tests anything", r.Name)
		}
		rec.ActivityWindow, rec.ActivityBetween, rec.WeightsWindow, rec.WeightsBetween = 0, 0, 0, 0
		if got := key(r, code); got != want {
			t.Errorf("%s without windows: key %s, pinned %s:\n%s", r.Name, got, want, r.KeyMaterial())
		}
		if windowed == want {
			t.Errorf("%s: the windows do not change the key", r.Name)
		}
	}
	if seen != len(pinned) {
		t.Errorf("found %d of the %d pinned runs", seen, len(pinned))
	}
}
