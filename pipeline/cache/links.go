package cache

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/renameio/v2"

	"ringwave/internal/safefile"
	"ringwave/pipeline/manifest"
)

// LinkPath returns the by-name path of a run: DIR/runs/<name>, or
// DIR/runs/<name>/<point> in a sweep.
func (c Cache) LinkPath(r *manifest.Run) string {
	p := filepath.Join(c.Dir, "runs", r.Manifest.Name)
	if label := r.PathLabel(); label != "" {
		p = filepath.Join(p, label)
	}
	return p
}

// Link points the run's by-name path at its entry (a relative symlink,
// replaced atomically) and records that r's manifest used the entry (see
// LastUse). Under DIR/runs/ it removes only what ringwave made, its links:
// a manifest that gained or lost its sweep leaves a link where a directory
// goes, or a directory of links where a link goes. Anything else in the way
// (a user's notes in a sweep's directory) is an error that names it.
func (c Cache) Link(r *manifest.Run) error {
	link := c.LinkPath(r)
	target, err := filepath.Rel(filepath.Dir(link), c.EntryDir(r.Key))
	if err != nil {
		return err
	}
	defer c.markUsed(r)
	if cur, err := os.Readlink(link); err == nil && cur == target {
		return nil // nothing to write: a cached run works on a read-only cache
	}
	if r.PointLabel() != "" {
		parent := filepath.Dir(link)
		if st, err := os.Lstat(parent); err == nil && !st.IsDir() {
			if !c.isLink(parent) {
				return blocked(r, parent, "is not a link ringwave made")
			}
			// Another point of the sweep may have removed it already.
			if err := os.Remove(parent); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	if rel, err := filepath.Rel(c.Dir, filepath.Dir(link)); err != nil {
		return err
	} else if err := safefile.MkdirAll(c.Dir, strings.Split(rel, string(filepath.Separator))...); err != nil {
		return err // runs/ or runs/<name> a link: never written through
	}
	if st, err := os.Lstat(link); err == nil {
		switch {
		case st.Mode()&os.ModeSymlink != 0 && !c.isLink(link):
			return blocked(r, link, "is a symlink ringwave did not make")
		case st.IsDir():
			if err := c.removeLinkDir(r, link); err != nil {
				return err
			}
		case st.Mode()&os.ModeSymlink == 0:
			return blocked(r, link, "is a file ringwave did not make")
		}
	}
	return renameio.Symlink(target, link)
}

// blocked is the error of a run whose link path holds something of the user.
func blocked(r *manifest.Run, path, what string) error {
	return fmt.Errorf("%s %s; ringwave leaves it alone, so the run (computed and cached) has no link there: move it elsewhere and run again", path, what)
}

// removeLinkDir removes a directory of a sweep's links where a run without
// sweep now links, if it holds nothing but ringwave's links; else it
// changes nothing and says what is in the way.
func (c Cache) removeLinkDir(r *manifest.Run, dir string) error {
	items, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var theirs []string
	for _, it := range items {
		if !c.isLink(filepath.Join(dir, it.Name())) {
			theirs = append(theirs, it.Name())
		}
	}
	if len(theirs) > 0 {
		return blocked(r, dir, fmt.Sprintf("is a directory holding %s, which ringwave did not make", strings.Join(theirs, ", ")))
	}
	for _, it := range items {
		if err := os.Remove(filepath.Join(dir, it.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s: %w", dir, err)
	}
	return nil
}

// linkKey returns the key of the entry the symlink at path points to, if it
// is a link ringwave made: one that points at an entry of this cache
// (whether or not the entry is still there).
func (c Cache) linkKey(path string) (string, bool) {
	target, err := os.Readlink(path)
	if err != nil {
		return "", false
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(path), target)
	}
	key := filepath.Base(target)
	if !keyRE.MatchString(key) {
		return "", false
	}
	a, err1 := filepath.Abs(target)
	b, err2 := filepath.Abs(c.EntryDir(key))
	return key, err1 == nil && err2 == nil && a == b
}

func (c Cache) isLink(path string) bool {
	_, ok := c.linkKey(path)
	return ok
}

// pruneLinks removes ringwave's links under DIR/runs/ whose entries are
// gone, and then the directories of sweeps left empty. A user's files and
// links are left alone. It returns what it removed.
func (c Cache) pruneLinks() []string {
	var removed []string
	root := filepath.Join(c.Dir, "runs")
	var dirs []string
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir():
			if path != root {
				dirs = append(dirs, path)
			}
			return nil
		}
		if key, ok := c.linkKey(path); ok {
			if _, err := os.Lstat(c.EntryDir(key)); errors.Is(err, os.ErrNotExist) && os.Remove(path) == nil {
				removed = append(removed, path)
			}
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- { // deepest first
		if items, err := os.ReadDir(dirs[i]); err == nil && len(items) == 0 && os.Remove(dirs[i]) == nil {
			removed = append(removed, dirs[i])
		}
	}
	return removed
}

// A Use records the manifest that last used an entry (a run of it took the
// entry from the cache or computed it), for gc to say what it would delete.
type Use struct {
	Manifest string    `json:"manifest"` // absolute path
	Run      string    `json:"run"`      // the run's name, with its sweep point
	Time     time.Time `json:"time"`     // to the day: it is rewritten at most daily per user
}

func (c Cache) usePath(key string) string { return c.EntryDir(key) + ".uses" }

// markUsed records r's manifest as the last user of its entry, in
// DIR/cache/<xx>/<key>.uses beside it. It is best effort (a read-only cache
// records nothing) and writes only when something changed.
func (c Cache) markUsed(r *manifest.Run) {
	abs, err := filepath.Abs(r.Manifest.Path)
	if err != nil {
		return
	}
	now := time.Now().UTC()
	if old, ok := c.recordedUse(r.Key); ok && old.Manifest == abs && old.Run == r.Name && now.Sub(old.Time) < 24*time.Hour {
		return
	}
	b, err := json.Marshal(Use{Manifest: abs, Run: r.Name, Time: now.Truncate(time.Second)})
	if err == nil {
		safefile.WriteFile(c.usePath(r.Key), append(b, '\n'), 0o644)
	}
}

// LastUse returns the last recorded use of the entry of key or, for an
// entry last used before uses were recorded, the manifest and run it was
// computed for (run.json) and when.
func (c Cache) LastUse(key string) (Use, bool) {
	if u, ok := c.recordedUse(key); ok {
		return u, true
	}
	if rec, err := readRecord(c.EntryDir(key), key); err == nil {
		return Use{Manifest: rec.Manifest, Run: rec.Name, Time: rec.Provenance.Finished}, true
	}
	return Use{}, false
}

func (c Cache) recordedUse(key string) (Use, bool) {
	var u Use
	b, err := safefile.ReadFile(c.usePath(key), 1<<16)
	if err != nil || json.Unmarshal(b, &u) != nil {
		return Use{}, false
	}
	return u, true
}
