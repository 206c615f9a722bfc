package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/npyfile"
	"ringwave/internal/numpytest"
)

// endToEndTol: as sim's fidelityTol (see sim/fidelity_test.go), the
// project's contract with the notebook; measured differences are ~1e-13.
const endToEndTol = 1e-6

// TestEndToEndAgainstNotebook runs manifests whose initial weights come
// from an .npy written by NumPy through the whole command, and compares the
// files it writes with the notebook's own functions (tools/notebook.py)
// started from the same weights.
func TestEndToEndAgainstNotebook(t *testing.T) {
	py := numpytest.Python(t)
	cases := []struct{ model, extra string }{
		{"full", ""},
		{"kernel", "[init]\ntravel = 2\n"},
		{"kernel_single", "[input]\nstimulate = false\n"},
	}
	for _, c := range cases {
		t.Run(c.model, func(t *testing.T) {
			dir := t.TempDir()
			shape := "(48, 48)"
			if c.model != "full" {
				shape = "(48,)"
			}
			// Big-endian Fortran order on purpose: the loader must get it right.
			script := "import numpy as np; np.random.seed(5); np.save('w0.npy', np.asfortranarray((0.05*np.random.randn(*" + shape + ")).astype('>f8')))"
			runIn(t, dir, py, "-c", script)
			manifest := "name = \"e2e\"\nmodel = \"" + c.model + "\"\n[network]\nneurons = 48\nperiods = 25\n" + c.extra
			if !strings.Contains(c.extra, "[init]") {
				manifest += "[init]\n"
			}
			manifest = strings.Replace(manifest, "[init]\n", "[init]\nweights = \"w0.npy\"\n", 1)
			writeFile(t, filepath.Join(dir, "e2e.toml"), manifest)
			mustRun(t, dir, "run", "-q", "e2e.toml")
			run := filepath.Join(dir, "results/runs/e2e")

			var rec struct {
				Params  map[string]any          `json:"params"`
				Derived struct{ InitSteps int } `json:"derived"`
			}
			b, err := os.ReadFile(filepath.Join(run, "run.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &rec); err != nil {
				t.Fatal(err)
			}
			params := flatParams(rec.Params)
			pj, _ := json.Marshal(params)
			writeFile(t, filepath.Join(dir, "params.json"), string(pj))
			out := filepath.Join(dir, "numpy")
			os.Mkdir(out, 0o755)
			numpytest.Script(t, "notebook.py", filepath.Join(dir, "params.json"), filepath.Join(dir, "w0.npy"), out)

			for _, f := range []string{"activity.npy", "weights.npy"} {
				ours, oshape, err := npyfile.ReadFile(filepath.Join(run, f))
				if err != nil {
					t.Fatal(err)
				}
				theirs, tshape, err := npyfile.ReadFile(filepath.Join(out, f))
				if err != nil {
					t.Fatal(err)
				}
				if len(ours) != len(theirs) || len(oshape) != len(tshape) {
					t.Fatalf("%s: shape %v, notebook %v", f, oshape, tshape)
				}
				var diff, scale float64
				for i := range ours {
					diff = math.Max(diff, math.Abs(ours[i]-theirs[i]))
					scale = math.Max(scale, math.Abs(theirs[i]))
				}
				if rel := diff / scale; !(rel <= endToEndTol) {
					t.Errorf("%s: relative difference %.3g > %g", f, rel, endToEndTol)
				} else {
					t.Logf("%s: relative difference %.3g", f, rel)
				}
			}
			// The initial weights were read right: ours are NumPy's, bit for bit.
			w0, _, _ := npyfile.ReadFile(filepath.Join(dir, "w0.npy"))
			ours, _, _ := npyfile.ReadFile(filepath.Join(run, "weights_initial.npy"))
			for i := range w0 {
				if w0[i] != ours[i] {
					t.Fatalf("weights_initial[%d] = %v, the .npy has %v", i, ours[i], w0[i])
				}
			}
		})
	}
}

// flatParams turns run.json's params into the flat names of tools/*.py.
func flatParams(p map[string]any) map[string]any {
	get := func(table, key string) any { return p[table].(map[string]any)[key] }
	return map[string]any{
		"model": p["model"], "neurons": get("network", "neurons"), "dt": get("network", "dt"),
		"period": get("network", "period"), "periods": get("network", "periods"),
		"tau_x": get("dynamics", "tau_x"), "tau_d": get("dynamics", "tau_d"), "tau_w": get("dynamics", "tau_w"),
		"lambda": get("dynamics", "lambda"), "amplitude": get("input", "amplitude"),
		"stimulate": get("input", "stimulate"), "gain": get("phi", "gain"),
		"init_travel": get("init", "travel"), "init_steps": get("init", "steps"),
		"init_stimulate": get("init", "stimulate"),
	}
}

func runIn(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := newCmd(dir, name, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
}
