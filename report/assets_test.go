package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"ringwave/internal/smallruns"
)

// placeScript copies the fetched echarts script to path.
func placeScript(t *testing.T, js, path string) {
	t.Helper()
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// outside makes the test run where no .cache/echarts is in sight: the
// working directory and the user cache are fresh temporary directories, and
// the binary lives in another.
func outside(t *testing.T) (cwd, userCache, binDir string) {
	t.Helper()
	root := t.TempDir()
	cwd, userCache, binDir = filepath.Join(root, "work"), filepath.Join(root, "cache"), filepath.Join(root, "opt", "bin")
	for _, d := range []string{cwd, userCache, binDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(cwd)
	t.Setenv("XDG_CACHE_HOME", userCache)
	old := executable
	executable = func() (string, error) { return filepath.Join(binDir, "ringwave"), nil }
	t.Cleanup(func() { executable = old })
	return cwd, userCache, binDir
}

// TestFindEChartsFromAnywhere: each place a user may have the script is
// found from a directory outside the checkout, in the documented order.
func TestFindEChartsFromAnywhere(t *testing.T) {
	js := echartsForTest(t)
	cases := []struct {
		name  string
		place func(cwd, userCache, binDir string) string
	}{
		{"beside the binary", func(_, _, bin string) string { return filepath.Join(bin, echartsFile) }},
		{"the checkout of bin/ringwave", func(_, _, bin string) string { return filepath.Join(filepath.Dir(bin), echartsCache) }},
		{"the user cache", func(_, uc, _ string) string { return filepath.Join(uc, userECharts) }},
		{"a parent of the working directory", func(cwd, _, _ string) string { return filepath.Join(filepath.Dir(cwd), echartsCache) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cwd, uc, bin := outside(t)
			if got := findECharts(""); got != "" {
				t.Fatalf("found %s before placing any script", got)
			}
			want := c.place(cwd, uc, bin)
			placeScript(t, js, want)
			if got := findECharts(""); got != want {
				t.Errorf("findECharts = %q, want %q", got, want)
			}
		})
	}
	t.Run("a FIFO is not a script", func(t *testing.T) {
		_, uc, _ := outside(t)
		p := filepath.Join(uc, userECharts)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip(err)
		}
		if got := findECharts(""); got != "" {
			t.Errorf("findECharts = %q, a FIFO", got)
		}
	})
}

// TestReportFromAnotherDirectory draws a report from a directory outside
// the checkout, the script in the user cache that make echarts fills: every
// chart must paint (a report that missed the script has blank charts and a
// banner, and fails here). Without any script, the warning names -echarts.
func TestReportFromAnotherDirectory(t *testing.T) {
	chromium(t)
	js := echartsForTest(t)
	dir := t.TempDir()
	ms, runs, results := smallruns.Compute(t, dir)
	artifacts := artifactDir(t) // found from the checkout, before leaving it

	_, uc, _ := outside(t)
	var log bytes.Buffer
	if _, err := Write(context.Background(), ms, runs, Options{Results: results, Out: "bare", Log: &log}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "-echarts FILE") {
		t.Errorf("the warning without a script does not name -echarts FILE:\n%s", log.String())
	}

	placeScript(t, js, filepath.Join(uc, userECharts))
	pages, err := Write(context.Background(), ms, runs, Options{Results: results, Out: "reports"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	for _, page := range pages {
		if filepath.Base(page) == "small_kernel.html" {
			abs, _ := filepath.Abs(page)
			checkPage(t, ctx, abs, artifacts)
			return
		}
	}
	t.Fatalf("no small_kernel.html among %v", pages)
}
