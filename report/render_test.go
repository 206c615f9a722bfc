package report

import (
	"bytes"
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ringwave/internal/smallruns"
	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
	"ringwave/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The same runs render the same bytes: chart IDs come from names, numbers
// are formatted alike, nothing records the time of rendering.
func TestWriteIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	ms, runs, results := smallruns.Compute(t, dir)
	// No echarts script: the pages must not depend on it (and a missing
	// one is a warning, not an error).
	var log bytes.Buffer
	noScript := filepath.Join(dir, "none.js")
	first, err := Write(context.Background(), ms, runs, Options{Results: results, Out: filepath.Join(dir, "a"), ECharts: noScript, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	second, err := Write(context.Background(), ms, runs, Options{Results: results, Out: filepath.Join(dir, "b"), ECharts: noScript})
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 3 || len(second) != 3 {
		t.Fatalf("pages %v and %v, want two reports and the index", first, second)
	}
	if !strings.Contains(log.String(), "warning") {
		t.Errorf("no warning about the missing echarts script: %q", log.String())
	}
	randomID := regexp.MustCompile(`id="[A-Za-z]{20}"`) // go-echarts' own IDs
	for i := range first {
		a, err := os.ReadFile(first[i])
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(second[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s and %s differ", first[i], second[i])
		}
		page := string(a)
		if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
			t.Errorf("%s refers to the network", first[i])
		}
		if randomID.MatchString(page) {
			t.Errorf("%s has a random chart ID", first[i])
		}
		if len(a) > 5<<20 {
			t.Errorf("%s is %d bytes", first[i], len(a))
		}
		if filepath.Base(first[i]) != "index.html" && !strings.Contains(page, `id="echarts-missing"`) {
			t.Errorf("%s has no banner for a missing echarts script", first[i])
		}
	}
}

func TestWriteBeforeRun(t *testing.T) {
	ms, runs, results := smallruns.Load(t, t.TempDir(), smallruns.Full, smallruns.Kernel)
	pages, err := Write(context.Background(), ms, runs, Options{Results: results})
	if err == nil || !strings.Contains(err.Error(), "not computed yet") || !strings.Contains(err.Error(), "ringwave run -results "+results) {
		t.Fatalf("error %v, want one saying to run ringwave run", err)
	}
	if len(pages) != 3 {
		t.Fatalf("pages %v: every page is written anyway", pages)
	}
	index, _ := os.ReadFile(filepath.Join(results, "reports", "index.html"))
	if strings.Count(string(index), `class="status-missing"`) != 2 {
		t.Error("the index does not list both runs as missing")
	}
	kernel, _ := os.ReadFile(filepath.Join(results, "reports", "small_kernel.html"))
	if !strings.Contains(string(kernel), "not computed yet: run `ringwave run") {
		t.Error("the page does not say that its run is not computed")
	}
}

// TestGolden renders a page from synthetic runs (no simulation, so that
// changes in sim do not move it) and compares it with testdata/golden.html.
// go test ./report -run Golden -update rewrites it.
func TestGolden(t *testing.T) {
	full, kernel := syntheticRuns()
	fa, ka := analysis.AnalyseFull(full), analysis.AnalyseSymmetry(kernel)
	cs := &chartSet{}
	pg := &page{File: "golden.html", Title: "Synthetic runs", Manifest: "experiments/synthetic.toml", Charts: true}
	pg.Sections = []section{
		{Anchor: "run1", Title: full.Run.Name, Meta: runMeta(full.Run), Blocks: fullSection(cs, "run1", fa, fa.Measurements())},
		{Anchor: "run2", Title: kernel.Run.Name, Meta: runMeta(kernel.Run), Blocks: symmetrySection(cs, "run2", ka, ka.Measurements())},
	}
	got, err := pg.render()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden.html")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./report -run Golden -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				c := 0
				for c < len(gl[i]) && c < len(wl[i]) && gl[i][c] == wl[i][c] {
					c++
				}
				from := max(0, c-80)
				t.Fatalf("differs from %s at line %d, column %d:\n got …%.200s\nwant …%.200s\n(go test ./report -run Golden -update after checking)",
					path, i+1, c+1, gl[i][from:], wl[i][from:])
			}
		}
		t.Fatalf("differs from %s in length: %d lines, want %d", path, len(gl), len(wl))
	}
}

