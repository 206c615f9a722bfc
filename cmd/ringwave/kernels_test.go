package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"ringwave/sim"
)

// TestRunJSONRecordsKernels: run.json says which of the simulation's
// kernels ran, and GODEBUG=cpu.avx512f=off (Go's own switch) selects the
// non-AVX-512 ones, which give the same bits.
func TestRunJSONRecordsKernels(t *testing.T) {
	type outcome struct{ kernels, sum string }
	runWith := func(godebug string) outcome {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
		cmd := exec.Command(ringwave, "run", "-q", "small.toml")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GODEBUG="+godebug)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("GODEBUG=%s ringwave run: %v\n%s", godebug, err, out)
		}
		b, err := os.ReadFile(filepath.Join(dir, "results", "runs", "small", "run.json"))
		if err != nil {
			t.Fatal(err)
		}
		var rec struct {
			Provenance struct{ Kernels string } `json:"provenance"`
			Files      []struct {
				Name, SHA256 string
			} `json:"files"`
		}
		if err := json.Unmarshal(b, &rec); err != nil {
			t.Fatal(err)
		}
		sum := ""
		for _, f := range rec.Files {
			sum += f.Name + ":" + f.SHA256 + " "
		}
		return outcome{rec.Provenance.Kernels, sum}
	}
	best := runWith("")
	if best.kernels != sim.Kernels() {
		t.Errorf("run.json records kernels %q; this machine runs %q", best.kernels, sim.Kernels())
	}
	if runtime.GOARCH != "amd64" || best.kernels != "avx512" {
		t.Skipf("kernels %q: no AVX-512 to switch off", best.kernels)
	}
	avx2 := runWith("cpu.avx512f=off")
	if avx2.kernels != "avx2" {
		t.Errorf("GODEBUG=cpu.avx512f=off ran kernels %q, want avx2", avx2.kernels)
	}
	if avx2.sum != best.sum {
		t.Errorf("the AVX2 kernels gave other files:\n%s\nAVX-512:\n%s", avx2.sum, best.sum)
	}
}
