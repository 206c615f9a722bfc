package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"ringwave/report/analysis"
)

// tableSweep is a sweep of two small kernel runs.
const tableSweep = smallManifest + `[sweep]
"dynamics.lambda" = [10.0, 20.0]
`

// The csv and json of `ringwave table` as a notebook reads them: pandas'
// read_csv where pandas is installed, Python's csv and json always; the
// swept key and the measurements are columns, missing values are empty.
func TestTableFromPython(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sweep.toml"), tableSweep)
	writeFile(t, filepath.Join(dir, "later.toml"), strings.Replace(smallManifest, `"small"`, `"later"`, 1))
	// Not computed yet: listed as such, with the command to type.
	r := mustRun(t, dir, "table", "-results", "out", "sweep.toml")
	if !strings.Contains(r.stdout, "missing") || !strings.Contains(r.stderr, "ringwave run -results out sweep.toml") {
		t.Errorf("uncached runs: stdout\n%s\nstderr\n%s", r.stdout, r.stderr)
	}
	mustRun(t, dir, "run", "-q", "-results", "out", "sweep.toml")
	csv := mustRun(t, dir, "table", "-results", "out", "-format", "csv", "-sort", "dynamics.lambda", "sweep.toml", "later.toml").stdout
	json := mustRun(t, dir, "table", "-results", "out", "-format", "json", "sweep.toml", "later.toml").stdout
	writeFile(t, filepath.Join(dir, "table.csv"), csv)
	writeFile(t, filepath.Join(dir, "table.json"), json)
	script := `
import csv, json, math
rows = list(csv.DictReader(open("table.csv")))
assert [r["status"] for r in rows] == ["cached", "cached", "missing"], [r["status"] for r in rows]
assert [r["dynamics.lambda"] for r in rows[:2]] == ["10", "20"], rows
for r in rows[:2]:
    lam = float(r["dynamics.lambda"])
    peak = float(r["kernel_peak"])
    assert peak > 0 and int(r["kernel_peak_offset"]) >= 0
    assert r["settled"] in ("true", "false") and r["regime"]
    assert len(r["zero_crossings"].split(";")) >= 2, r["zero_crossings"]
    float(r["theory_rel_diff"]); float(r["steady_rel_diff"]); float(r["weights_drift"])
assert rows[2]["kernel_peak"] == "" and rows[2]["name"] == "later"
data = json.load(open("table.json"))
assert len(data) == 3 and data[2]["kernel_peak"] is None and data[2]["status"] == "missing"
assert isinstance(data[0]["zero_crossings"], list) and isinstance(data[0]["settled"], bool)
assert data[0]["dynamics.lambda"] == 10.0 and abs(data[0]["kernel_peak"] - float(rows[0]["kernel_peak"])) < 1e-12
try:
    import pandas
except ImportError:
    print("no pandas")
else:
    df = pandas.read_csv("table.csv")
    assert list(df["dynamics.lambda"][:2]) == [10.0, 20.0] and df["kernel_peak"].isna().tolist() == [False, False, True]
    print("pandas ok")
print("ok")
`
	writeFile(t, filepath.Join(dir, "check.py"), script)
	p := python(t, dir, "check.py")
	if p.code != 0 || !strings.Contains(p.stdout, "ok") {
		t.Fatalf("python: exit %d\n%s%s", p.code, p.stdout, p.stderr)
	}
	t.Log(strings.TrimSpace(p.stdout))
	// Text: aligned columns, one line per run and the heading.
	text := mustRun(t, dir, "table", "-results", "out", "sweep.toml").stdout
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "name") || !strings.Contains(lines[0], "dynamics.lambda") ||
		strings.Index(lines[0], "status") != strings.Index(lines[1], "cached") || strings.Index(lines[1], "cached") != strings.Index(lines[2], "cached") {
		t.Errorf("text table:\n%s", text)
	}
	if r := invoke(t, dir, "table", "-results", "out", "-sort", "no_such_column", "sweep.toml"); r.code != 2 || !strings.Contains(r.stderr, "no column") {
		t.Errorf("-sort with an unknown column: exit %d\n%s", r.code, r.stderr)
	}
}

// Every measurement of the registry is a column of `table -format json`,
// with a value of its kind for a cached run (or null) and null for one
// that is not; the text format shows the registry's text columns.
func TestTableHasEveryMeasure(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sweep.toml"), tableSweep)
	writeFile(t, filepath.Join(dir, "later.toml"), strings.Replace(smallManifest, `"small"`, `"later"`, 1))
	mustRun(t, dir, "run", "-q", "-results", "out", "sweep.toml")
	var rows []map[string]any
	out := mustRun(t, dir, "table", "-results", "out", "-format", "json", "sweep.toml", "later.toml").stdout
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 3 {
		t.Fatalf("json: %v, %d rows\n%s", err, len(rows), out)
	}
	for _, e := range analysis.Registry {
		for i, row := range rows {
			v, ok := row[e.Name]
			if !ok {
				t.Errorf("row %d has no %s", i, e.Name)
				continue
			}
			if i == 2 { // later.toml: not computed
				if v != nil {
					t.Errorf("%s of a missing run is %v, want null", e.Name, v)
				}
				continue
			}
			var kind bool
			switch v.(type) {
			case nil:
				kind = e.Kind != analysis.Count // an offset or a count is never missing
			case float64:
				kind = e.Kind == analysis.Number || e.Kind == analysis.Count
			case []any:
				kind = e.Kind == analysis.Numbers
			case bool:
				kind = e.Kind == analysis.Flag
			case string:
				kind = e.Kind == analysis.Label
			}
			if !kind {
				t.Errorf("%s = %#v (%T) is not of its kind %v", e.Name, v, v, e.Kind)
			}
		}
	}
	// Every main measurement without a width limit; by default within 100
	// characters, and what is left out named on stderr.
	heading := strings.Fields(strings.SplitN(mustRun(t, dir, "table", "-results", "out", "-width", "0", "sweep.toml").stdout, "\n", 2)[0])
	narrow := mustRun(t, dir, "table", "-results", "out", "sweep.toml")
	for _, line := range strings.Split(strings.TrimSpace(narrow.stdout), "\n") {
		if n := utf8.RuneCountInString(line); n > 100 {
			t.Errorf("a line of %d characters by default, want at most 100: %q", n, line)
		}
	}
	for _, e := range analysis.In(analysis.InText) {
		if !strings.Contains(narrow.stdout, e.Name) && !strings.Contains(narrow.stderr, e.Name) {
			t.Errorf("%s is neither shown nor named as left out:\n%s%s", e.Name, narrow.stdout, narrow.stderr)
		}
	}
	for _, e := range analysis.In(analysis.InText) {
		if !slices.Contains(heading, e.Name) {
			t.Errorf("the text table has no %s: %v", e.Name, heading)
		}
	}
}
