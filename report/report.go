package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/renameio/v2"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
	"ringwave/sim"
)

// Options control Write.
type Options struct {
	Results string    // the results directory, holding cache/
	Out     string    // where the pages go; "" is Results/reports
	ECharts string    // path of echarts.min.js; "" searches (see findECharts)
	Log     io.Writer // warnings; nil discards them
}

// Write renders one page per manifest, a section per run, and index.html
// into opt.Out, copies echarts.min.js beside them, and returns the paths of
// the pages in the order written. A run that is not cached (or cannot be
// read) gets a notice in its section and in the index; once every page is
// written, Write returns an error naming them.
func Write(ms []*manifest.Manifest, runs []*manifest.Run, opt Options) ([]string, error) {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if opt.Out == "" {
		opt.Out = filepath.Join(opt.Results, "reports")
	}
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return nil, err
	}
	w := &writer{opt: opt, runs: runs, opened: map[string]opened{}, fulls: map[string]*analysis.FullInput{}}
	c := cache.Cache{Dir: opt.Results}
	for _, r := range runs { // one lookup per run, for the stamp and the pages
		if _, ok := w.opened[r.Key]; !ok {
			res, state, problem := c.Open(r)
			w.opened[r.Key] = opened{res, state, problem}
		}
	}
	echarts := findECharts(opt.ECharts)
	st := stamp(ms, runs, w.opened, echarts)
	pages := make([]string, 0, len(ms)+1)
	for _, m := range ms {
		pages = append(pages, filepath.Join(opt.Out, pageFile(m)))
	}
	pages = append(pages, filepath.Join(opt.Out, "index.html"))
	if upToDate(opt.Out, st, pages) {
		return pages, nil
	}
	if err := writeStamp(opt.Out, ""); err != nil { // pages about to change
		return nil, err
	}
	haveECharts, err := installECharts(echarts, opt.ECharts, opt.Out, opt.Log)
	if err != nil {
		return nil, err
	}
	var written []string
	for _, m := range ms {
		pg := w.manifestPage(m)
		pg.NoECharts = !haveECharts
		path, err := w.write(pg)
		if err != nil {
			return written, err
		}
		written = append(written, path)
	}
	path, err := w.write(w.indexPage(ms))
	if err != nil {
		return written, err
	}
	written = append(written, path)
	if err := w.problems(); err != nil {
		return written, err
	}
	return written, writeStamp(opt.Out, st)
}

// opened is the outcome of opening a run's cache entry.
type opened struct {
	res     *cache.Result // nil unless state is Cached
	state   cache.State
	problem error // why a corrupt entry is
}

// writer renders the pages of one call of Write.
type writer struct {
	opt    Options
	runs   []*manifest.Run
	opened map[string]opened              // by key
	fulls  map[string]*analysis.FullInput // full runs read, by key: a reference is read once
	rows   []indexRow
	bad    []*manifest.Run // not cached or not readable
	why    []string        // for each of bad: its name and what is wrong
}

func (w *writer) write(p *page) (string, error) {
	b, err := p.render()
	if err != nil {
		return "", err
	}
	path := filepath.Join(w.opt.Out, p.File)
	return path, renameio.WriteFile(path, b, 0o644)
}

// runsOf returns the runs of manifest m, in sweep order.
func (w *writer) runsOf(m *manifest.Manifest) []*manifest.Run {
	var out []*manifest.Run
	for _, r := range w.runs {
		if r.Manifest == m {
			out = append(out, r)
		}
	}
	return out
}

func (w *writer) manifestPage(m *manifest.Manifest) *page {
	title := m.Title
	if title == "" {
		title = m.Name
	}
	pg := &page{File: pageFile(m), Title: title, Manifest: m.Path, Description: m.Description, Reference: m.Reference, Charts: true}
	cs := &chartSet{}
	for i, r := range w.runsOf(m) {
		info := analysis.NewInfo(r, fmt.Sprintf("run%d", i+1))
		sec := section{Anchor: info.Anchor, Title: r.Name}
		res, err := w.open(r, &info)
		if err == nil {
			if r.Params.Model == sim.Full {
				var in *analysis.FullInput
				if in, err = w.loadFull(res, info); err == nil {
					sec.Blocks = fullSection(cs, analysis.AnalyseFull(in))
				}
			} else {
				var in *analysis.SymmetryInput
				if in, err = analysis.LoadSymmetry(res, info); err == nil {
					in.Ref, in.RefNote = w.reference(r)
					sec.Blocks = symmetrySection(cs, analysis.AnalyseSymmetry(in))
				}
			}
		}
		if err != nil {
			sec.Notice = err.Error()
			w.bad = append(w.bad, r)
			w.why = append(w.why, r.Name+": "+err.Error())
			if info.Status == "cached" {
				info.Status = "unreadable"
			}
		}
		sec.Meta = runMeta(info)
		pg.Sections = append(pg.Sections, sec)
		w.rows = append(w.rows, indexRow{Info: info, Page: pg.File, Title: title})
	}
	return pg
}

