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
	for name, text := range map[string]string{"full.toml": smallFull, "kernel.toml": smallKernel} {
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
	results := filepath.Join(dir, "results")
	if _, err := (pipeline.Cache{Dir: results}).Execute(context.Background(), runs, pipeline.Options{}); err != nil {
		t.Fatal(err)
	}
	return ms, runs, results
}
