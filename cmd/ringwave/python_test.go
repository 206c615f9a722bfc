package main

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ringwave/internal/npyfile"
	"ringwave/internal/numpytest"
)

// What a colleague with NumPy and no ringwave gets: tools/example.py on a
// run, .npz exports, and initial weights in whatever layout NumPy wrote.

// convergedManifest learns a circulant matrix in 0.1 s: sim's
// propertyParams (N = 64, τ_w = 5 s, 300 periods; see
// sim/properties_test.go), named as the script's default run.
const convergedManifest = `name = "full_connectivity"
model = "full"
[network]
neurons = 64
periods = 300
[dynamics]
tau_w = 5.0
`

// python runs a script with NumPy's python in dir and returns what it did.
func python(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return execIn(t, dir, numpytest.Python(t), args...)
}

// printed returns the number after label in out, or fails.
func printed(t *testing.T, out, label string) float64 {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(label) + ` (-?[0-9.e+-]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %q in the output:\n%s", label, out)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestExampleScript(t *testing.T) {
	numpytest.Python(t)
	script := filepath.Join(numpytest.Root(t), "tools", "example.py")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "full_connectivity.toml"), convergedManifest)
	// Five periods from the random start: far from circulant (residual 0.24).
	writeFile(t, filepath.Join(dir, "early.toml"), strings.Replace(strings.Replace(convergedManifest,
		"periods = 300", "periods = 5", 1), `"full_connectivity"`, `"early"`, 1))
	writeFile(t, filepath.Join(dir, "kernel.toml"), smallManifest)
	// The same run recorded in windows: every step of the first and last 2
	// periods (64 steps each), every period between; snapshots likewise.
	writeFile(t, filepath.Join(dir, "windowed.toml"), strings.Replace(strings.Replace(smallManifest,
		`"small"`, `"windowed"`, 1), "weights_every = 16\n",
		"weights_every = 16\nweights_window = 2\nweights_between = 32\nactivity_window = 2\nactivity_between = 32\n", 1))
	mustRun(t, dir, "run", "-q", "full_connectivity.toml", "early.toml", "kernel.toml", "windowed.toml")

	t.Run("converged", func(t *testing.T) {
		r := python(t, dir, script) // the default run directory
		if r.code != 0 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		t.Logf("\n%s", r.stdout)
		for _, want := range []string{"activity.npy", "(19200, 64)", "W[post, pre]", "from neuron i to (i+j) mod N"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("output lacks %q", want)
			}
		}
		// The script computes what sim's property test does: same residual,
		// to the 6 digits it prints (relative rounding ≤ 5e-6).
		const printTol = 1e-5
		got := printed(t, r.stdout, "circulant residual")
		want := alignedResidual(t, filepath.Join(dir, "results/runs/full_connectivity/weights.npy"))
		if !(math.Abs(got-want) <= printTol*want) {
			t.Errorf("script's residual %g, Go computes %g", got, want)
		}
		// λT/(2τ_w) = 20·0.0128/10; sim measured 0.0125 for this run.
		if tol := printed(t, r.stdout, "tolerance λT/(2τ_w) ="); !(want <= tol) || tol != 0.0256 {
			t.Errorf("residual %g, tolerance %g (want 0.0256)", want, tol)
		}
	})
	t.Run("not converged", func(t *testing.T) {
		r := python(t, dir, script, "results/runs/early")
		if r.code != 1 || !strings.Contains(r.stderr, "not circulant") {
			t.Fatalf("exit %d, want 1 and \"not circulant\"\n%s%s", r.code, r.stdout, r.stderr)
		}
		if got := printed(t, r.stdout, "circulant residual"); !(got > 0.0256) {
			t.Errorf("residual %g after 5 periods", got)
		}
	})
	t.Run("kernel", func(t *testing.T) {
		r := python(t, dir, script, "results/runs/small")
		if r.code != 0 || strings.Contains(r.stdout, "circulant residual") {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		kernel, _, err := npyfile.ReadFile(filepath.Join(dir, "results/runs/small/weights.npy"))
		if err != nil {
			t.Fatal(err)
		}
		peak := 0
		for j, v := range kernel {
			if v > kernel[peak] {
				peak = j
			}
		}
		if got := printed(t, r.stdout, "at offset j ="); int(got) != peak {
			t.Errorf("script's peak at offset %v, the kernel's at %d", got, peak)
		}
		if got := printed(t, r.stdout, "peak"); math.Abs(got-kernel[peak]) > 1e-5*math.Abs(kernel[peak]) {
			t.Errorf("script's peak %g, the kernel's %g", got, kernel[peak])
		}
	})
	t.Run("windows", func(t *testing.T) {
		r := python(t, dir, script, "results/runs/windowed")
		if r.code != 0 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		t.Logf("\n%s", r.stdout)
		// 320 steps; the last window is 2 periods and the delay line's 76
		// steps: 140 rows from step 180.
		for _, want := range []string{"activity_first.npy", "(64, 32)", "activity_between.npy", "activity_last.npy", "(140, 32)",
			"steps 180 to 319", "weights_history_between.npy", "last window of the activity: steps 180 to 319 every 1"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("output lacks %q", want)
			}
		}
		// Each file's rows, at the steps run.json gives, are the whole
		// recording's rows at those steps, bit for bit.
		check := `
import json, sys
import numpy as np
whole, part = sys.argv[1], sys.argv[2]
meta = json.load(open(part + "/run.json"))
X = np.load(whole + "/activity.npy", mmap_mode="r")
H = np.load(whole + "/weights_history.npy", mmap_mode="r")
n = 0
for spans, full, every in ((meta["recording"]["activity"], X, 1), (meta["recording"]["weights_history"], H, 16)):
    for s in spans:
        rows = np.load(part + "/" + s["file"], mmap_mode="r")
        steps = s["first_step"] + s["every"] * np.arange(rows.shape[0])
        assert rows.shape[0] == s["rows"], s
        assert np.array_equal(rows, full[steps // every]), s["file"]
        n += rows.shape[0]
print("rows checked", n)
`
		writeFile(t, filepath.Join(dir, "check.py"), check)
		r = python(t, dir, "check.py", "results/runs/small", "results/runs/windowed")
		if r.code != 0 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		// activity: 64, then steps 64, 96, 128, 160, then 140; snapshots:
		// 4 in [0, 64), 6 in [64, 256) every 32, 4 in [256, 320).
		if got := printed(t, r.stdout, "rows checked"); got != 64+4+140+4+6+4 {
			t.Errorf("%v rows checked, want %d", got, 64+4+140+4+6+4)
		}
	})
	t.Run("README shows it", func(t *testing.T) {
		src, err := os.ReadFile(script)
		if err != nil {
			t.Fatal(err)
		}
		_, example, _ := strings.Cut(string(src), "# README example begins\n")
		example, _, found := strings.Cut(example, "# README example ends\n")
		readme, err := os.ReadFile(filepath.Join(numpytest.Root(t), "README.md"))
		if err != nil {
			t.Fatal(err)
		}
		if !found || !strings.Contains(string(readme), "```python\n") || !strings.Contains(string(readme), example) {
			t.Errorf("README.md does not show the example part of tools/example.py verbatim:\n%s", example)
		}
	})
}

// alignedResidual is the script's residual computed in Go, as sim's
// alignedKernel: A[i][j] = W[(i+j) mod N, i]; max over j of the std over i,
// over the range of the mean over i.
func alignedResidual(t *testing.T, path string) float64 {
	w, shape, err := npyfile.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := shape[0]
	lo, hi, spread := math.Inf(1), math.Inf(-1), 0.0
	for j := range n {
		var sum, sum2 float64
		for i := range n {
			sum += w[((i+j)%n)*n+i]
		}
		mean := sum / float64(n)
		for i := range n {
			d := w[((i+j)%n)*n+i] - mean
			sum2 += d * d
		}
		lo, hi = math.Min(lo, mean), math.Max(hi, mean)
		spread = math.Max(spread, math.Sqrt(sum2/float64(n)))
	}
	return spread / (hi - lo)
}