// open returns the cached result of r, filling in its status and timings.
func (w *writer) open(r *manifest.Run, info *analysis.Info) (*cache.Result, error) {
	o := w.opened[r.Key]
	info.Status = o.state.String()
	switch o.state {
	case cache.Missing:
		return nil, fmt.Errorf("not computed yet: run `%s`", w.runCommand(r.Manifest.Path))
	case cache.Corrupt:
		return nil, fmt.Errorf("the cache entry is corrupt (%v): run `%s` to recompute it", o.problem, w.runCommand(r.Manifest.Path))
	}
	rec := o.res.Record
	info.Wall, info.Speed = rec.Provenance.WallSeconds, rec.Provenance.StepsPerSecond
	res := *o.res
	res.Run = r // the same key in another manifest is that manifest's run
	return &res, nil
}

func (w *writer) runCommand(manifests ...string) string {
	cmd := "ringwave run"
	if filepath.Clean(w.opt.Results) != "results" {
		cmd += " -results " + w.opt.Results
	}
	return cmd + " " + strings.Join(manifests, " ")
}

func (w *writer) loadFull(res *cache.Result, info analysis.Info) (*analysis.FullInput, error) {
	if in, ok := w.fulls[info.Key]; ok {
		c := *in
		c.Run = info // the same run in another page has that page's anchor
		return &c, nil
	}
	in, err := analysis.LoadFull(res, info)
	if err == nil {
		w.fulls[info.Key] = in
	}
	return in, err
}

// reference returns the full run a kernel run is compared with: a run of
// its manifest's reference with the same network, dynamics, input, sigmoid
// and initial phase (a comparison of different models is meaningless
// otherwise), the one with the same sweep point if there is one. The note
// says why there is none.
func (w *writer) reference(r *manifest.Run) (*analysis.FullInput, string) {
	m := r.Manifest
	if m.Reference == "" {
		return nil, "the manifest names no reference"
	}
	refAbs, _ := filepath.Abs(m.Reference)
	var pick *manifest.Run
	found := false
	for _, c := range w.runs {
		if abs, _ := filepath.Abs(c.Manifest.Path); abs != refAbs || c.Params.Model != sim.Full {
			continue
		}
		found = true
		if samePhysics(c, r) && (pick == nil || c.PointLabel() == r.PointLabel()) {
			pick = c
		}
	}
	switch {
	case !found:
		return nil, fmt.Sprintf("%s has no full-model run", m.Reference)
	case pick == nil:
		return nil, fmt.Sprintf("no run of %s has the parameters of this run (network, dynamics, input, phi, initial phase)", m.Reference)
	}
	info := analysis.NewInfo(pick, "")
	res, err := w.open(pick, &info)
	if err != nil {
		return nil, fmt.Sprintf("the reference run %s is %v", pick.Name, err)
	}
	in, err := w.loadFull(res, info)
	if err != nil {
		return nil, fmt.Sprintf("the reference run %s cannot be read: %v", pick.Name, err)
	}
	return in, ""
}

// samePhysics reports whether two runs simulate the same network: the same
// parameters but for the model, the initial weights and what is recorded.
func samePhysics(a, b *manifest.Run) bool {
	pa, pb := a.Params, b.Params
	pa.Model, pb.Model = "", ""
	return pa == pb
}

// problems returns the error naming the runs that could not be shown.
func (w *writer) problems() error {
	if len(w.bad) == 0 {
		return nil
	}
	var manifests []string
	seen := map[string]bool{}
	for _, r := range w.bad {
		if !seen[r.Manifest.Path] {
			seen[r.Manifest.Path] = true
			manifests = append(manifests, r.Manifest.Path)
		}
	}
	return errors.New(fmt.Sprintf("%s\n%d of %d runs are not computed yet or cannot be read (their sections say why): run `%s`",
		strings.Join(w.why, "\n"), len(w.bad), len(w.runs), w.runCommand(manifests...)))
}

// pageFile is the page of a manifest: its name, unique among the manifests
// of one call (LoadAll checks).
func pageFile(m *manifest.Manifest) string {
	return m.Name + ".html"
}
