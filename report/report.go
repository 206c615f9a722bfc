package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"ringwave/internal/safefile"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// Options control Write.
type Options struct {
	Results string    // the results directory, holding cache/
	Out     string    // where the pages go; "" is Results/reports
	ECharts string    // path of echarts.min.js; "" searches (see findECharts)
	Log     io.Writer // warnings; nil discards them
	// Prune deletes the pages of manifests that no longer exist, which the
	// index otherwise keeps listing.
	Prune bool
}

// Write renders the pages of each manifest into opt.Out: one page with a
// section per run, or for a sweep a summary page and one page per point;
// then index.html, which lists every manifest ever reported there (each
// call leaves a record of its pages in .pages/), and copies
// echarts.min.js beside them. It returns the paths of the pages in the
// order written. A run that is not cached (or cannot be read) gets a
// notice in its section and in the index; once every page is written,
// Write returns an error naming them. It holds the output directory's
// lock throughout, so that concurrent calls each see the other's record,
// and stops between pages when ctx is done.
func Write(ctx context.Context, ms []*manifest.Manifest, runs []*manifest.Run, opt Options) ([]string, error) {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	opt, unlock, err := openOut(ctx, opt)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := checkNames(opt.Out, ms); err != nil { // under the lock: records another call may be writing
		return nil, err
	}
	w := &writer{opt: opt, ctx: ctx, runs: runs, opened: map[string]opened{}, fulls: map[string]*analysis.FullInput{},
		refs: referenceKeys(ms, runs), store: analysis.NewStore(opt.Results)}
	c := cache.Cache{Dir: opt.Results}
	for _, r := range runs { // one lookup per run, for the stamp and the pages
		if _, ok := w.opened[r.Key]; !ok {
			res, state, problem := c.Open(r)
			w.opened[r.Key] = opened{res, state, problem}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	echarts := findECharts(opt.ECharts)
	st := stamp(ms, runs, w.opened, echarts, otherRecords(opt.Out, ms))
	var pages []string
	for _, m := range ms {
		pages = append(pages, w.filesOf(m)...)
	}
	pages = append(pages, filepath.Join(opt.Out, "index.html"))
	// The stamp vouches for the pages and for this call's records, which
	// the index is built from: a damaged record is written again too.
	stamped := slices.Clone(pages)
	for _, m := range ms {
		stamped = append(stamped, filepath.Join(opt.Out, recordsDir, m.Name+".json"))
	}
	if !opt.Prune && upToDate(opt.Out, st, stamped) {
		return pages, nil
	}
	if err := writeStamp(opt.Out, "", nil); err != nil { // pages about to change
		return nil, err
	}
	haveECharts, err := installECharts(echarts, opt.ECharts, opt.Out, opt.Log)
	if err != nil {
		return nil, err
	}
	w.noECharts = !haveECharts
	var written []string
	for _, m := range ms {
		files, err := w.manifestPages(m)
		written = append(written, files...)
		if err != nil {
			return written, err
		}
	}
	if opt.Prune {
		if err := prune(opt.Out, opt.Log); err != nil {
			return written, err
		}
	}
	path, err := w.writeIndex()
	if err != nil {
		return written, err
	}
	written = append(written, path)
	if msg := w.store.UnsavedWarning(); msg != "" {
		fmt.Fprintln(opt.Log, "ringwave report: "+msg)
	}
	if err := w.problems(); err != nil {
		return written, err
	}
	return written, writeStamp(opt.Out, st, stamped)
}

// opened is the outcome of opening a run's cache entry.
type opened struct {
	res     *cache.Result // nil unless state is Cached
	state   cache.State
	problem error // why a corrupt entry is
}

// writer renders the pages of one call of Write.
type writer struct {
	opt       Options
	runs      []*manifest.Run
	opened    map[string]opened              // by key
	fulls     map[string]*analysis.FullInput // reference runs read, by key: read once
	refs      map[string]bool                // keys of the runs some manifest is compared with
	ctx       context.Context
	store     *analysis.Store
	noECharts bool
	bad       []*manifest.Run // not cached or not readable
	why       []string        // for each of bad: its name and what is wrong
}

// openOut makes opt.Out ready for pages (default DIR/reports, never
// through a link, a directory that is new, empty or already a report's)
// and takes its lock; unlock releases it.
func openOut(ctx context.Context, opt Options) (_ Options, unlock func(), err error) {
	if opt.Out == "" {
		if err := os.MkdirAll(opt.Results, 0o755); err != nil {
			return opt, nil, err
		}
		if err := safefile.MkdirAll(opt.Results, "reports"); err != nil { // never written through a link
			return opt, nil, err
		}
		opt.Out = filepath.Join(opt.Results, "reports")
	} else if err := checkOut(opt.Out); err != nil {
		return opt, nil, err
	}
	if err := safefile.CheckDirs(opt.Out, recordsDir); err != nil {
		return opt, nil, err
	}
	unlock, err = lockOut(ctx, opt.Out)
	return opt, unlock, err
}

func (w *writer) write(p *page) (string, error) {
	if err := w.ctx.Err(); err != nil {
		return "", err
	}
	p.NoECharts = w.noECharts
	b, err := p.render()
	if err != nil {
		return "", err
	}
	path := filepath.Join(w.opt.Out, p.File)
	return path, safefile.WriteFile(path, b, 0o644)
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

// runSection renders the section of one run, and returns its measurements
// (nil when it cannot be shown); the analysis step (analysis.Store) keeps
// them for `ringwave table`.
func (w *writer) runSection(cs *chartSet, r *manifest.Run, anchor string) (section, analysis.Info, *analysis.Measurements) {
	info := analysis.NewInfo(r)
	sec := section{Anchor: anchor, Title: r.Name}
	var meas *analysis.Measurements
	res, err := w.open(r, &info)
	if err == nil {
		if r.Spec().Matrix {
			var in *analysis.FullInput
			if in, err = w.loadFull(res, info); err == nil {
				var a *analysis.Full
				if a, meas, err = w.store.Full(res, in); err == nil {
					sec.Blocks = append(replayBlocks(info, a.Replay), fullSection(cs, anchor, a, meas)...)
				}
			}
		} else {
			var in *analysis.SymmetryInput
			if in, err = analysis.LoadSymmetry(res, info); err == nil {
				in.Ref, in.RefNote = w.reference(r)
				var a *analysis.Symmetry
				if a, meas, err = w.store.Symmetry(res, in); err == nil {
					sec.Blocks = append(replayBlocks(info, a.Replay), symmetrySection(cs, anchor, a, meas)...)
				}
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
	return sec, info, meas
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
	return cache.Cache{Dir: w.opt.Results}.RunCommand(manifests...)
}

// loadFull reads a full run, once if it is a reference (other runs are
// not kept: a sweep of full runs is read one run at a time).
func (w *writer) loadFull(res *cache.Result, info analysis.Info) (*analysis.FullInput, error) {
	if in, ok := w.fulls[info.Key]; ok {
		c := *in
		c.Run = info // the same run in another manifest is that manifest's run
		return &c, nil
	}
	in, err := analysis.LoadFull(res, info)
	if err == nil && w.refs[info.Key] {
		w.fulls[info.Key] = in
	}
	return in, err
}

// referenceKeys returns the keys of the full runs of the manifests that
// some manifest names as its reference.
func referenceKeys(ms []*manifest.Manifest, runs []*manifest.Run) map[string]bool {
	named := map[string]bool{}
	for _, m := range ms {
		if m.Reference != "" {
			abs, _ := filepath.Abs(m.Reference)
			named[abs] = true
		}
	}
	keys := map[string]bool{}
	for _, r := range runs {
		if abs, _ := filepath.Abs(r.Manifest.Path); named[abs] && r.Spec().Matrix {
			keys[r.Key] = true
		}
	}
	return keys
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
		if abs, _ := filepath.Abs(c.Manifest.Path); abs != refAbs || !c.Spec().Matrix {
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
	info := analysis.NewInfo(pick)
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
