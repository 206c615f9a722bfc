package cache

import (
	"errors"
	"os"
	"path/filepath"
	"ringwave/pipeline/manifest"

	"github.com/google/renameio/v2"
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
// replaced atomically).
func (c Cache) Link(r *manifest.Run) error {
	link := c.LinkPath(r)
	target, err := filepath.Rel(filepath.Dir(link), c.EntryDir(r.Key))
	if err != nil {
		return err
	}
	if cur, err := os.Readlink(link); err == nil && cur == target {
		return nil // nothing to write: a cached run works on a read-only cache
	}
	// A manifest that gained or lost its sweep leaves a link where a
	// directory goes, or a directory where a link goes.
	if r.PointLabel() != "" {
		parent := filepath.Dir(link)
		if st, err := os.Lstat(parent); err == nil && st.Mode()&os.ModeSymlink != 0 {
			// Another point of the sweep may have removed it already.
			if err := os.Remove(parent); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		return err
	}
	if st, err := os.Lstat(link); err == nil && st.IsDir() {
		if err := os.RemoveAll(link); err != nil { // holds only links
			return err
		}
	}
	return renameio.Symlink(target, link)
}
