// Package runtest has the helpers of tests that need manifests and runs:
// writing a manifest, loading and expanding it, writing an .npy file.
package runtest

import (
	"os"
	"path/filepath"
	"testing"

	"ringwave/internal/npyfile"
	"ringwave/pipeline/manifest"
)

// Base is a small, fast manifest (a kernel model of 32 neurons, 5 periods)
// that tests edit.
const Base = `
name = "k"
model = "kernel"
seed = 3
[network]
neurons = 32
periods = 5
[dynamics]
lambda = 20.0
tau_w = 50.0
`

// WriteManifest writes a manifest into dir and returns its path.
func WriteManifest(t testing.TB, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Expand loads the manifest at path and returns its runs.
func Expand(t testing.TB, path string, sections ...manifest.Section) []*manifest.Run {
	t.Helper()
	m, err := manifest.Load(path, sections...)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := manifest.Expand(m)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// WriteNpy writes values as an .npy file.
func WriteNpy(t testing.TB, path string, values []float64, shape ...int) {
	t.Helper()
	if _, err := npyfile.WriteFile(path, values, shape...); err != nil {
		t.Fatal(err)
	}
}
