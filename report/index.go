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

	"github.com/BurntSushi/toml"

	"ringwave/internal/safefile"
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
	if err := safefile.MkdirAll(w.opt.Out, recordsDir); err != nil { // a link at .pages is refused
		return err
	}
	return safefile.WriteFile(filepath.Join(w.opt.Out, recordsDir, rec.Name+".json"), b, 0o644)
}

// maxRecord bounds what is read of one record: a run's numbers take about
// 2 KiB, so a sweep of ten thousand points about 20 MiB; 64 MiB is three
// times that, and bounds what a crafted record costs.
const maxRecord = 64 << 20

// loadRecords returns every record in out, by name. A record is read
// safely (a regular file, not a link, bounded) and taken only if it is
// what ringwave writes: named after its manifest, naming only pages of
// the forms ringwave generates. Anything else is skipped (its manifest's
// next report rewrites it): records travel with a sent directory, and a
// crafted one must not point the index or -prune elsewhere.
func loadRecords(out string) []loadedRecord {
	if safefile.CheckDirs(out, recordsDir) != nil {
		return nil
	}
	paths, _ := filepath.Glob(filepath.Join(out, recordsDir, "*.json"))
	slices.Sort(paths)
	var recs []loadedRecord
	for _, p := range paths {
		b, err := safefile.ReadOwn(p, maxRecord)
		var rec pageRecord
		if err == nil && json.Unmarshal(b, &rec) == nil && rec.valid(filepath.Base(p)) {
			recs = append(recs, loadedRecord{rec, p})
		}
	}
	return recs
}

// loadedRecord is a record and the file it was read from.
type loadedRecord struct {
	pageRecord
	path string
}

// valid reports whether the record, read from file (its base name), is of
// the form ringwave writes.
func (rec *pageRecord) valid(file string) bool {
	if rec.Name == "" || rec.Name+".json" != file || !validPage(rec.File) || rec.File != rec.Name+".html" {
		return false
	}
	for _, p := range rec.Points {
		if !validPage(p) || !strings.HasPrefix(p, rec.Name+"[") {
			return false
		}
	}
	for _, r := range rec.Runs {
		if r.Page != rec.File && !slices.Contains(rec.Points, r.Page) {
			return false
		}
	}
	return true
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
			b, _ := json.Marshal(rec.pageRecord)
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// stale says why a record's pages are no longer any manifest's: its file
// is gone, or now has another name (a rename); "" while it is current. A
// manifest that cannot be read is not stale: it may be mid-edit.
func stale(rec pageRecord) string {
	if _, err := os.Stat(rec.Abs); errors.Is(err, os.ErrNotExist) {
		return rec.Manifest + " no longer exists"
	}
	// Only its name: a manifest with another package's table ([slurm]) or
	// an error elsewhere is still the same manifest.
	src, err := safefile.ReadFile(rec.Abs, 4<<20)
	var f struct {
		Name string `toml:"name"`
	}
	if err == nil && toml.Unmarshal(src, &f) == nil && f.Name != "" && f.Name != rec.Name {
		return fmt.Sprintf("%s is now named %q", rec.Manifest, f.Name)
	}
	return ""
}

// prune deletes the pages and records of manifests whose file is gone or
// renamed, and the point pages no record lists (points of a sweep whose
// values changed). It deletes only names it generates (NAME.html and
// NAME[POINT].html of the names recorded, see valid, and the record's own
// file), never through a link. A directory where a page was is left and
// said, and the record goes, so that -prune is never stuck on it.
func prune(out string, log io.Writer) error {
	recs := loadRecords(out)
	keep := map[string]bool{}
	for _, rec := range recs {
		why := stale(rec.pageRecord)
		if why == "" {
			keep[rec.File] = true
			for _, p := range rec.Points {
				keep[p] = true
			}
			continue
		}
		for _, f := range append([]string{rec.File}, rec.Points...) {
			if err := removePage(out, f); err != nil {
				fmt.Fprintf(log, "ringwave report: warning: -prune: %v\n", err)
			}
		}
		if err := safefile.RemoveAllIn(out, filepath.Join(recordsDir, filepath.Base(rec.path))); err != nil {
			return err
		}
		fmt.Fprintf(log, "pruned the pages of %s (%s)\n", rec.Name, why)
	}
	entries, _ := os.ReadDir(out)
	for _, rec := range recs {
		n := 0
		for _, e := range entries {
			f := e.Name()
			if strings.HasPrefix(f, rec.Name+"[") && strings.HasSuffix(f, "].html") && validPage(f) && !keep[f] && e.Type().IsRegular() {
				if err := removePage(out, f); err != nil {
					fmt.Fprintf(log, "ringwave report: warning: -prune: %v\n", err)
					continue
				}
				n++
			}
		}
		if n > 0 {
			fmt.Fprintf(log, "pruned %d page(s) of points %s no longer has\n", n, rec.Name)
		}
	}
	return nil
}

// checkNames refuses to report a manifest under a name whose pages another
// manifest file, still there with that name, owns: each call would
// silently replace the other's pages.
func checkNames(out string, ms []*manifest.Manifest) error {
	recs := loadRecords(out)
	var errs []error
	for _, m := range ms {
		if !m.Requested {
			continue
		}
		abs, err := filepath.Abs(m.Path)
		if err != nil {
			continue
		}
		for _, rec := range recs {
			if rec.Name != m.Name || rec.Abs == abs || stale(rec.pageRecord) != "" {
				continue
			}
			errs = append(errs, fmt.Errorf("%s: the name %q is already reported from %s (%s): two manifests with one name would replace each other's pages; "+
				"rename one of them (name = ...), or, if %s replaces it, delete %s and run `ringwave report -prune %s`",
				m.Path, m.Name, rec.Abs, filepath.Join(out, rec.File), m.Path, rec.Abs, m.Path))
		}
	}
	return errors.Join(errs...)
}

// escapeLink escapes the path of a link to a page beside the index,
// keeping its #fragment. It starts with "./": a page name with a colon
// ("javascript:….html") stays a relative path, never a URL scheme.
func escapeLink(s string) string {
	path, frag, ok := strings.Cut(s, "#")
	if ok {
		return "./" + url.PathEscape(path) + "#" + url.PathEscape(frag)
	}
	return "./" + url.PathEscape(path)
}

// indexTable is the body of index.html: its text, then its table.
type indexTable struct {
	Text template.HTML
	Body template.HTML
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
