package report

import (
	"fmt"
	"path/filepath"
	"strings"

	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// maxPageFile bounds the name of a page in bytes: one path element has at
// most 255, and the temporary file of its atomic write adds a dot and up
// to 20 digits.
const maxPageFile = 230

// pointFile is the page of one point of a sweep: the manifest's name with
// the point in brackets, made one path element. A long label is cut by the
// rule of the run's directory (Run.CutLabel: its first bytes, "~" and 16
// hex digits of its sha256) to fit beside the name.
func pointFile(r *manifest.Run) string {
	name := r.Manifest.Name
	return name + "[" + r.CutLabel(maxPageFile-len(name)-len("[].html")) + "].html"
}

// filesOf returns the paths of the pages of manifest m.
func (w *writer) filesOf(m *manifest.Manifest) []string {
	files := []string{filepath.Join(w.opt.Out, pageFile(m))}
	if len(m.Axes()) > 0 {
		for _, r := range w.runsOf(m) {
			files = append(files, filepath.Join(w.opt.Out, pointFile(r)))
		}
	}
	return files
}

// manifestPages writes the pages of m and its record for the index, and
// returns the paths written. A manifest without a sweep gets one page with
// a section per run. A sweep gets a page per point, written one at a time
// so that only the points' measurements stay in memory, and a summary.
func (w *writer) manifestPages(m *manifest.Manifest) ([]string, error) {
	title := m.Title
	if title == "" {
		title = m.Name
	}
	rec := pageRecord{Manifest: m.Path, Name: m.Name, Title: title, File: pageFile(m)}
	var upstream string
	if u := m.Upstream; u != nil {
		upstream, rec.Upstream, rec.UpstreamFile = u.Path, u.Name, pageFile(u)
	}
	rec.Abs, _ = filepath.Abs(m.Path)
	var written []string
	if len(m.Axes()) == 0 {
		pg := &page{File: pageFile(m), Title: title, Manifest: m.Path, Description: m.Description, Reference: m.Reference, Upstream: upstream, Charts: true}
		cs := &chartSet{}
		for i, r := range w.runsOf(m) {
			sec, info, meas := w.runSection(cs, r, fmt.Sprintf("run%d", i+1))
			pg.Sections = append(pg.Sections, sec)
			rec.Runs = append(rec.Runs, newRunRecord(info, pg.File, sec.Anchor, meas))
		}
		path, err := w.write(pg)
		if err != nil {
			return nil, err
		}
		return []string{path}, w.saveRecord(rec)
	}
	var pts []sweepPoint
	runs := w.runsOf(m)
	for _, r := range runs {
		pg := &page{File: pointFile(r), Title: title + ": " + r.PointLabel(), Manifest: m.Path, Description: m.Description,
			Reference: m.Reference, Upstream: upstream, Charts: true, Up: pageFile(m)}
		sec, info, meas := w.runSection(&chartSet{}, r, "run")
		pg.Sections = []section{sec}
		path, err := w.write(pg)
		if err != nil {
			return written, err
		}
		written = append(written, path)
		if meas != nil && !(len(m.Axes()) == 1 && len(runs) <= maxOverlay) {
			c := *meas
			c.Curves = analysis.Curves{} // drawn only for a small 1-D sweep: keep a big one's memory small
			meas = &c
		}
		pts = append(pts, sweepPoint{Run: r, Page: pg.File, Status: info.Status, M: meas})
		rec.Runs = append(rec.Runs, newRunRecord(info, pg.File, sec.Anchor, meas))
		rec.Points = append(rec.Points, pg.File)
	}
	var axes []string
	for _, a := range m.Axes() {
		axes = append(axes, a.Key)
	}
	summary := &page{File: pageFile(m), Title: title, Manifest: m.Path, Description: m.Description, Reference: m.Reference, Upstream: upstream, Charts: true,
		Intro: htmlf("A sweep over %s: %d runs. This page sets every measurement against each swept key, with what theory predicts; "+
			"each point's own page has its charts.", strings.Join(axes, " × "), len(pts))}
	summary.Sections = summarySections(&chartSet{}, m, pts)
	path, err := w.write(summary)
	if err != nil {
		return written, err
	}
	return append([]string{path}, written...), w.saveRecord(rec)
}
