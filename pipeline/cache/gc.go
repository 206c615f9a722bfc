package cache

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Garbage is something under the results directory that gc may remove, and
// why.
type Garbage struct {
	Path string
	Why  string
}

// A Pruner lists what another part of ringwave left under the results
// directory that may go now (the executors' finished submissions).
type Pruner func(c Cache) []Garbage

// GC removes the entries whose keys are not in keep, the quarantine, the
// temporary directories no process is writing, and what the pruners list.
// With dryRun it only prints what it would remove. It prints one line per
// removal on w.
func (c Cache) GC(keep map[string]bool, dryRun bool, w io.Writer, pruners ...Pruner) (removed int, bytes int64, err error) {
	verb := "removed"
	if dryRun {
		verb = "would remove"
	}
	remove := func(path, why string) {
		size := dirSize(path)
		if !dryRun {
			if err := os.RemoveAll(path); err != nil {
				fmt.Fprintf(w, "gc: %v\n", err)
				return
			}
		}
		removed++
		bytes += size
		fmt.Fprintf(w, "%s %s (%s, %s)\n", verb, path, why, HumanBytes(size))
	}
	keys, err := c.Entries()
	if err != nil {
		return 0, 0, err
	}
	for _, key := range keys {
		if keep[key] {
			continue
		}
		l, ok := c.tryLock(key)
		if !ok {
			continue // being recomputed right now
		}
		remove(c.EntryDir(key), "no manifest uses it")
		l.Unlock()
	}
	tmps, _ := os.ReadDir(c.tmpRoot())
	for _, t := range tmps {
		key, _, _ := strings.Cut(t.Name(), ".")
		if !keyRE.MatchString(key) {
			continue
		}
		l, ok := c.tryLock(key)
		if !ok {
			continue // its writer is alive
		}
		remove(filepath.Join(c.tmpRoot(), t.Name()), "left by an interrupted run")
		l.Unlock()
	}
	for _, prune := range pruners {
		for _, g := range prune(c) {
			remove(g.Path, g.Why)
		}
	}
	q := filepath.Join(c.Dir, "cache", "quarantine")
	if qs, _ := os.ReadDir(q); len(qs) > 0 {
		for _, e := range qs {
			remove(filepath.Join(q, e.Name()), "quarantined by verify")
		}
	}
	return removed, bytes, nil
}

func dirSize(path string) int64 {
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

// HumanBytes formats a size in B, KiB, MiB or GiB.
func HumanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
