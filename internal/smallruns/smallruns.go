// Package smallruns computes small runs of both models for the tests of the
// analyses and the reports.
package smallruns

import (
	"context"
	"os"
	"path/filepath"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
	"testing"
)

// Small runs, computed in a temporary results directory through the
// pipeline, as `ringwave run` would: N = 80 neurons, T = 0.1 s in 80 steps
// (dt = 1.25 ms, τ_x = 4 steps, τ_d = 12 steps), 40 periods, and τ_w = 10 s
// so that learning relaxes at λ/τ_w = 2 /s, e^(−8) over the run. They take
// well under a second.
const Full = `
name = "small_full"
title = "Small full connectivity"
model = "full"
seed = 3
[network]
neurons = 80
dt = 1.25e-3
periods = 40
[dynamics]
tau_w = 10.0
[record]
weights_every = 400
`

const Kernel = `
name = "small_kernel"
title = "Small weight symmetry"
model = "kernel"
seed = 4
reference = "full.toml"
[network]
neurons = 80
dt = 1.25e-3
periods = 40
[dynamics]
tau_w = 10.0
[record]
weights_every = 20
`

// Compute writes the manifests Full and Kernel into dir, computes their runs
// into dir/results and returns what report.Write needs.
func Compute(t testing.TB, dir string) ([]*manifest.Manifest, []*manifest.Run, string) {
	t.Helper()
	return ComputeThese(t, dir, Full, Kernel)
}

// ComputeThese is Load, with the runs computed.
func ComputeThese(t testing.TB, dir, full, kernel string) ([]*manifest.Manifest, []*manifest.Run, string) {
	t.Helper()
	ms, runs, results := Load(t, dir, full, kernel)
	if err := (executor.Local{Cache: cache.Cache{Dir: results}}).Execute(context.Background(), runs); err != nil {
		t.Fatal(err)
	}
	return ms, runs, results
}

// Load writes full.toml and kernel.toml (which names full.toml as its
// reference) into dir and resolves the runs of kernel.toml and its
// reference, with dir/results as their results directory.
func Load(t testing.TB, dir, full, kernel string) ([]*manifest.Manifest, []*manifest.Run, string) {
	t.Helper()
	for name, text := range map[string]string{"full.toml": full, "kernel.toml": kernel} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := manifest.LoadAll([]string{filepath.Join(dir, "kernel.toml")})
	if err != nil {
		t.Fatal(err)
	}
	runs, err := manifest.ExpandAll(ms)
	if err != nil {
		t.Fatal(err)
	}
	return ms, runs, filepath.Join(dir, "results")
}
