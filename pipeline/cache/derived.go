package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"

	"ringwave/internal/safefile"
)

// An Area keeps data derived from cache entries (a run's measurements),
// beside the cache and never inside an entry, which stays immutable:
//
//	DIR/<Name>/<key[:2]>/<key>/<ID[:16]>.json
//
// ID is the identity of the code that derives the data, so data made by
// other code is never read back. Each file carries the key and run.json
// checksum it was derived from and the sha256 of its data: a file edited
// by hand, truncated, of another run, or a run recomputed under the same
// key (a new run.json checksum) is a miss, and Verify reports it. Files are
// read safely (regular, not a link, bounded) and written atomically in
// their own directory; no symbolic link under DIR/<Name> is followed.
// gc collects every registered area (RegisterArea): the data of runs no
// manifest uses and the data of other code.
type Area struct {
	Name string        // the directory under the results directory
	What string        // what the data is, for gc and verify ("measurements")
	ID   func() string // the identity of the code that derives it (64 hex)
}

var (
	areasMu sync.Mutex
	areas   []*Area
)

// RegisterArea makes gc collect the area and verify check it; it returns
// a, for a package-level var.
func RegisterArea(a *Area) *Area {
	areasMu.Lock()
	defer areasMu.Unlock()
	areas = append(areas, a)
	return a
}

func registered() []*Area {
	areasMu.Lock()
	defer areasMu.Unlock()
	return slices.Clone(areas)
}

// maxDerived bounds what is read of one derived file: measurements are a
// few KiB to a few hundred KiB (curves of a few thousand neurons).
const maxDerived = 64 << 20

var derivedFileRE = regexp.MustCompile(`^[0-9a-f]{16}\.json$`)

// derivedFile is the content of one file of an area.
type derivedFile struct {
	Area        string          `json:"area"`
	ID          string          `json:"id"`
	Key         string          `json:"key"`
	RunChecksum string          `json:"run_checksum"`
	SHA256      string          `json:"sha256"` // of Data, byte for byte
	Data        json.RawMessage `json:"data"`
}

func (a *Area) file(key string) string { return a.ID()[:16] + ".json" }

// Path returns where the area keeps the data of key.
func (a *Area) Path(c Cache, key string) string {
	return filepath.Join(c.Dir, a.Name, key[:2], key, a.file(key))
}

// ErrDamaged marks a derived file that is there but cannot be trusted.
var ErrDamaged = errors.New("damaged")

// Load returns the data derived from the entry of key whose run.json has
// checksum runChecksum. An error is a miss: fs.ErrNotExist when there is
// none, ErrDamaged (wrapped, saying why) when the file cannot be trusted.
func (a *Area) Load(c Cache, key, runChecksum string) ([]byte, error) {
	if !ValidKey(key) {
		return nil, fmt.Errorf("%q: %w", key, fs.ErrNotExist)
	}
	if err := safefile.CheckDirs(c.Dir, a.Name, key[:2], key); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	d, err := a.read(a.Path(c, key))
	if err != nil {
		return nil, err
	}
	if d.Key != key || d.RunChecksum != runChecksum {
		return nil, fmt.Errorf("%s: %w: derived from another run (a run recomputed since)", a.Path(c, key), ErrDamaged)
	}
	return d.Data, nil
}

// read reads and checks one file of the area: its form, its code identity
// and the checksum of its data.
func (a *Area) read(path string) (*derivedFile, error) {
	b, err := safefile.ReadOwn(path, maxDerived)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	var d derivedFile
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w: not valid JSON (%v)", path, ErrDamaged, err)
	}
	sum := sha256.Sum256(d.Data)
	switch {
	case d.Area != a.Name || len(d.ID) < 16 || d.ID[:16]+".json" != filepath.Base(path):
		return nil, fmt.Errorf("%s: %w: not a file of %s", path, ErrDamaged, a.Name)
	case hex.EncodeToString(sum[:]) != d.SHA256:
		return nil, fmt.Errorf("%s: %w: its %s do not match their sha256 (edited by hand or damaged)", path, ErrDamaged, a.What)
	}
	return &d, nil
}

