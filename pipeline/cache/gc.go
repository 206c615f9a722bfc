package cache

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"ringwave/internal/safefile"
)

// Garbage is something under the results directory that gc may remove, and
// why.
type Garbage struct {
	Path string
	Why  string
	Key  string // the key of a cache entry; "" for anything else
	Size int64  // bytes, filled in by Plan
}

// A Pruner lists what another part of ringwave left under the results
// directory that may go now (the executors' finished submissions).
type Pruner func(c Cache) []Garbage

// Check returns an error unless the results directory holds a cache:
// verify and gc of a mistyped -results must not report success.
func (c Cache) Check() error {
	st, err := os.Stat(filepath.Join(c.Dir, "cache"))
	switch {
	case errors.Is(err, os.ErrNotExist):
		if _, err := os.Stat(c.Dir); err != nil {
			return fmt.Errorf("%s: no such results directory (-results names the directory that ringwave run wrote)", c.Dir)
		}
		return fmt.Errorf("%s holds no cache (no %s): is it the directory that ringwave run wrote?", c.Dir, filepath.Join(c.Dir, "cache"))
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%s is not a directory", filepath.Join(c.Dir, "cache"))
	}
	return nil
}

// Plan lists what gc would remove: the entries whose keys are not in keep
// (but none a process is writing now), the temporary directories of
// interrupted runs, the quarantine, and what the pruners list, each once,
// with its size.
func (c Cache) Plan(keep map[string]bool, pruners ...Pruner) ([]Garbage, error) {
	keys, err := c.Entries()
	if err != nil {
		return nil, err
	}
	var plan []Garbage
	for _, key := range keys {
		if keep[key] {
			continue
		}
		l, ok, err := c.tryLock(key)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue // being recomputed right now
		}
		l.Unlock()
		plan = append(plan, Garbage{Path: c.EntryDir(key), Why: "no manifest given uses it", Key: key})
	}
	dead, err := c.deadTemps()
	if err != nil {
		return nil, err
	}
	plan = append(plan, dead...)
	q := filepath.Join(c.Dir, "cache", "quarantine")
	if safefile.CheckDirs(filepath.Join(c.Dir, "cache"), "quarantine") == nil { // a link there is not followed
		qs, _ := os.ReadDir(q)
		for _, e := range qs {
			if key, _, _ := strings.Cut(e.Name(), "."); keyRE.MatchString(key) { // the names Quarantine makes
				plan = append(plan, Garbage{Path: filepath.Join(q, e.Name()), Why: "quarantined by verify"})
			}
		}
	}
	for _, a := range registered() {
		plan = append(plan, a.garbage(c, keep)...)
	}
	for _, prune := range pruners {
		plan = append(plan, prune(c)...)
	}
	seen := map[string]bool{}
	out := plan[:0]
	for _, g := range plan {
		if !seen[g.Path] {
			seen[g.Path] = true
			g.Size = DirSize(g.Path)
			out = append(out, g)
		}
	}
	return out, nil
}

// deadTemps lists the temporary directories whose writer is gone: a live
// writer holds its key's lock from Begin to Commit or Abort.
func (c Cache) deadTemps() ([]Garbage, error) {
	if safefile.CheckDirs(filepath.Join(c.Dir, "cache"), "tmp") != nil {
		return nil, nil // a link or a file there: nothing of ringwave's to remove
	}
	tmps, _ := os.ReadDir(c.tmpRoot())
	var dead []Garbage
	for _, t := range tmps {
		key, _, _ := strings.Cut(t.Name(), ".")
		if !keyRE.MatchString(key) {
			continue
		}
		l, ok, err := c.tryLock(key)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue // its writer is alive
		}
		l.Unlock()
		dead = append(dead, Garbage{Path: filepath.Join(c.tmpRoot(), t.Name()), Why: "left by an interrupted run"})
	}
	return dead, nil
}

// RemoveDeadTemps removes the temporary directories of interrupted runs
// (killed, or out of power) and returns how many and their size. Run
// calls it, so that killed runs do not fill the disk until gc.
func (c Cache) RemoveDeadTemps() (int, int64, error) {
	dead, err := c.deadTemps()
	if err != nil {
		return 0, 0, err
	}
	var size int64
	var errs []error
	n := 0
	for _, g := range dead {
		s := DirSize(g.Path)
		if err := c.removeAll(g.Path); err != nil {
			errs = append(errs, err)
			continue
		}
		n++
		size += s
	}
	return n, size, errors.Join(errs...)
}

// Remove removes what a plan lists, printing one line per removal on w,
// then the links under DIR/runs/ that pointed to removed entries. An entry
// is removed under its lock; one that a process took meanwhile is kept.
// It goes on after a failure and returns an error naming every failure.
func (c Cache) Remove(plan []Garbage, w io.Writer) (removed int, bytes int64, err error) {
	var errs []error
	for _, g := range plan {
		if g.Key != "" {
			l, ok, err := c.tryLock(g.Key)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if !ok {
				fmt.Fprintf(w, "kept %s (a process is using it now)\n", g.Path)
				continue
			}
			err = c.removeAll(g.Path)
			if err == nil {
				os.Remove(c.statPath(g.Key))
				os.Remove(c.usePath(g.Key))
			}
			l.Unlock()
			if err != nil {
				errs = append(errs, err)
				continue
			}
		} else if err := c.removeAll(g.Path); err != nil {
			errs = append(errs, err)
			continue
		}
		removed++
		bytes += g.Size
		fmt.Fprintf(w, "removed %s (%s, %s)\n", g.Path, g.Why, HumanBytes(g.Size))
	}
	for _, l := range c.pruneLinks() {
		fmt.Fprintf(w, "removed %s (a link to a removed entry)\n", l)
	}
	if len(errs) > 0 {
		return removed, bytes, fmt.Errorf("gc could not remove %d of %d items:\n%w", len(errs), len(plan), errors.Join(errs...))
	}
	return removed, bytes, nil
}

// removeAll removes path, which must lie under the results directory,
// never through a symbolic link: nothing outside the results directory is
// removed, whatever a pruner listed or a link points to.
func (c Cache) removeAll(path string) error {
	rel, err := filepath.Rel(c.Dir, path)
	if err != nil {
		return err
	}
	return safefile.RemoveAllIn(c.Dir, rel)
}

// DirSize returns the bytes of the files under path.
func DirSize(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// HumanBytes formats a size in B, KiB, MiB, GiB or TiB.
func HumanBytes(n int64) string {
	switch {
	case n >= 1<<40:
		return fmt.Sprintf("%.1f TiB", float64(n)/(1<<40))
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
