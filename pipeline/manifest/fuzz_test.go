package manifest

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary documents to the manifest decoder and the
// resolution of runs: they must return runs or errors, never panic.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"full_connectivity.toml", "weight_symmetry.toml"} {
		if b, err := os.ReadFile(filepath.Join("..", "experiments", name)); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		baseManifest,
		baseManifest + "[sweep]\n\"dynamics.lambda\" = [10.0, 20]\nseed = [1, 2]\n",
		"name = \"x\"\n[network]\nneurons = 3\nneurons = 4\n",
		"name = \"x\"\n[network\n",
		"name = \"x\"\n[dynamics]\ntau_d = nan\ntau_x = inf\n",
		"name = \"x\"\n[init]\ntravel = 1e300\nsteps = -1\n",
		"name = \"x\"\n[sweep]\n\"init.weights\" = [\"zeros\", \"randn\", \"x.npy\"]\n",
		"name = \"x\"\nnetwork = 3\n",
		"name = 'x'\n[[network]]\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, doc []byte) {
		path := filepath.Join(dir, "m.toml")
		if err := os.WriteFile(path, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := Load(path)
		if err != nil {
			return
		}
		runs, err := Expand(m)
		if err != nil {
			return
		}
		for _, r := range runs {
			if len(r.Key) != 64 {
				t.Fatalf("run %s has key %q", r.Name, r.Key)
			}
			if err := r.Params.Validate(); err != nil {
				t.Fatalf("an expanded run does not validate: %v", err)
			}
		}
	})
}
