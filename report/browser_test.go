package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"ringwave/internal/numpytest"
	"ringwave/internal/smallruns"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium returns Debian's chromium, or ends the test: skipped on a
// developer's machine, failed under CI (CI=true), where .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium: .ci/run must install Debian's chromium")
	}
	t.Skip("no chromium (apt-get install chromium)")
	return ""
}

// echartsForTest returns the fetched echarts script, or ends the test like
// chromium does: tools/fetch-echarts.sh (make echarts) puts it there.
func echartsForTest(t *testing.T) string {
	t.Helper()
	p := filepath.Join(numpytest.Root(t), echartsCache)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no %s: the Makefile must run tools/fetch-echarts.sh before the tests", p)
		}
		t.Skipf("no %s (run tools/fetch-echarts.sh)", p)
	}
	return p
}

// chartState is what the page says about one chart <div>.
type chartState struct {
	ID       string `json:"id"`
	Instance bool   `json:"instance"` // echarts.getInstanceByDom finds it
	Canvas   bool   `json:"canvas"`
	Width    int    `json:"width"`
	Painted  int    `json:"painted"` // sampled pixels that are not background
}

// inspect counts, for every chart <div> of the page, the sampled pixels of
// its canvas that differ from the white background.
const inspect = `(() => [...document.querySelectorAll("div.item")].map(d => {
	const inst = window.echarts ? echarts.getInstanceByDom(d) : undefined;
	const cv = d.querySelector("canvas");
	let painted = 0;
	if (cv && cv.width > 0 && cv.height > 0) {
		const px = cv.getContext("2d").getImageData(0, 0, cv.width, cv.height).data;
		for (let i = 0; i < px.length; i += 4 * 31) {
			if (px[i + 3] > 0 && (px[i] < 240 || px[i + 1] < 240 || px[i + 2] < 240)) painted++;
		}
	}
	return {id: d.id, instance: !!inst, canvas: !!cv, width: cv ? cv.width : 0, painted: painted};
}))()`

// browse opens a page in headless chromium and returns the state of its
// charts, the console messages (errors and exceptions) and a full-page
// screenshot (PNG). It waits until every chart has painted something, for
// at most the context's deadline.
func browse(t *testing.T, ctx context.Context, page string, wantCharts bool) ([]chartState, []string, bool, []byte) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // the tests may run as root in CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1000, 900),
	)
	alloc, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(alloc)
	defer cancel()

	var (
		mu       sync.Mutex
		messages []string
	)
	consoleCtx, stopConsole := context.WithCancel(bctx)
	console := chromedp.Console(consoleCtx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				messages = append(messages, m.String())
				mu.Unlock()
			}
		}
	}()

	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+page)); err != nil {
		t.Fatalf("open %s: %v", page, err)
	}
	if wantCharts {
		ready := `[...document.querySelectorAll("div.item")].every(d => {
			const cv = d.querySelector("canvas");
			return window.echarts && echarts.getInstanceByDom(d) && cv && cv.width > 0;
		})`
		if _, err := chromedp.Run(bctx, chromedp.Poll[bool](ready, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			t.Errorf("%s: the charts did not all appear: %v", page, err)
		}
	}
	// Two animation frames, so that a chart initialised last has painted.
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	states, err := chromedp.Run(bctx, chromedp.Evaluate[[]chartState](inspect))
	if err != nil {
		t.Fatal(err)
	}
	if ms, err := chromedp.Run(bctx, chromedp.Evaluate[float64](`performance.now()`)); err == nil {
		t.Logf("%s: charts drawn %.0f ms after navigation started", filepath.Base(page), ms)
	}
	banner, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(() => { const b = document.getElementById("echarts-missing"); return !!b && b.offsetHeight > 0; })()`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	stopConsole()
	<-done
	mu.Lock()
	defer mu.Unlock()
	return states, append([]string(nil), messages...), banner, shot
}

// artifactDir is where the screenshots are kept (git-ignored): $RINGWAVE_ARTIFACTS
// or results/test-artifacts at the module's root.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("RINGWAVE_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(numpytest.Root(t), "results", "test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReportsRenderInBrowser(t *testing.T) {
	chromium(t)
	js := echartsForTest(t)
	dir := t.TempDir()
	ms, runs, results := smallruns.Compute(t, dir)
	out := filepath.Join(dir, "reports")
	pages, err := Write(context.Background(), ms, runs, Options{Results: results, Out: out, ECharts: js})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	artifacts := artifactDir(t)
	for _, page := range pages {
		if filepath.Base(page) == "index.html" {
			continue
		}
		t.Run(filepath.Base(page), func(t *testing.T) { checkPage(t, ctx, page, artifacts) })
	}

	// Without the script, the page still opens, says why there are no
	// charts, and the console says what failed: this also shows that the
	// console is really listened to.
	t.Run("without echarts", func(t *testing.T) {
		bare := filepath.Join(dir, "bare")
		if _, err := Write(context.Background(), ms, runs, Options{Results: results, Out: bare, ECharts: filepath.Join(dir, "no-such-file.js")}); err != nil {
			t.Fatal(err)
		}
		_, messages, banner, shot := browse(t, ctx, filepath.Join(bare, "small_kernel.html"), false)
		os.WriteFile(filepath.Join(artifacts, "small_kernel-without-echarts.png"), shot, 0o644)
		if !banner {
			t.Error("no visible banner saying that the charts need echarts.min.js")
		}
		if len(messages) == 0 {
			t.Error("no console error although echarts.min.js is missing")
		}
	})
}

// checkPage opens a report page and checks that every chart rendered,
// without console errors; it keeps a screenshot in artifacts.
func checkPage(t *testing.T, ctx context.Context, page, artifacts string) {
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Count(string(html), "echarts.init(")
	states, messages, banner, shot := browse(t, ctx, page, true)
	shotPath := filepath.Join(artifacts, strings.TrimSuffix(filepath.Base(page), ".html")+".png")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shotPath)
	if len(states) != want || want < 4 {
		t.Errorf("%d chart divs, %d charts initialised in the HTML; want the same, at least 4", len(states), want)
	}
	for _, s := range states {
		// A chart that drew its axes and data colours well over a few
		// dozen of the ~2000 sampled pixels; an empty canvas 0.
		if !s.Instance || !s.Canvas || s.Width == 0 || s.Painted < 50 {
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

// TestBrowseReports checks rendered reports, such as the headline ones of
// `make`, in the browser as TestReportsRenderInBrowser does the small ones:
//
//	RINGWAVE_REPORTS=results/reports go test ./report -run BrowseReports -v
//
// It is skipped without RINGWAVE_REPORTS (a directory of pages).
func TestBrowseReports(t *testing.T) {
	dir := os.Getenv("RINGWAVE_REPORTS")
	if dir == "" {
		t.Skip("RINGWAVE_REPORTS is not set")
	}
	chromium(t)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(numpytest.Root(t), dir)
	}
	pages, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages in %s", dir)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	artifacts := artifactDir(t)
	for _, page := range pages {
		if filepath.Base(page) == "index.html" {
			continue
		}
		t.Run(filepath.Base(page), func(t *testing.T) { checkPage(t, ctx, page, artifacts) })
	}
}
