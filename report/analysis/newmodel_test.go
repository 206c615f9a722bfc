package analysis

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"ringwave/internal/runtest"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
	"ringwave/sim"
)

// kernelCopy is a fourth learning rule, registered by this test alone: a
// copy of kernel_single's spec under another name. Adding a rule is one
// sim file and its registration; nothing else (manifest, analysis, pages)
// names models, so the copy must load, simulate and be measured exactly as
// the original.
const kernelCopy sim.Model = "kernel_single_copy"

var registerCopy = sync.OnceFunc(func() {
	s, ok := sim.Describe(sim.KernelSingle)
	if !ok {
		panic("kernel_single is not registered")
	}
	s.Name, s.Doc = kernelCopy, "kernel_single under another name (a test's)"
	sim.Register(s)
})

const copySweep = `
name = "copy"
[network]
neurons = 40
dt = 1e-3
periods = 30
[dynamics]
tau_w = 5.0
[init]
weights = "zeros"    # the same start for both points (a sweep's randn seeds differ)
[record]
weights_every = 40
[sweep]
model = ["kernel_single", "kernel_single_copy"]
`

func TestRegisteredCopyOfARuleRunsThrough(t *testing.T) {
	registerCopy()
	if !slices.Contains(sim.Models(), kernelCopy) {
		t.Fatalf("models after registering: %v", sim.Models())
	}
	runs, ms, c := measureSweep(t, copySweep)
	if len(runs) != 2 || runs[1].Params.Model != kernelCopy {
		t.Fatalf("runs: %v", runs)
	}
	if runs[0].Key == runs[1].Key {
		t.Errorf("the copy shares the original's key %s", runs[0].Key)
	}
	if got := runs[1].WeightShape(); !slices.Equal(got, []int{40}) {
		t.Errorf("the copy's weight shape is %v, want [40]", got)
	}
	weights := func(r *manifest.Run) []float64 {
		res, _, err := c.Open(r)
		if err != nil {
			t.Fatal(err)
		}
		a, err := res.Read(cache.WeightsFile)
		if err != nil {
			t.Fatal(err)
		}
		return a.Values
	}
	if a, b := weights(runs[0]), weights(runs[1]); !slices.Equal(a, b) {
		t.Errorf("the copy learned other weights: %v… against %v…", b[:4], a[:4])
	}
	// Measured alike, the rule's steady state included (its pairing comes
	// from the spec, not the name).
	if ms[1].Model != string(kernelCopy) || !(ms[1].SteadyRelDiff >= 0) {
		t.Errorf("the copy's measurements: model %q, steady_rel_diff %v (%s)", ms[1].Model, ms[1].SteadyRelDiff, ms[1].SteadyNote)
	}
	ms[1].Model, ms[1].WallSeconds = ms[0].Model, ms[0].WallSeconds
	a, _ := json.Marshal(ms[0])
	b, _ := json.Marshal(ms[1])
	if string(a) != string(b) {
		t.Errorf("the copy measures otherwise:\n%s\n%s", a, b)
	}
}

// A model nobody registered is an error where the manifest names it, with
// the registered ones listed; never another model's code.
func TestUnregisteredModelFailsAtLoad(t *testing.T) {
	dir := t.TempDir()
	path := runtest.WriteManifest(t, dir, "m.toml", "name = \"m\"\n\nmodel = \"kernel_double\"\n")
	m, err := manifest.Load(path)
	if err == nil {
		_, err = manifest.Expand(m)
	}
	if err == nil {
		t.Fatal("an unregistered model loaded")
	}
	want := path + ":3: model must be one of " + sim.ModelNames(", ") + ` (got "kernel_double")`
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to contain %q", err, want)
	}
}
