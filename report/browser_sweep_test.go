package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ringwave/internal/runtest"
)

// A sweep's summary draws every chart in Chromium, and the index is
// readable at 1280 px and sorts by a column when its heading is clicked.
func TestSweepSummaryInBrowser(t *testing.T) {
	chromium(t)
	js := echartsForTest(t)
	dir := t.TempDir()
	results, out := filepath.Join(dir, "results"), filepath.Join(dir, "reports")
	// Amplitudes from saturated to weak: every kind of point, a short run.
	body := strings.Replace(runtest.Base, `name = "k"`, `name = "amp"`, 1) + "[record]\nweights_every = 32\n[sweep]\n\"input.amplitude\" = [5000.0, 1.0, 0.1]\n"
	path := runtest.WriteManifest(t, dir, "amp.toml", strings.Replace(body, "periods = 5", "periods = 40", 1))
	reportOne(t, path, results, out, false)
	if err := os.Remove(filepath.Join(out, "none.js")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	pages, err := writeWith(t, path, results, out, js)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	artifacts := artifactDir(t)
	t.Run("summary", func(t *testing.T) { checkPage(t, ctx, pages[0], artifacts) })
	t.Run("point", func(t *testing.T) { checkPage(t, ctx, pages[1], artifacts) })
	t.Run("index", func(t *testing.T) { checkIndex(t, ctx, filepath.Join(out, "index.html")) })
}

// writeWith reports a computed manifest with the echarts script.
func writeWith(t *testing.T, path, results, out, js string) ([]string, error) {
	t.Helper()
	ms, runs := loadManifest(t, path)
	return Write(context.Background(), ms, runs, Options{Results: results, Out: out, ECharts: js})
}

// checkIndex opens the index at 1280 px: nothing wider than the window,
// and a click on the "N" heading, then on "run", reorders the rows.
func checkIndex(t *testing.T, ctx context.Context, page string) {
	alloc, cancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+page)); err != nil {
		t.Fatal(err)
	}
	width, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 1280 {
		t.Errorf("the index is %d px wide at a 1280 px window", width)
	}
	order := `[...document.querySelector("table.sortable").rows].slice(1).map(r => r.cells[1].textContent).join("|")`
	before, err := chromedp.Run(bctx, chromedp.Evaluate[string](order))
	if err != nil {
		t.Fatal(err)
	}
	// The runs are listed in sweep order (5000, 1, 0.1); sorting by the
	// run's name puts 0.1 first.
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("table.sortable th")[1].click()`)); err != nil {
		t.Fatal(err)
	}
	after, err := chromedp.Run(bctx, chromedp.Evaluate[string](order))
	if err != nil {
		t.Fatal(err)
	}
	if before == after || !strings.HasPrefix(after, "amp[input.amplitude=0.1]") {
		t.Errorf("clicking a heading did not sort the rows: %q, then %q", before, after)
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err == nil {
		os.WriteFile(filepath.Join(artifactDir(t), "index.png"), shot, 0o644)
	}
}