// Save stores data derived from the entry of key whose run.json has
// checksum runChecksum, atomically.
func (a *Area) Save(c Cache, key, runChecksum string, data []byte) error {
	if !ValidKey(key) {
		return fmt.Errorf("%q is not a cache key", key)
	}
	sum := sha256.Sum256(data)
	b, err := json.Marshal(derivedFile{Area: a.Name, ID: a.ID(), Key: key, RunChecksum: runChecksum,
		SHA256: hex.EncodeToString(sum[:]), Data: data})
	if err != nil {
		return err
	}
	if err := safefile.MkdirAll(c.Dir, a.Name, key[:2], key); err != nil {
		return err
	}
	return safefile.WriteFile(a.Path(c, key), b, 0o644)
}

// walk calls f for every key directory of the area whose names are of the
// form the area generates (<2 hex>/<64 hex>); anything else is not
// ringwave's and is passed over. A symbolic link at the area, a shard or a
// key is reported to link and not followed.
func (a *Area) walk(c Cache, f func(key, dir string), link func(path string)) {
	root := filepath.Join(c.Dir, a.Name)
	if err := safefile.CheckDirs(c.Dir, a.Name); err != nil {
		link(root)
		return
	}
	shards, _ := os.ReadDir(root)
	for _, s := range shards {
		if !shardRE.MatchString(s.Name()) {
			continue
		}
		if s.Type()&fs.ModeSymlink != 0 {
			link(filepath.Join(root, s.Name()))
			continue
		}
		keys, _ := os.ReadDir(filepath.Join(root, s.Name()))
		for _, k := range keys {
			if !keyRE.MatchString(k.Name()) || k.Name()[:2] != s.Name() {
				continue
			}
			dir := filepath.Join(root, s.Name(), k.Name())
			if k.Type()&fs.ModeSymlink != 0 {
				link(dir)
				continue
			}
			if k.IsDir() {
				f(k.Name(), dir)
			}
		}
	}
}

var shardRE = regexp.MustCompile(`^[0-9a-f]{2}$`)

// garbage lists what gc may remove from the area: the key directories of
// runs not in keep, and in the others the files of other code (and the
// temporary files of killed writers).
func (a *Area) garbage(c Cache, keep map[string]bool) []Garbage {
	var out []Garbage
	a.walk(c, func(key, dir string) {
		if !keep[key] {
			out = append(out, Garbage{Path: dir, Why: a.What + " of a run no manifest uses"})
			return
		}
		files, _ := os.ReadDir(dir)
		for _, f := range files {
			if f.Name() == a.file(key) || !(derivedFileRE.MatchString(f.Name()) || isTemp(f.Name())) {
				continue
			}
			out = append(out, Garbage{Path: filepath.Join(dir, f.Name()), Why: a.What + " by other analysis code"})
		}
	}, func(string) {})
	return out
}

// isTemp reports whether name is a temporary file of safefile.WriteFile
// for a file of an area (".<16 hex>.json<digits>").
func isTemp(name string) bool {
	return len(name) > 22 && name[0] == '.' && derivedFileRE.MatchString(name[1:22])
}

// DerivedLinks lists the symbolic links found where the registered areas
// keep their directories: gc and verify say they did not follow them.
func (c Cache) DerivedLinks() []string {
	var links []string
	for _, a := range registered() {
		a.walk(c, func(string, string) {}, func(p string) { links = append(links, p) })
	}
	return links
}

// DerivedProblem is a derived file Verify found damaged.
type DerivedProblem struct {
	Path    string
	Problem error
	Removed bool // repaired: the next command derives it again
}

// VerifyDerived checks every file of every registered area (its form,
// code identity and checksum) and removes each damaged one, so that it is
// derived again when next needed. Symbolic links are reported, not
// followed (see DerivedLinks).
func (c Cache) VerifyDerived() []DerivedProblem {
	var out []DerivedProblem
	for _, a := range registered() {
		a.walk(c, func(key, dir string) {
			files, _ := os.ReadDir(dir)
			for _, f := range files {
				if !derivedFileRE.MatchString(f.Name()) {
					continue
				}
				p := filepath.Join(dir, f.Name())
				d, err := a.read(p)
				if err == nil && d.Key != key {
					err = fmt.Errorf("%s: %w: it is for key %.12s", p, ErrDamaged, d.Key)
				}
				if err == nil || errors.Is(err, fs.ErrNotExist) {
					continue
				}
				rel, _ := filepath.Rel(c.Dir, p)
				out = append(out, DerivedProblem{Path: p, Problem: err, Removed: safefile.RemoveAllIn(c.Dir, rel) == nil})
			}
		}, func(string) {})
	}
	return out
}
