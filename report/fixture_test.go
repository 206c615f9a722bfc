package report

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"ringwave/pipeline"
)

// Small runs, computed in a temporary results directory through the
// pipeline, as `ringwave run` would: N = 80 neurons, T = 0.1 s in 80 steps
// (dt = 1.25 ms, τ_x = 4 steps, τ_d = 12 steps), 40 periods, and τ_w = 10 s
// so that learning relaxes at λ/τ_w = 2 /s, e^(−8) over the run. They take
// well under a second.
const smallFull = `
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

const smallKernel = `
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

// smallRuns writes the manifests into dir, computes their runs into
// dir/results and returns what Write needs.
func smallRuns(t *testing.T, dir string) ([]*pipeline.Manifest, []*pipeline.Run, string) {
	t.Helper()
	return computeRuns(t, dir, smallFull, smallKernel)
}

// computeRuns is loadRuns, with the runs computed.
func computeRuns(t *testing.T, dir, full, kernel string) ([]*pipeline.Manifest, []*pipeline.Run, string) {
	t.Helper()
	ms, runs, results := loadRuns(t, dir, full, kernel)
	if _, err := (pipeline.Cache{Dir: results}).Execute(context.Background(), runs, pipeline.Options{}); err != nil {
		t.Fatal(err)
	}
	return ms, runs, results
}

// loadRuns writes full.toml and kernel.toml (which names full.toml as its
// reference) into dir and resolves the runs of kernel.toml and its
// reference, with dir/results as their results directory.
func loadRuns(t *testing.T, dir, full, kernel string) ([]*pipeline.Manifest, []*pipeline.Run, string) {
	t.Helper()
	for name, text := range map[string]string{"full.toml": full, "kernel.toml": kernel} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := pipeline.LoadAll([]string{filepath.Join(dir, "kernel.toml")})
	if err != nil {
		t.Fatal(err)
	}
	runs, err := pipeline.ExpandAll(ms)
	if err != nil {
		t.Fatal(err)
	}
	return ms, runs, filepath.Join(dir, "results")
}
