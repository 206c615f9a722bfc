package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/renameio/v2"

	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// recordsDir, in the output directory, holds a pageRecord per manifest
// reported there: index.html lists them all, so that reporting one
// manifest does not drop the others from the index.
const recordsDir = ".pages"

// pageRecord is what the index keeps of a manifest's pages.
type pageRecord struct {
	Manifest string      `json:"manifest"` // as given on the command line
	Abs      string      `json:"abs"`      // absolute, to tell whether it still exists
	Name     string      `json:"name"`
	Title    string      `json:"title"`
	File     string      `json:"file"`   // its page, or its sweep's summary
	Points   []string    `json:"points"` // the pages of a sweep's points
	Runs     []runRecord `json:"runs"`
	// The manifest its runs start from ([init] from), and its page.
	Upstream     string `json:"upstream,omitempty"`
	UpstreamFile string `json:"upstream_file,omitempty"`
}

// runRecord is one run of the index, with its outcomes.
type runRecord struct {
	Name, Page, Anchor, Model, Key, Status string
	Neurons                                int
	M                                      *analysis.Measurements `json:",omitempty"`
}

func newRunRecord(info analysis.Info, page, anchor string, m *analysis.Measurements) runRecord {
	r := runRecord{Name: info.Name, Page: page, Anchor: anchor, Model: string(info.Params.Model), Key: info.Key,
		Status: info.Status, Neurons: info.Params.Neurons}
	if m != nil {
		c := *m
		c.Curves = analysis.Curves{} // the index needs numbers, not curves
		r.M = &c
	}
	return r
}

func (w *writer) saveRecord(rec pageRecord) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	dir := filepath.Join(w.opt.Out, recordsDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return renameio.WriteFile(filepath.Join(dir, rec.Name+".json"), b, 0o644)
}

// loadRecords returns every record in out, by name; a malformed one is
// skipped (its manifest's next report rewrites it).
func loadRecords(out string) []pageRecord {
	paths, _ := filepath.Glob(filepath.Join(out, recordsDir, "*.json"))
	slices.Sort(paths)
	var recs []pageRecord
	for _, p := range paths {
		b, err := os.ReadFile(p)
		var rec pageRecord
		if err == nil && json.Unmarshal(b, &rec) == nil && rec.Name != "" {
			recs = append(recs, rec)
		}
	}
	return recs
}

// otherRecords is the hash of the records of manifests other than ms, and
// of whether each record's manifest still exists: the index shows both, so
// the stamp depends on them.
func otherRecords(out string, ms []*manifest.Manifest) string {
	h := sha256.New()
	for _, rec := range loadRecords(out) {
		if !slices.ContainsFunc(ms, func(m *manifest.Manifest) bool { return m.Name == rec.Name }) {
			_, err := os.Stat(rec.Abs)
			fmt.Fprintf(h, "%s %v\n", rec.Name, errors.Is(err, os.ErrNotExist))
			b, _ := json.Marshal(rec)
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// prune deletes the pages and records of manifests whose file is gone.
func prune(out string, log io.Writer) error {
	for _, rec := range loadRecords(out) {
		if _, err := os.Stat(rec.Abs); !errors.Is(err, os.ErrNotExist) {
			continue
		}
		for _, f := range append([]string{rec.File}, rec.Points...) {
			if err := os.Remove(filepath.Join(out, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		if err := os.Remove(filepath.Join(out, recordsDir, rec.Name+".json")); err != nil {
			return err
		}
		fmt.Fprintf(log, "pruned the pages of %s (%s no longer exists)\n", rec.Name, rec.Manifest)
	}
	return nil
}

// writeIndex writes index.html from every record in the output directory.
func (w *writer) writeIndex() (string, error) {
	recs := loadRecords(w.opt.Out)
	cols := analysis.In(analysis.InIndex)
	t := &table{Sortable: true, Head: []string{"report", "run", "model", "N", "status"}}
	for _, e := range cols {
		t.Head = append(t.Head, heading(e))
	}
	var runs, cached int
	var gone []string
	for _, rec := range recs {
		if _, err := os.Stat(rec.Abs); errors.Is(err, os.ErrNotExist) {
			gone = append(gone, rec.Manifest)
		}
		for _, r := range rec.Runs {
			runs++
			link := r.Page
			if r.Page == rec.File {
				link += "#" + r.Anchor
			}
			report := htmlf(`<a href="%s">%s</a>`, url.PathEscape(rec.File), rec.Title)
			if rec.Upstream != "" {
				report += htmlf(` <small>from <a href="%s">%s</a></small>`, url.PathEscape(rec.UpstreamFile), rec.Upstream)
			}
			row := []template.HTML{
				report,
				htmlf(`<a href="%s">%s</a>`, escapeLink(link), r.Name),
			}
			row = append(row, cellsOf(r.Model, itoa(r.Neurons))...)
			row = append(row, htmlf(`<span class="status-%s">%s</span>`, r.Status, r.Status))
			if r.M != nil {
				cached++
			}
			for _, e := range cols {
				row = append(row, measureCell(e, r.M, false))
			}
			t.Rows = append(t.Rows, row)
		}
	}
	text := htmlf("<b>%d reports, %d runs, %d shown, %d not computed or unreadable.</b> "+
		"Every manifest reported into this directory is listed, with the numbers of its last <code>ringwave report</code>; "+
		"click a column's heading to sort by it. A sweep has a summary page and a page per point. "+
		"<i>vs steady state</i> is the learned kernel's relative difference from the rule's steady state computed from the run's own activity; "+
		"<i>vs travelling wave</i> from the steady state of neuron 0's rate shifted round the ring; the regime says which theory holds "+
		"(see a sweep's summary). Each run's files are in <code>%s/cache/</code> under its key (<code>ringwave path</code>). "+
		"The pages are static and work offline: to share them, send this whole directory (with <code>%s</code>).",
		len(recs), runs, cached, runs-cached, w.opt.Results, echartsFile)
	if len(gone) > 0 {
		text += htmlf(" <b>Manifests no longer there:</b> %s; their pages stay until <code>ringwave report -prune</code>.", strings.Join(gone, ", "))
	}
	return w.write(&page{File: "index.html", Title: "ringwave reports", Index: &indexTable{Table: t, Text: text}})
}

// escapeLink escapes the path of a link, keeping its #fragment.
func escapeLink(s string) string {
	path, frag, ok := strings.Cut(s, "#")
	if ok {
		return url.PathEscape(path) + "#" + frag
	}
	return url.PathEscape(path)
}

// indexTable is the body of index.html.
type indexTable struct {
	Table *table
	Text  template.HTML
}

// Recorded returns the manifests whose pages `ringwave report` recorded
// in results/reports (for `ringwave table -all`): those still there, and
// those gone.
func Recorded(results string) (there, gone []string) {
	for _, rec := range loadRecords(filepath.Join(results, "reports")) {
		if _, err := os.Stat(rec.Abs); err != nil {
			gone = append(gone, rec.Manifest)
			continue
		}
		there = append(there, rec.Abs)
	}
	return there, gone
}
