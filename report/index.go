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
	"github.com/google/renameio/v2"

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
// values changed). It deletes only names it generates: NAME.html and
// NAME[POINT].html of the names recorded.
func prune(out string, log io.Writer) error {
	recs := loadRecords(out)
	keep := map[string]bool{}
	for _, rec := range recs {
		why := stale(rec)
		if why == "" {
			keep[rec.File] = true
			for _, p := range rec.Points {
				keep[p] = true
			}
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
		fmt.Fprintf(log, "pruned the pages of %s (%s)\n", rec.Name, why)
	}
	entries, _ := os.ReadDir(out)
	for _, rec := range recs {
		n := 0
		for _, e := range entries {
			f := e.Name()
			if strings.HasPrefix(f, rec.Name+"[") && strings.HasSuffix(f, "].html") && !keep[f] && e.Type().IsRegular() {
				if err := os.Remove(filepath.Join(out, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
					return err
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
			if rec.Name != m.Name || rec.Abs == abs || stale(rec) != "" {
				continue
			}
			errs = append(errs, fmt.Errorf("%s: the name %q is already reported from %s (%s): two manifests with one name would replace each other's pages; "+
				"rename one of them (name = ...), or, if %s replaces it, delete %s and run `ringwave report -prune %s`",
				m.Path, m.Name, rec.Abs, filepath.Join(out, rec.File), m.Path, rec.Abs, m.Path))
		}
	}
	return errors.Join(errs...)
}

// escapeLink escapes the path of a link, keeping its #fragment.
func escapeLink(s string) string {
	path, frag, ok := strings.Cut(s, "#")
	if ok {
		return url.PathEscape(path) + "#" + frag
	}
	return url.PathEscape(path)
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
