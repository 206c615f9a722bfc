package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// compareSweep is a λ sweep of small kernel runs with a law.
const compareSweep = smallManifest + `[sweep]
"dynamics.lambda" = [10.0, 20.0, 40.0]

[[law]]
measure = "kernel_peak"
predict = "1 / dynamics.lambda"
`

// compare shows only the parameters that differ, and every measurement
// with its relative difference from the first run, in text, json and
// html; a point is chosen as x.toml@key=value or x.toml[key=value].
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sweep.toml"), compareSweep)
	mustRun(t, dir, "run", "-q", "sweep.toml")
	text := mustRun(t, dir, "compare", "sweep.toml@dynamics.lambda=10", "sweep.toml[dynamics.lambda=40.0]").stdout
	params := text[strings.Index(text, "parameters that differ:"):strings.Index(text, "measurements:")]
	if !strings.Contains(params, "dynamics.lambda") || !strings.Contains(params, "+300 %") || strings.Contains(params, "network.neurons") {
		t.Errorf("the parameters that differ:\n%s", params)
	}
	if !strings.Contains(text, "kernel_peak ") || !strings.Contains(text, "law.kernel_peak.rel_diff") {
		t.Errorf("the measurements lack kernel_peak or the law:\n%s", text)
	}
	var out struct {
		Runs         []struct{ Name, Point string }
		Parameters   []struct{ Name string }
		Measurements []struct {
			Name   string
			Values []any
			Rel    []*float64 `json:"rel_diff"`
		}
	}
	js := mustRun(t, dir, "compare", "-format", "json", "sweep.toml@dynamics.lambda=10", "sweep.toml@dynamics.lambda=20").stdout
	if err := json.Unmarshal([]byte(js), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Runs) != 2 || len(out.Parameters) != 1 || out.Parameters[0].Name != "dynamics.lambda" {
		t.Fatalf("json: %+v", out)
	}
	// Each relative difference is the second run's value against the
	// first's, to rounding (one subtraction and one division).
	const tol = 1e-12
	found := false
	for _, m := range out.Measurements {
		if m.Name != "kernel_peak" {
			continue
		}
		found = true
		a, _ := m.Values[0].(float64)
		b, _ := m.Values[1].(float64)
		if m.Rel[0] != nil || m.Rel[1] == nil || a == 0 || math.Abs(*m.Rel[1]-(b-a)/math.Abs(a)) > tol {
			t.Errorf("kernel_peak %v: relative differences %v", m.Values, m.Rel)
		}
	}
	if !found {
		t.Error("no kernel_peak among the measurements")
	}
	html := mustRun(t, dir, "compare", "-format", "html", "sweep.toml").stdout
	page := strings.TrimSpace(html)
	b, err := os.ReadFile(filepath.Join(dir, page))
	if err != nil || !strings.Contains(string(b), `id="chart_compare_kernels"`) || !strings.Contains(string(b), `id="chart_compare_convergence"`) {
		t.Errorf("the compare page %s: %v", page, err)
	}
	index, _ := os.ReadFile(filepath.Join(dir, "results", "reports", "index.html"))
	if !strings.Contains(string(index), filepath.Base(page)) {
		t.Error("the index does not link the compare page")
	}
	if r := invoke(t, dir, "compare", "sweep.toml@dynamics.lambda=15"); r.code != 1 || !strings.Contains(r.stderr, "no run of sweep.toml at dynamics.lambda=15") {
		t.Errorf("a point the sweep has not: exit %d\n%s", r.code, r.stderr)
	}
}

// A law is checked when its manifest loads, by every command, and the
// table shows its columns; table without a manifest prints its own usage.
func TestLawsAndUsage(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bad.toml"), smallManifest+"\n[[law]]\nmeasure = \"kernel_peek\"\npredict = \"1\"\n")
	if r := invoke(t, dir, "run", "bad.toml"); r.code != 1 || !strings.Contains(r.stderr, "bad.toml:10: law.measure \"kernel_peek\" is not a measurement (did you mean kernel_peak?)") {
		t.Errorf("an unknown measure: exit %d\n%s", r.code, r.stderr)
	}
	writeFile(t, filepath.Join(dir, "bad2.toml"), smallManifest+"\n[[law]]\nmeasure = \"kernel_peak\"\npredict = \"1 / dynamics.lamda\"\n")
	if r := invoke(t, dir, "table", "bad2.toml"); r.code != 1 || !strings.Contains(r.stderr, "bad2.toml:11: law.predict no manifest key dynamics.lamda (did you mean dynamics.lambda?)") {
		t.Errorf("an unknown key: exit %d\n%s", r.code, r.stderr)
	}
	for _, args := range [][]string{{"table"}, {"report", "-prune"}} {
		r := invoke(t, dir, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "usage: ringwave "+args[0]) || strings.Contains(r.stderr, "ringwave run ") {
			t.Errorf("%v without a manifest: exit %d, want 2 and that command's usage only\n%s", args, r.code, r.stderr)
		}
	}
	if r := invoke(t, dir, "table", "nothere.toml"); r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("a missing manifest: exit %d, want 1 and one line\n%s", r.code, r.stderr)
	}
	writeFile(t, filepath.Join(dir, "sweep.toml"), compareSweep)
	mustRun(t, dir, "run", "-q", "sweep.toml")
	csv := mustRun(t, dir, "table", "-format", "csv", "-columns", "dynamics.lambda,law.*", "-sort", "-dynamics.lambda", "sweep.toml").stdout
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 4 || lines[0] != "dynamics.lambda,law.kernel_peak,law.kernel_peak.rel_diff" || !strings.HasPrefix(lines[1], "40,0.025,") {
		t.Errorf("table -columns law.* -sort -dynamics.lambda:\n%s", csv)
	}
}