// syntheticRuns builds a full and a kernel run of N = 16 from closed
// forms: activity from SquareWave, weights from SquareWaveKernel.
func syntheticRuns() (*analysis.FullInput, *analysis.SymmetryInput) {
	const n = 16
	p := sim.Default(sim.Full)
	p.Neurons, p.Dt, p.Period, p.Periods, p.TauW = n, 0.1/n, 0.1, 6, 10
	s := manifest.DefaultSettings()
	s.Network.Neurons, s.Network.Dt, s.Network.Periods, s.Dynamics.TauW = n, p.Dt, p.Periods, p.TauW
	s.Record.WeightsEvery = n
	info := analysis.Info{Name: "synthetic_full", Manifest: "experiments/synthetic.toml",
		Key: strings.Repeat("0123456789abcdef", 4), Params: p, Settings: s, Status: "cached", Wall: 1.25, Speed: 76.8}

	steps := p.Steps()
	rates := make([]float64, steps*n)
	for i := range steps {
		for x := range n {
			rates[i*n+x] = analysis.SquareWave(float64(i+x)*p.Dt, p.Period, p.TauX)
		}
	}
	win := func(from, to int) analysis.Window {
		return analysis.Window{Start: from, Rows: to - from, Values: rates[from*n : to*n]}
	}
	steady := analysis.SquareWaveKernel(n, p.Period, p.TauX, float64(p.Delay())*p.Dt, p.Lambda)
	w := analysis.Circulant(steady)
	for i := range w {
		w[i] += 0.01 * math.Sin(float64(i)*0.7)
	}
	full := &analysis.FullInput{Run: info, First: win(0, 3*n), Last: win(steps-3*n, steps), Weights: w, Initial: make([]float64, n*n)}
	snaps := steps / n
	for k := range snaps {
		tk := float64(k*n) * p.Dt
		full.HistoryTimes = append(full.HistoryTimes, tk)
		full.HistoryDist = append(full.HistoryDist, math.Exp(-2*tk)-math.Exp(-2*float64((snaps-1)*n)*p.Dt))
	}
	full.HistoryNorm = 1

	kinfo := info
	kinfo.Name, kinfo.Params.Model, kinfo.Settings.Model = "synthetic_kernel", sim.Kernel, "kernel"
	kinfo.Key = strings.Repeat("fedcba9876543210", 4)
	kernel := &analysis.SymmetryInput{Run: kinfo, Last: win(steps-n, steps), Initial: make([]float64, n), HistoryRows: snaps, Ref: full}
	for k := range snaps {
		tk := float64(k*n) * p.Dt
		kernel.HistoryTimes = append(kernel.HistoryTimes, tk)
		for j := range n {
			kernel.History = append(kernel.History, steady[j]*(1-math.Exp(-2*tk)))
		}
	}
	kernel.Kernel = kernel.History[(snaps-1)*n:]
	return full, kernel
}

// A sweep gets a summary linking a page per point; a kernel run is
// compared only with a full run of the same parameters.
func TestWriteSweep(t *testing.T) {
	dir := t.TempDir()
	sweep := strings.Replace(smallruns.Kernel, "[record]", "[sweep]\n\"dynamics.lambda\" = [10.0, 20.0]\n[record]", 1)
	ms, runs, results := smallruns.ComputeThese(t, dir, smallruns.Full, sweep)
	if _, err := Write(context.Background(), ms, runs, Options{Results: results}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(results, "reports", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	summary := read("small_kernel.html")
	for _, want := range []string{
		`href="small_kernel%5Bdynamics.lambda=10%5D.html"`, `href="small_kernel%5Bdynamics.lambda=20%5D.html"`,
		"Against dynamics.lambda", "Kernel peak against dynamics.lambda",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	for page, want := range map[string]string{
		"small_kernel[dynamics.lambda=10].html": "No full model to compare with: no run of", // λ = 10
		"small_kernel[dynamics.lambda=20].html": "The full model's kernel",                  // λ = 20
	} {
		if p := read(page); !strings.Contains(p, want) || !strings.Contains(p, `href="small_kernel.html"`) {
			t.Errorf("%s lacks %q or a link to its summary", page, want)
		}
	}
	if n := strings.Count(read("index.html"), `class="status-cached"`); n != 3 {
		t.Errorf("the index lists %d cached runs, want 3", n)
	}
}
