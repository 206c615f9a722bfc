package report

import (
	"context"
	"os"
	"path/filepath"
	"ringwave/internal/smallruns"
	"testing"
	"time"
)

// TestUnchangedReportsAreNotRendered: a second Write of the same runs
// rewrites nothing; a changed title, a deleted page or a recomputed run
// renders again.
func TestUnchangedReportsAreNotRendered(t *testing.T) {
	dir := t.TempDir()
	ms, runs, results := smallruns.Compute(t, dir)
	opt := Options{Results: results, Out: filepath.Join(dir, "out"), ECharts: filepath.Join(dir, "none.js")}
	pages, err := Write(context.Background(), ms, runs, opt)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Unix(1e9, 0)
	age := func() {
		for _, p := range pages {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	rewritten := func() (n int) {
		for _, p := range pages {
			st, err := os.Stat(p)
			if err != nil || !st.ModTime().Equal(old) {
				n++
			}
		}
		return n
	}
	age()
	if _, err := Write(context.Background(), ms, runs, opt); err != nil {
		t.Fatal(err)
	}
	if n := rewritten(); n != 0 {
		t.Errorf("an unchanged Write rewrote %d pages", n)
	}
	ms[0].Title += " (edited)"
	if _, err := Write(context.Background(), ms, runs, opt); err != nil {
		t.Fatal(err)
	}
	if n := rewritten(); n != len(pages) {
		t.Errorf("a new title rewrote %d of %d pages", n, len(pages))
	}
	age()
	os.Remove(pages[1])
	if _, err := Write(context.Background(), ms, runs, opt); err != nil {
		t.Fatal(err)
	}
	if n := rewritten(); n != len(pages) {
		t.Errorf("a deleted page: %d of %d pages rewritten", n, len(pages))
	}
}
