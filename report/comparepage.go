package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"ringwave/report/analysis"
)

// comparePrefix starts the name of every compare page, which the index
// lists (and `-prune` never touches: a comparison has no manifest).
const comparePrefix = "compare-"

// WriteHTML writes the comparison as one page in opt.Out (default
// results/reports): the tables of WriteText, and the runs' kernels,
// convergence and neuron 0's last period overlaid; then the index again,
// which links it. It returns the page's path.
func (c *Comparison) WriteHTML(ctx context.Context, opt Options) (string, error) {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	opt, unlock, err := openOut(ctx, opt)
	if err != nil {
		return "", err
	}
	defer unlock()
	have, err := installECharts(findECharts(opt.ECharts), opt.ECharts, opt.Out, opt.Log)
	if err != nil {
		return "", err
	}
	w := &writer{opt: opt, ctx: ctx, noECharts: !have}
	h := sha256.New()
	var names []string
	for _, cr := range c.Runs {
		h.Write([]byte(cr.Run.Key + "\n" + cr.Run.Name + "\n"))
		names = append(names, cr.Run.Name)
	}
	file := comparePrefix + hex.EncodeToString(h.Sum(nil))[:12] + ".html"
	title := "Compare " + strings.Join(names, " · ")
	if len(title) > 90 {
		title = fmt.Sprintf("Compare %d runs: %s …", len(names), names[0])
	}
	pg := &page{File: file, Title: title, Charts: true,
		Intro: htmlf("%d runs side by side: the parameters in which they differ (only those), every measurement some run has, with its relative difference from run 1, "+
			"and their kernels, convergence and activity on one chart each. Made by <code>ringwave compare -format html</code>.", len(c.Runs))}
	cs := &chartSet{}
	pg.Sections = []section{
		{Anchor: "runs", Title: "Runs", Blocks: []block{{Table: c.runsTable()}}},
		{Anchor: "parameters", Title: "Parameters that differ", Blocks: []block{c.htmlBlock(c.Parameters, "No parameter differs: the runs differ only in their names or manifests.")}},
		{Anchor: "measurements", Title: "Measurements", Blocks: []block{c.htmlBlock(c.Measures, "No run has measurements: none is computed.")}},
		{Anchor: "overlays", Title: "Kernels, convergence and activity", Blocks: c.overlays(cs)},
	}
	path, err := w.write(pg)
	if err != nil {
		return "", err
	}
	if _, err := w.writeIndex(); err != nil {
		return path, err
	}
	return path, nil
}

func (c *Comparison) runsTable() *table {
	t := &table{Head: []string{"", "run", "manifest", "status", "key"}}
	for i, cr := range c.Runs {
		t.Rows = append(t.Rows, append([]template.HTML{htmlf("<b>%d</b>", i+1), htmlf(`<span style="color:%s">■</span> %s`, palette[i%len(palette)], cr.Run.Name)},
			cellsOf(cr.Run.Manifest.Path, cr.Status, shortKey(cr.Run.Key))...))
	}
	return t
}

func (c *Comparison) htmlBlock(rows []Compare, none string) block {
	if len(rows) == 0 {
		return block{Text: template.HTML(none)}
	}
	t := &table{Sortable: true, Head: []string{"", "unit"}}
	for i := range c.Runs {
		t.Head = append(t.Head, "run "+itoa(i+1))
		if i > 0 {
			t.Head = append(t.Head, itoa(i+1)+" vs 1")
		}
	}
	for _, r := range rows {
		row := cellsOf(r.Name, r.Unit)
		for i, v := range r.Values {
			row = append(row, cellsOf(r.format(v))...)
			if i > 0 {
				row = append(row, cellsOf(signedPctOrNA(r.Rel[i]))...)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return block{Table: t}
}

// overlays draw every run's kernel, convergence and neuron 0's last
// period, a colour per run; a chart no run has data for is left out with
// a word why.
func (c *Comparison) overlays(cs *chartSet) []block {
	var kc, cc, rc []curve
	for i, cr := range c.Runs {
		color := palette[i%len(palette)]
		label := itoa(i+1) + ": " + cr.Run.Name
		// Every other run dashed: two runs that coincide both show.
		dashed := i%2 == 1
		if cr.M != nil && len(cr.M.Curves.Kernel) > 0 {
			kc = append(kc, curve{Name: label, X: ints(cr.M.Curves.Offsets), Y: floats(cr.M.Curves.Kernel), Color: color, Width: 2, Dashed: dashed})
		}
		if cr.M != nil && len(cr.M.Curves.Rate) > 0 {
			rc = append(rc, curve{Name: label, X: floats(cr.M.Curves.Phase), Y: floats(cr.M.Curves.Rate), Color: color, Width: 1.5, Dashed: dashed})
		}
		if len(cr.Times) > 1 {
			d := slices.Clone(cr.Distance)
			for k, v := range d {
				if v < RelFloor {
					d[k] = RelFloor
				}
			}
			cc = append(cc, curve{Name: label, X: cr.Times, Y: d, Color: color, Width: 2, Dashed: dashed})
		}
	}
	var blocks []block
	if len(kc) > 0 {
		k := cs.line("compare_kernels", "Learned kernels", axis{Name: "offset j (neurons)"}, axis{Name: "weight (1)"}, kc...)
		blocks = append(blocks, block{Title: "Kernels", Chart: &k, Text: htmlf("kernel[j]: the weight from neuron i to neuron i + j (full model: the mean of the aligned rows), sampled at most %d offsets each.", analysis.CurvePoints)})
	} else {
		blocks = append(blocks, block{Title: "Kernels", Text: "No run is computed: nothing to draw."})
	}
	if len(cc) > 0 {
		k := cs.line("compare_convergence", "Distance of the weights from the last snapshot", axis{Name: "time (s)"}, axis{Name: "‖w(t) − w_end‖ / ‖w_end‖ (1)", Log: true}, cc...)
		blocks = append(blocks, block{Title: "Convergence", Chart: &k, Text: htmlf("Log axis; a distance below %s (the last snapshot's own 0 included) is drawn at %s.", sci(RelFloor), sci(RelFloor))})
	} else {
		blocks = append(blocks, block{Title: "Convergence", Text: "No run recorded weight snapshots (<code>[record] weights_every</code>): no convergence to draw."})
	}
	if len(rc) > 0 {
		k := cs.line("compare_rates", "Neuron 0's rate over the last period", axis{Name: "phase (s)"}, axis{Name: "rate (1)", Min: 0, Max: 1}, rc...)
		blocks = append(blocks, block{Title: "Activity", Chart: &k})
	}
	return blocks
}

var titleRE = regexp.MustCompile(`<title>([^<]*)</title>`)

// comparePages lists the compare pages in out, with their titles, for
// the index.
func comparePages(out string) (files, titles []string) {
	paths, _ := filepath.Glob(filepath.Join(out, comparePrefix+"*.html"))
	slices.Sort(paths)
	for _, p := range paths {
		b := make([]byte, 4096)
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		n, _ := io.ReadFull(f, b)
		f.Close()
		title := filepath.Base(p)
		if m := titleRE.FindSubmatch(b[:n]); m != nil {
			title = html.UnescapeString(string(m[1]))
		}
		files, titles = append(files, filepath.Base(p)), append(titles, title)
	}
	return files, titles
}
