package main

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/numpytest"
	"ringwave/internal/smallruns"
)

// The notebook a user opens on the results (notebooks/ringwave_results.ipynb),
// executed headless as Jupyter would, on small runs: smallruns' full run,
// its kernel run (which names it as reference), and a three-point λ sweep
// of that kernel run. The full run records its activity in windows (every
// step of the first and last 3 periods), the others the whole run, so the
// notebook reads both forms.
var notebookFull = smallruns.Full + "activity_window = 3\n"

var notebookSweep = strings.Replace(strings.Replace(smallruns.Kernel, `name = "small_kernel"`, `name = "small_lambda"`, 1),
	`reference = "full.toml"`, "[sweep]\n\"dynamics.lambda\" = [10.0, 20.0, 40.0]", 1)

// notebook is the parsed part of an .ipynb file the test reads.
type notebook struct {
	Cells []struct {
		CellType       string `json:"cell_type"`
		ExecutionCount *int   `json:"execution_count"`
		Outputs        []struct {
			OutputType string              `json:"output_type"`
			Name       string              `json:"name"`
			Text       jsonText            `json:"text"`
			Data       map[string]jsonText `json:"data"`
			Ename      string              `json:"ename"`
		} `json:"outputs"`
	} `json:"cells"`
}

// jsonText is a notebook's multi-line string: a string or a list of lines.
type jsonText string

func (t *jsonText) UnmarshalJSON(b []byte) error {
	var lines []string
	if err := json.Unmarshal(b, &lines); err == nil {
		*t = jsonText(strings.Join(lines, ""))
		return nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	*t = jsonText(s)
	return err
}

func readNotebook(t *testing.T, path string) notebook {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return nb
}

// jupyterNbconvert returns jupyter-nbconvert, or ends the test (failed
// under CI, which installs it).
func jupyterNbconvert(t *testing.T) string {
	t.Helper()
	numpytest.Python(t)
	nbconvert, err := exec.LookPath("jupyter-nbconvert")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no jupyter-nbconvert: .ci/run must install jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib")
		}
		t.Skip("no jupyter-nbconvert (apt-get install jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib)")
	}
	return nbconvert
}

// executeNotebook executes the notebook on manifests (computed in dir)
// and returns what its cells printed and how many figures they drew; a
// cell that raises fails the test.
func executeNotebook(t *testing.T, nbconvert, source, dir, root string, manifests []string) (string, int) {
	t.Helper()
	cmd := exec.Command(nbconvert, "--to", "notebook", "--execute", source,
		"--output-dir", dir, "--output", "executed.ipynb", "--ExecutePreprocessor.timeout=300")
	cmd.Env = append(os.Environ(), "RINGWAVE="+ringwave, "RINGWAVE_ROOT="+root,
		"RINGWAVE_RESULTS="+filepath.Join(dir, "results"), "RINGWAVE_MANIFESTS="+strings.Join(manifests, " "))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("executing the notebook: %v (a cell raised)\n%s", err, out)
	}
	executed := readNotebook(t, filepath.Join(dir, "executed.ipynb"))
	var stdout string
	figures := 0
	for _, c := range executed.Cells {
		for _, o := range c.Outputs {
			if o.OutputType == "error" {
				t.Errorf("a cell raised %s", o.Ename)
			}
			if o.Name == "stdout" {
				stdout += string(o.Text)
			}
			if _, ok := o.Data["image/png"]; ok {
				figures++
			}
		}
	}
	return stdout, figures
}

// Without a full-model run the notebook says so and draws the rest: the
// kernel run's activity and kernel, and the sweep against theory.
func TestNotebookWithoutFullRun(t *testing.T) {
	nbconvert := jupyterNbconvert(t)
	root := numpytest.Root(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sweep.toml"), notebookSweep)
	mustRun(t, dir, "run", "-q", "sweep.toml")
	stdout, figures := executeNotebook(t, nbconvert, filepath.Join(root, "notebooks", "ringwave_results.ipynb"), dir, root,
		[]string{filepath.Join(dir, "sweep.toml")})
	if !strings.Contains(stdout, "no full-model run among the manifests") || !strings.Contains(stdout, "kernel_peak small_lambda =") {
		t.Errorf("the notebook did not say it has no full run, or drew no kernel:\n%s", stdout)
	}
	if figures != 2 {
		t.Errorf("the notebook drew %d figures, want 2 (the kernel run's, the sweep)\n%s", figures, stdout)
	}
}

func TestNotebook(t *testing.T) {
	nbconvert := jupyterNbconvert(t)
	root := numpytest.Root(t)
	source := filepath.Join(root, "notebooks", "ringwave_results.ipynb")

	// Committed cleared: no outputs, no execution counts.
	for i, c := range readNotebook(t, source).Cells {
		if len(c.Outputs) > 0 || c.ExecutionCount != nil {
			t.Errorf("%s: cell %d is committed with its outputs; clear them", source, i)
		}
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "full.toml"), notebookFull)
	writeFile(t, filepath.Join(dir, "kernel.toml"), smallruns.Kernel)
	writeFile(t, filepath.Join(dir, "sweep.toml"), notebookSweep)
	manifests := []string{"full.toml", "kernel.toml", "sweep.toml"}
	mustRun(t, dir, append([]string{"run", "-q"}, manifests...)...)
	for i, m := range manifests { // the notebook runs in its own directory
		manifests[i] = filepath.Join(dir, m)
	}

	stdout, figures := executeNotebook(t, nbconvert, source, dir, root, manifests)
	// The last window: 3 periods of 80 steps and the delay line's 13 steps
	// before them, to the run's last step (40 periods: 3200 steps).
	if want := "activity (253, 80) steps 2947 to 3199"; !strings.Contains(stdout, want) {
		t.Errorf("the notebook did not print %q:\n%s", want, stdout)
	}
	// The seed's four panels in one figure, and the sweep against theory.
	if figures != 2 {
		t.Errorf("the notebook drew %d figures, want 2\n%s", figures, stdout)
	}

	// The notebook computes the full run's kernel peak from weights.npy
	// itself; ringwave's table computes it in Go. Both take the largest
	// column mean of the same aligned matrix, summed in their own order:
	// they agree to rounding, a few ulps of sums of 80 terms (≤ 1e-13
	// relative).
	const tol = 1e-13
	got := printed(t, stdout, "kernel_peak small_full =")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, dir, "table", "-format", "json", "full.toml").stdout), &rows); err != nil {
		t.Fatal(err)
	}
	want, ok := rows[0]["kernel_peak"].(float64)
	if len(rows) != 1 || !ok {
		t.Fatalf("table rows %v", rows)
	}
	if !(math.Abs(got-want) <= tol*math.Abs(want)) {
		t.Errorf("the notebook prints kernel_peak %.17g, ringwave table %.17g", got, want)
	}
}
