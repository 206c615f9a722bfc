package report

import (
	"html/template"
	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// indexRow is one run in index.html.
type indexRow struct {
	Info  analysis.Info
	Page  string // the page of its manifest
	Title string // the manifest's title
}

// indexTable is the body of index.html.
type indexTable struct {
	Table *table
	Text  template.HTML
}

func (w *writer) indexPage(ms []*manifest.Manifest) *page {
	t := &table{Head: []string{"report", "run", "model", "N", "dt (ms)", "periods", "τ_x (ms)", "τ_d (ms)", "τ_w (s)", "λ", "status", "key", "wall time"}}
	for _, r := range w.rows {
		p := r.Info.Params
		row := []template.HTML{
			htmlf(`<a href="%s">%s</a>`, r.Page, r.Title),
			htmlf(`<a href="%s#%s">%s</a>`, r.Page, r.Info.Anchor, r.Info.Name),
		}
		row = append(row, cellsOf(string(p.Model), itoa(p.Neurons), g(1e3*p.Dt), g(p.Periods), g(1e3*p.TauX), g(1e3*p.TauD), g(p.TauW), g(p.Lambda))...)
		row = append(row, htmlf(`<span class="status-%s">%s</span>`, r.Info.Status, r.Info.Status))
		row = append(row, htmlf("<code>%s</code>", shortKey(r.Info.Key)))
		wall := ""
		if r.Info.Status == "cached" {
			wall = g(r.Info.Wall) + " s"
		}
		row = append(row, cellsOf(wall)...)
		t.Rows = append(t.Rows, row)
	}
	var paths []string
	for _, m := range ms {
		paths = append(paths, m.Path)
	}
	cached := 0
	for _, r := range w.rows {
		if r.Info.Status == "cached" {
			cached++
		}
	}
	text := htmlf("<b>%d runs, %d shown, %d not computed or unreadable.</b> ", len(w.rows), cached, len(w.rows)-cached)
	text += htmlf("One page per manifest, one section per run (a sweep has several). The key is the start of the run's cache key: "+
		"its outputs are in <code>%s/cache/&lt;2 hex&gt;/&lt;key&gt;/</code> as <code>.npy</code> files with a <code>run.json</code>. "+
		"To reproduce: <code>%s</code> then <code>ringwave report %s</code>. The pages are static and work offline: "+
		"to share them, send this whole directory (with <code>%s</code>).",
		w.opt.Results, w.runCommand(paths...), joinSpace(paths), echartsFile)
	return &page{File: "index.html", Title: "ringwave reports", Index: &indexTable{Table: t, Text: text}}
}
