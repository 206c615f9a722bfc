package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/numpytest"
)

// writeLayouts is run by NumPy in a directory: for each model it writes the
// same weights as float64 C order ("ref") and in the 8 layouts C/F order ×
// little/big endian × float32/float64. The weights are rounded to float32
// first, so that every layout holds exactly the reference's values.
const writeLayouts = `
import numpy as np
rng = np.random.default_rng(7)
for model, shape in (("full", (32, 32)), ("kernel", (32,))):
    w = (0.05 * rng.standard_normal(shape)).astype(np.float32).astype(np.float64)
    np.save(f"{model}_ref.npy", w)
    for order in "CF":
        for endian, e in (("<", "le"), (">", "be")):
            for width in (4, 8):
                a = np.asarray(w.astype(f"{endian}f{width}"), order=order)
                np.save(f"{model}_{order}{e}{8 * width}.npy", a)
`

// TestInitialWeightsLayouts runs each model from each layout, every run in
// its own results directory: all compute the reference's run, with its key
// and bit for bit its files.
func TestInitialWeightsLayouts(t *testing.T) {
	numpytest.Python(t)
	dir := t.TempDir()
	if r := python(t, dir, "-c", writeLayouts); r.code != 0 {
		t.Fatalf("NumPy: exit %d\n%s", r.code, r.stderr)
	}
	var layouts []string
	for _, order := range []string{"C", "F"} {
		for _, endian := range []string{"le", "be"} {
			for _, bits := range []string{"32", "64"} {
				layouts = append(layouts, order+endian+bits)
			}
		}
	}
	for _, model := range []string{"full", "kernel"} {
		t.Run(model, func(t *testing.T) {
			run := func(layout string) runRecord {
				t.Helper()
				file := model + "_" + layout + ".npy"
				checkLayout(t, filepath.Join(dir, file), layout, model == "full")
				sub := filepath.Join(dir, model+"_"+layout)
				if err := os.Mkdir(sub, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(filepath.Join(dir, file), filepath.Join(sub, file)); err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(sub, "w.toml"), "name = \"w\"\nmodel = \""+model+
					"\"\n[network]\nneurons = 32\nperiods = 10\n[init]\nweights = \""+file+"\"\n")
				if out := mustRun(t, sub, "run", "-q", "w.toml").stdout; !strings.Contains(out, "  computed  ") {
					t.Fatalf("%s: not computed in its own results directory: %s", layout, out)
				}
				return readRunRecord(t, filepath.Join(sub, "results/runs/w"))
			}
			ref := run("ref")
			if len(ref.Files) < 3 {
				t.Fatalf("run.json lists %d files", len(ref.Files))
			}
			for _, layout := range layouts {
				rec := run(layout)
				if rec.Key != ref.Key {
					t.Errorf("%s: key %.12s, float64 C order gives %.12s", layout, rec.Key, ref.Key)
				}
				if got, want := fileHashes(rec), fileHashes(ref); got != want {
					t.Errorf("%s: files\n%s\nfloat64 C order:\n%s", layout, got, want)
				}
			}
		})
	}
}

// checkLayout checks that NumPy wrote the layout the file's name says, so
// that the test cannot pass by comparing one layout with itself. A 1-d array
// is both C and Fortran ordered; NumPy writes it as C.
func checkLayout(t *testing.T, path, layout string, matrix bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	header := string(b[:min(len(b), 128)])
	descr, fortran := "'<f8'", false
	if layout != "ref" {
		descr = map[string]string{"le32": "'<f4'", "le64": "'<f8'", "be32": "'>f4'", "be64": "'>f8'"}[layout[1:]]
		fortran = layout[0] == 'F' && matrix
	}
	want := "'descr': " + descr + ", 'fortran_order': " + map[bool]string{true: "True", false: "False"}[fortran]
	if !strings.Contains(header, want) {
		t.Errorf("%s: header %q, want %s", filepath.Base(path), header, want)
	}
}

// runRecord is the part of a run.json these tests compare.
type runRecord struct {
	Key   string `json:"key"`
	Files []struct {
		Name   string `json:"name"`
		SHA256 string `json:"sha256"`
	} `json:"files"`
}

func readRunRecord(t *testing.T, dir string) runRecord {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec runRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

// fileHashes lists a run's files with their sha256, one per line.
func fileHashes(rec runRecord) string {
	var lines []string
	for _, f := range rec.Files {
		lines = append(lines, f.Name+" "+f.SHA256)
	}
	return strings.Join(lines, "\n")
}
