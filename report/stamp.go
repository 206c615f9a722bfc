package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
	"sync"

	"github.com/google/renameio/v2"
)

// stampFile, in the output directory, holds the stamp of the last complete
// Write. A call whose stamp matches, with every page present, renders
// nothing: a second `make` costs milliseconds, not an analysis of every run.
const stampFile = ".stamp"

// stamp identifies everything the pages are made of: the program (its
// executable's hash covers the report code, its libraries and the reader),
// the manifests' descriptions, each run's key and the checksum of its
// run.json (a recomputed run has new timings), the echarts script, and the
// records of the other manifests reported into the same directory (the
// index lists them: others, see otherRecords).
// It is "" when a run is not cached: such pages are always rendered again.
func stamp(ms []*manifest.Manifest, runs []*manifest.Run, entries map[string]opened, echarts, others string) string {
	type manifest struct{ Path, Name, Title, Description, Reference string }
	type run struct{ Name, Key, Checksum string }
	var in struct {
		Program   string
		Manifests []manifest
		Runs      []run
		ECharts   string
		Others    string
	}
	in.Program, in.Others = executableHash(), others
	if in.Program == "" {
		return ""
	}
	for _, m := range ms {
		in.Manifests = append(in.Manifests, manifest{m.Path, m.Name, m.Title, m.Description, m.Reference})
	}
	for _, r := range runs {
		o := entries[r.Key]
		if o.state != cache.Cached {
			return ""
		}
		in.Runs = append(in.Runs, run{r.Name, r.Key, o.res.Record.Checksum})
	}
	if echarts != "" {
		in.ECharts = fileHash(echarts)
	}
	b, _ := json.Marshal(in)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// upToDate reports whether out holds the pages of a Write with this stamp.
func upToDate(out, st string, pages []string) bool {
	if st == "" {
		return false
	}
	if b, err := os.ReadFile(filepath.Join(out, stampFile)); err != nil || string(b) != st {
		return false
	}
	for _, p := range pages {
		if _, err := os.Stat(p); err != nil {
			return false
		}
	}
	return true
}

func writeStamp(out, st string) error {
	if st == "" {
		os.Remove(filepath.Join(out, stampFile))
		return nil
	}
	return renameio.WriteFile(filepath.Join(out, stampFile), []byte(st), 0o644)
}

var executableHash = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return fileHash(exe)
})

func fileHash(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}
