package report

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ringwave/internal/runtest"
)

func TestNaturalOrder(t *testing.T) {
	got := []string{"bulk_10", "bulk_2", "bulk_1", "a", "bulk_02x", "bulk_11"}
	slices.SortFunc(got, naturalCompare)
	want := []string{"a", "bulk_1", "bulk_2", "bulk_02x", "bulk_10", "bulk_11"}
	if !slices.Equal(got, want) {
		t.Errorf("natural order %v, want %v", got, want)
	}
}

// After a rename -prune drops the old name's pages; after a sweep loses a
// value it drops that point's page; a second manifest file with a name
// already reported is refused, naming both files.
func TestIndexPruneAndNames(t *testing.T) {
	dir := t.TempDir()
	results, out := filepath.Join(dir, "results"), filepath.Join(dir, "reports")
	sweep := func(name, values string) string {
		return strings.Replace(runtest.Base, `name = "k"`, `name = "`+name+`"`, 1) + "[sweep]\n\"dynamics.lambda\" = [" + values + "]\n"
	}
	path := runtest.WriteManifest(t, dir, "s.toml", sweep("old", "10.0, 20.0"))
	reportOne(t, path, results, out, false)
	runtest.WriteManifest(t, dir, "s.toml", sweep("new", "10.0"))
	reportOne(t, path, results, out, true)
	exists := func(f string) bool { _, err := os.Stat(filepath.Join(out, f)); return err == nil }
	for _, f := range []string{"old.html", "old[dynamics.lambda=10].html", "old[dynamics.lambda=20].html"} {
		if exists(f) {
			t.Errorf("%s kept after the rename and -prune", f)
		}
	}
	if !exists("new.html") || !exists("new[dynamics.lambda=10].html") {
		t.Error("the renamed manifest's pages are missing")
	}
	// Drop a value, add it back elsewhere: the orphan page goes.
	runtest.WriteManifest(t, dir, "s.toml", sweep("new", "10.0, 30.0"))
	reportOne(t, path, results, out, false)
	runtest.WriteManifest(t, dir, "s.toml", sweep("new", "30.0"))
	reportOne(t, path, results, out, true)
	if exists("new[dynamics.lambda=10].html") || !exists("new[dynamics.lambda=30].html") {
		t.Error("-prune kept the page of a point the sweep no longer has, or dropped a current one")
	}
	// Another file with the same name: refused, both named.
	other := runtest.WriteManifest(t, dir, "t.toml", sweep("new", "40.0"))
	ms, runs := loadManifest(t, other)
	_, err := Write(context.Background(), ms, runs, Options{Results: results, Out: out, ECharts: filepath.Join(out, "none.js")})
	if err == nil || !strings.Contains(err.Error(), other) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "-prune") {
		t.Errorf("a second manifest with one name: %v", err)
	}
}
