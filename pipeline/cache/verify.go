package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"ringwave/internal/safefile"
)

var keyRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Entries lists the keys of the entries in the cache, sorted: every name
// of a key's form in a shard, directory or not.
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
		for _, e := range entries { // whatever they are: verify says what is wrong
			if keyRE.MatchString(e.Name()) && e.Name()[:2] == s.Name() {
				keys = append(keys, e.Name())
			}
		}
	}
	sort.Strings(keys)
	return keys, nil
}

// LinkedShards lists the shards of the cache (cache/<2 hex>) that are
// symbolic links: Entries does not follow them, so verify and gc report
// them instead of passing over their entries in silence.
func (c Cache) LinkedShards() []string {
	shards, _ := os.ReadDir(filepath.Join(c.Dir, "cache"))
	var links []string
	for _, s := range shards {
		if len(s.Name()) == 2 && s.Type()&os.ModeSymlink != 0 {
			links = append(links, filepath.Join(c.Dir, "cache", s.Name()))
		}
	}
	return links
}

// VerifyEntry re-hashes every file of an entry and compares with run.json.
func (c Cache) VerifyEntry(key string) error {
	dir := c.EntryDir(key)
	rec, err := readEntry(dir, key)
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
	c.recordFingerprints(key, rec) // every file was just hashed
	return nil
}

// Quarantine moves a corrupt entry out of the cache, to DIR/cache/quarantine/,
// so that the next run recomputes it; gc deletes it. The entry is checked
// again under its lock: one recomputed or removed meanwhile is left alone.
func (c Cache) Quarantine(ctx context.Context, key string) error {
	l, err := c.Lock(ctx, key, nil)
	if err != nil {
		return err
	}
	defer l.Unlock()
	if _, err := os.Lstat(c.EntryDir(key)); errors.Is(err, os.ErrNotExist) || c.VerifyEntry(key) == nil {
		return nil
	}
	q := filepath.Join(c.Dir, "cache", "quarantine")
	if err := safefile.MkdirAll(filepath.Join(c.Dir, "cache"), "quarantine"); err != nil { // never moved out through a link
		return err
	}
	if err := os.Rename(c.EntryDir(key), filepath.Join(q, key+"."+randomSuffix())); err != nil {
		return err
	}
	os.Remove(c.statPath(key))
	return nil
}

// hashFile returns the sha256 of a regular file's content.
func hashFile(name string) (string, error) {
	f, _, err := safefile.Open(name)
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

// ValidKey reports whether s has the form of a cache key.
func ValidKey(s string) bool { return keyRE.MatchString(s) }
