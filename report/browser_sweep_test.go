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

// checkIndex opens the index at 1280 px: nothing wider than the window;
// the sweep's row opens to its points, which a click on the "report"
// heading keeps under it.
func checkIndex(t *testing.T, ctx context.Context, page string) {
	bctx := openAt1280(t, ctx, page)
	width, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > 1280 {
		t.Errorf("the index is %d px wide at a 1280 px window", width)
	}
	visible := `[...document.querySelectorAll("#reports tr.detail")].filter(r => r.offsetHeight > 0).length`
	closed, _ := chromedp.Run(bctx, chromedp.Evaluate[int](visible))
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("#reports button.toggle").click()`)); err != nil {
		t.Fatal(err)
	}
	open, _ := chromedp.Run(bctx, chromedp.Evaluate[int](visible))
	if closed != 0 || open != 3 {
		t.Errorf("the sweep's points: %d shown closed, %d open; want 0 and 3", closed, open)
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err == nil {
		os.WriteFile(filepath.Join(artifactDir(t), "index.png"), shot, 0o644)
	}
}

// openAt1280 opens a page in headless chromium 1280 px wide.
func openAt1280(t *testing.T, ctx context.Context, page string) context.Context {
	t.Helper()
	alloc, cancel := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))...)
	t.Cleanup(cancel)
	bctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+page)); err != nil {
		t.Fatal(err)
	}
	return bctx
}

// The index of reports made in separate calls: natural order, a filter
// box that keeps the matching reports (with their points), a heading that
// sorts whole reports and shows its arrow.
func TestIndexFilterInBrowser(t *testing.T) {
	chromium(t)
	dir := t.TempDir()
	results, out := filepath.Join(dir, "results"), filepath.Join(dir, "reports")
	for _, name := range []string{"bulk_10", "bulk_2", "bulk_1", "other"} {
		body := strings.Replace(runtest.Base, `name = "k"`, `name = "`+name+`"`, 1)
		if name == "bulk_2" {
			body += "[sweep]\n\"dynamics.lambda\" = [10.0, 20.0]\n"
		}
		reportOne(t, runtest.WriteManifest(t, dir, name+".toml", body), results, out, false)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	bctx := openAt1280(t, ctx, filepath.Join(out, "index.html"))
	names := `[...document.querySelectorAll("#reports tr.report")].filter(r => r.offsetHeight > 0).map(r => r.cells[1].textContent.trim()).join(" ")`
	read := func() string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Evaluate[string](names))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := read(); got != "bulk_1 bulk_2 bulk_10 other" {
		t.Errorf("order %q, want natural order", got)
	}
	// A value of a point of bulk_2 only: its report stays, the others go.
	filter := func(q string) {
		t.Helper()
		js := `(() => { const b = document.getElementById("filter"); b.value = "` + q + `"; b.dispatchEvent(new Event("input")); })()`
		if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](js)); err != nil {
			t.Fatal(err)
		}
	}
	filter("lambda=20")
	if got := read(); got != "bulk_2" {
		t.Errorf("filtered by a point's value: %q, want bulk_2", got)
	}
	filter("bulk_1")
	if got := read(); got != "bulk_1 bulk_10" {
		t.Errorf("filtered by bulk_1: %q", got)
	}
	filter("")
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`(() => { document.querySelectorAll("#reports th")[1].click(); document.querySelectorAll("#reports th")[1].click(); })()`)); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "other bulk_10 bulk_2 bulk_1" {
		t.Errorf("sorted by report, descending: %q", got)
	}
	arrow, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelectorAll("#reports th")[1], "::after").content`))
	if !strings.Contains(arrow, "▼") {
		t.Errorf("the sorted heading shows %q, want ▼", arrow)
	}
	// The sweep's points moved with it: right after its row.
	next, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`(() => { const r = [...document.querySelectorAll("#reports tr.report")].find(r => r.cells[1].textContent.trim() == "bulk_2"); return r.nextElementSibling.className; })()`))
	if next != "detail" {
		t.Errorf("the row after bulk_2 is %q, want its points", next)
	}
}

// A 2-D sweep's summary draws a map per measurement over the two keys,
// each painted, with the laws' sections.
func TestSweepMapsInBrowser(t *testing.T) {
	chromium(t)
	js := echartsForTest(t)
	dir := t.TempDir()
	results, out := filepath.Join(dir, "results"), filepath.Join(dir, "reports")
	body := strings.Replace(runtest.Base, `name = "k"`, `name = "grid"`, 1) + "[record]\nweights_every = 32\n" +
		"[sweep]\n\"dynamics.lambda\" = [10.0, 20.0]\n\"dynamics.tau_w\" = [5.0, 10.0, 20.0]\n" +
		"[[law]]\nmeasure = \"decay_rate\"\npredict = \"dynamics.lambda / dynamics.tau_w\"\ntolerance = 0.01\n"
	path := runtest.WriteManifest(t, dir, "grid.toml", strings.Replace(body, "periods = 5", "periods = 40", 1))
	reportOne(t, path, results, out, false)
	pages, err := writeWith(t, path, results, out, js)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(pages[0])
	if n := strings.Count(string(html), `id="chart_map`); n < 3 {
		t.Errorf("%d maps in the summary of a 2-D sweep, want one per charted measurement (≥ 3)", n)
	}
	if !strings.Contains(string(html), "Law: decay_rate") {
		t.Error("the summary has no section for its law")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	checkPage(t, ctx, pages[0], artifactDir(t))
}

// A compare page draws its three overlays in Chromium.
func TestComparePageInBrowser(t *testing.T) {
	chromium(t)
	js := echartsForTest(t)
	dir := t.TempDir()
	results, out := filepath.Join(dir, "results"), filepath.Join(dir, "reports")
	body := strings.Replace(runtest.Base, `name = "k"`, `name = "two"`, 1) + "[record]\nweights_every = 32\n[sweep]\n\"dynamics.lambda\" = [10.0, 40.0]\n"
	path := runtest.WriteManifest(t, dir, "two.toml", strings.Replace(body, "periods = 5", "periods = 40", 1))
	reportOne(t, path, results, out, false)
	_, runs := loadManifest(t, path)
	cmp, err := NewComparison(results, runs, true)
	if err != nil {
		t.Fatal(err)
	}
	page, err := cmp.WriteHTML(context.Background(), Options{Results: results, Out: out, ECharts: js})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	states, messages, banner, shot := browse(t, ctx, page, true)
	os.WriteFile(filepath.Join(artifactDir(t), "compare.png"), shot, 0o644)
	if len(states) != 3 {
		t.Errorf("%d charts on the compare page, want 3 (kernels, convergence, activity)", len(states))
	}
	for _, s := range states {
		if !s.Instance || s.Painted < 50 { // as checkPage: an empty canvas paints 0
			t.Errorf("chart %s did not render: %+v", s.ID, s)
		}
	}
	for _, m := range messages {
		t.Errorf("console: %s", m)
	}
	if banner {
		t.Error("the missing-echarts banner shows although echarts.min.js is there")
	}
}
