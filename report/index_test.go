package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/runtest"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
)

// reportOne computes and reports one manifest into out, as one call of
// `ringwave report` does.
func reportOne(t *testing.T, path, results, out string, prune bool) []string {
	t.Helper()
	ms, runs := loadManifest(t, path)
	if err := (executor.Local{Cache: cache.Cache{Dir: results}}).Execute(context.Background(), runs); err != nil {
		t.Fatal(err)
	}
	pages, err := Write(context.Background(), ms, runs, Options{Results: results, Out: out, ECharts: filepath.Join(out, "none.js"), Prune: prune})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// loadManifest loads a manifest and its references and expands their runs.
func loadManifest(t *testing.T, path string) ([]*manifest.Manifest, []*manifest.Run) {
	t.Helper()
	ms, err := manifest.LoadAll([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	runs, err := manifest.ExpandAll(ms)
	if err != nil {
		t.Fatal(err)
	}
	return ms, runs
}

// The index lists every manifest reported into its directory, whichever
// call reported it, with outcomes; a manifest that is gone stays listed
// until -prune deletes its pages.
func TestIndexRemembers(t *testing.T) {
	dir := t.TempDir()
	results, out := filepath.Join(dir, "results"), filepath.Join(dir, "reports")
	one := runtest.WriteManifest(t, dir, "one.toml", runtest.Base)
	two := runtest.WriteManifest(t, dir, "two.toml", strings.Replace(runtest.Base, `name = "k"`, `name = "two"`, 1)+
		"[sweep]\n\"dynamics.lambda\" = [10.0, 20.0]\n")
	index := func() string {
		b, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	reportOne(t, one, results, out, false)
	reportOne(t, two, results, out, false)
	reportOne(t, one, results, out, false) // again: the sweep stays listed
	got := index()
	for _, want := range []string{`href="./k.html"`, `href="./two.html"`, `href="./two%5Bdynamics.lambda=10%5D.html"`, `class="sortable"`, "kernel peak"} {
		if !strings.Contains(got, want) {
			t.Errorf("the index lacks %q", want)
		}
	}
	if n := strings.Count(got, `class="status-cached"`); n != 3 {
		t.Errorf("the index lists %d cached runs, want 3", n)
	}
	// The manifest of the sweep is deleted: still listed, with a note.
	if err := os.Remove(two); err != nil {
		t.Fatal(err)
	}
	reportOne(t, one, results, out, false)
	if got := index(); !strings.Contains(got, `href="./two.html"`) || !strings.Contains(got, "no longer there") {
		t.Error("a report of another manifest dropped the sweep whose manifest is gone, or did not say it is gone")
	}
	// -prune deletes its pages and drops it.
	reportOne(t, one, results, out, true)
	if got := index(); strings.Contains(got, `href="./two.html"`) || !strings.Contains(got, `href="./k.html"`) {
		t.Error("-prune kept the sweep or dropped the page whose manifest exists")
	}
	for _, f := range []string{"two.html", "two[dynamics.lambda=10].html", "two[dynamics.lambda=20].html"} {
		if _, err := os.Stat(filepath.Join(out, f)); !os.IsNotExist(err) {
			t.Errorf("%s not deleted by -prune", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "k.html")); err != nil {
		t.Error(err)
	}
}

// A summary carries measurements, not arrays: 100 points stay well under
// 1 MB, and every point gets its own page.
func TestSweepSummaryIsSmall(t *testing.T) {
	dir := t.TempDir()
	var values []string
	for i := range 100 {
		values = append(values, fmt.Sprintf("%d.0", 10+i))
	}
	path := runtest.WriteManifest(t, dir, "big.toml", strings.Replace(runtest.Base, `name = "k"`, `name = "big"`, 1)+
		"[sweep]\n\"dynamics.lambda\" = ["+strings.Join(values, ", ")+"]\n")
	pages := reportOne(t, path, filepath.Join(dir, "results"), filepath.Join(dir, "reports"), false)
	if len(pages) != 102 { // the summary, 100 points, the index
		t.Fatalf("%d pages, want 102", len(pages))
	}
	st, err := os.Stat(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(pages[0]) != "big.html" || st.Size() > 500<<10 {
		t.Errorf("summary %s is %d bytes, want under 500 kB", pages[0], st.Size())
	}
	t.Logf("summary of 100 points: %d bytes", st.Size())
}
