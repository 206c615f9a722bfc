package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"ringwave/internal/safefile"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
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

// maxStamp bounds what is read of a stamp: a line per page, a few MiB for
// a sweep of ten thousand points.
const maxStamp = 64 << 20

// upToDate reports whether out holds the pages of a Write with this stamp,
// each page as that Write left it: a regular file (not a link) with the
// content it had then. As the cache does for its entries, a page whose
// stat fingerprint (size, mtime, ctime, inode) is the recorded one is taken
// as is, and any other is hashed again and compared with its recorded
// sha256: a page emptied, edited, replaced or turned into a link since is
// rendered again, a page merely touched or copied is not.
func upToDate(out, st string, pages []string) bool {
	if st == "" {
		return false
	}
	b, err := safefile.ReadOwn(filepath.Join(out, stampFile), maxStamp)
	if err != nil {
		return false
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != len(pages)+1 || lines[0] != st {
		return false
	}
	for i, p := range pages {
		sum, fp, ok := strings.Cut(lines[i+1], " ")
		if !ok {
			return false
		}
		now, ok := pageFingerprint(p)
		if !ok {
			return false
		}
		size, _, _ := strings.Cut(fp, " ")
		if nowSize, _, _ := strings.Cut(now, " "); nowSize != size {
			return false // resized: no need to hash it (it may be a 6 GB sparse file)
		}
		if now != fp && fileHash(p) != sum {
			return false
		}
	}
	return true
}

// pageFingerprint is the stat fingerprint of a page and its name, or false
// when it is not a regular file.
func pageFingerprint(path string) (string, bool) {
	var st unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return "", false
	}
	return fmt.Sprintf("%d %d %d %d %s", st.Size, st.Mtim.Nano(), st.Ctim.Nano(), st.Ino, filepath.Base(path)), true
}

// writeStamp records the stamp and, for each page written with it, its
// sha256 and stat fingerprint; an empty stamp removes it (the pages are
// about to change).
func writeStamp(out, st string, pages []string) error {
	path := filepath.Join(out, stampFile)
	if st == "" {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	var b strings.Builder
	b.WriteString(st + "\n")
	for _, p := range pages {
		fp, ok := pageFingerprint(p)
		sum := fileHash(p)
		if !ok || sum == "" {
			return nil // replaced meanwhile: no stamp, the next call renders again
		}
		b.WriteString(sum + " " + fp + "\n")
	}
	return safefile.WriteFile(path, []byte(b.String()), 0o644)
}

var executableHash = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return fileHash(exe)
})

func fileHash(path string) string {
	f, _, err := safefile.Open(path) // a named pipe must not block it
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
