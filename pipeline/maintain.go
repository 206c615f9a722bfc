package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/gofrs/flock"
)

var keyRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Entries lists the keys of the entries in the cache, sorted.
func (c Cache) Entries() ([]string, error) {
	shards, err := os.ReadDir(filepath.Join(c.Dir, "cache"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, s := range shards {
		if !s.IsDir() || len(s.Name()) != 2 {
			continue
		}
		entries, err := os.ReadDir(filepath.Join(c.Dir, "cache", s.Name()))
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() && keyRE.MatchString(e.Name()) && e.Name()[:2] == s.Name() {
				keys = append(keys, e.Name())
			}
		}
	}
	sort.Strings(keys)
	return keys, nil
}

// VerifyEntry re-hashes every file of an entry and compares with run.json.
func (c Cache) VerifyEntry(key string) error {
	dir := c.EntryDir(key)
	rec, err := readRecord(dir, key)
	if err != nil {
		return err
	}
	for _, f := range rec.Files {
		sum, err := hashFile(filepath.Join(dir, f.Name))
		if err != nil {
			return err
		}
		if sum != f.SHA256 {
			return fmt.Errorf("%s: sha256 %.12s, run.json says %.12s", f.Name, sum, f.SHA256)
		}
	}
	return nil
}

// Quarantine moves a corrupt entry out of the cache, to DIR/cache/quarantine/,
// so that the next run recomputes it; gc deletes it. The entry is checked
// again under its lock: one recomputed or removed meanwhile is left alone.
func (c Cache) Quarantine(ctx context.Context, key string) error {
	l, err := c.lock(ctx, key, nil)
	if err != nil {
		return err
	}
	defer l.Unlock()
	if _, err := os.Stat(c.EntryDir(key)); errors.Is(err, os.ErrNotExist) || c.VerifyEntry(key) == nil {
		return nil
	}
	q := filepath.Join(c.Dir, "cache", "quarantine")
	if err := os.MkdirAll(q, 0o755); err != nil {
		return err
	}
	return os.Rename(c.EntryDir(key), filepath.Join(q, key+"."+randomSuffix()))
}

// Recompute computes run r afresh into a temporary directory and compares
// its files bit for bit (by sha256) with the cached entry. The temporary
// directory is removed.
func (c Cache) Recompute(ctx context.Context, r *Run, rec *RunRecord) error {
	if err := checkMemory(r); err != nil {
		return err
	}
	// Under the entry's lock, so that gc does not take the temporary
	// directory for one left by a killed run.
	l, err := c.lock(ctx, r.Key, nil)
	if err != nil {
		return err
	}
	defer l.Unlock()
	tmp, fresh, err := c.compute(ctx, r, nil)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, f := range rec.Files {
		g := fresh.File(f.Name)
		if g == nil {
			return fmt.Errorf("%s: not produced by the recomputation", f.Name)
		}
		if g.SHA256 != f.SHA256 {
			return fmt.Errorf("%s differs when recomputed (sha256 %.12s, cached %.12s): the simulation is not deterministic", f.Name, g.SHA256, f.SHA256)
		}
	}
	return nil
}

// GC removes the entries whose keys are not in keep, the quarantine, the
// temporary directories no process is writing, and the directories of
// Slurm submissions whose runs are all cached. With dryRun it only
// prints what it would remove. It prints one line per removal on w.
func (c Cache) GC(keep map[string]bool, dryRun bool, w io.Writer) (removed int, bytes int64, err error) {
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
		fmt.Fprintf(w, "%s %s (%s, %s)\n", verb, path, why, humanBytes(size))
	}
	keys, err := c.Entries()
	if err != nil {
		return 0, 0, err
	}
	for _, key := range keys {
		if keep[key] {
			continue
		}
		l := flock.New(c.EntryDir(key) + ".lock")
		if ok, _ := l.TryLock(); !ok {
			continue // being recomputed right now
		}
		// The lock file stays: a process may be waiting on it, and a new
		// file at the same path would let two processes in at once.
		remove(c.EntryDir(key), "no manifest uses it")
		l.Unlock()
	}
	tmps, _ := os.ReadDir(c.tmpRoot())
	for _, t := range tmps {
		key, _, _ := strings.Cut(t.Name(), ".")
		if !keyRE.MatchString(key) {
			continue
		}
		l := flock.New(c.EntryDir(key) + ".lock")
		if ok, _ := l.TryLock(); !ok {
			continue // its writer is alive
		}
		remove(filepath.Join(c.tmpRoot(), t.Name()), "left by an interrupted run")
		l.Unlock()
	}
	for _, sub := range c.finishedSubmissions() {
		remove(sub, "a Slurm submission whose runs are all cached")
	}
	for _, sub := range c.finishedSubmissions() {
		remove(sub, "a Slurm submission whose runs are all cached")
	}
	q := filepath.Join(c.Dir, "cache", "quarantine")
	if qs, _ := os.ReadDir(q); len(qs) > 0 {
		for _, e := range qs {
			remove(filepath.Join(q, e.Name()), "quarantined by verify")
		}
	}
	return removed, bytes, nil
}

// finishedSubmissions lists the directories of Slurm submissions
// (DIR/slurm/<id>) all of whose runs are cached: their logs have nothing
// left to explain, and a task still queued would only find its run done.
func (c Cache) finishedSubmissions() []string {
	dirs, _ := os.ReadDir(filepath.Join(c.Dir, "slurm"))
	var done []string
	for _, d := range dirs {
		path := filepath.Join(c.Dir, "slurm", d.Name())
		b, err := os.ReadFile(filepath.Join(path, "tasks.json"))
		var list taskList
		if err != nil || json.Unmarshal(b, &list) != nil || len(list.Tasks) == 0 {
			continue // not ours, or being written
		}
		finished := true
		for _, t := range list.Tasks {
			if !keyRE.MatchString(t.Key) {
				finished = false
				break
			}
			if _, state, _ := c.Lookup(t.Key); state != Cached {
				finished = false
				break
			}
		}
		if finished {
			done = append(done, path)
		}
	}
	return done
}

func hashFile(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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

func humanBytes(n int64) string {
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
