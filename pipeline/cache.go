package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// Cache is the content-addressed store under a results directory (see the
// package comment for its layout).
type Cache struct {
	Dir string // the results directory
}

// EntryDir returns the directory of the entry for key, whether or not it exists.
func (c Cache) EntryDir(key string) string {
	return filepath.Join(c.Dir, "cache", key[:2], key)
}

func (c Cache) tmpRoot() string { return filepath.Join(c.Dir, "cache", "tmp") }

// State is what the cache holds for a key.
type State int

const (
	Missing State = iota
	Corrupt       // present but incomplete or inconsistent: recomputed by run
	Cached
)

func (s State) String() string {
	return [...]string{"missing", "corrupt", "cached"}[s]
}

// Lookup returns the entry's record when it is complete. For a corrupt
// entry it returns the problem found.
func (c Cache) Lookup(key string) (*RunRecord, State, error) {
	dir := c.EntryDir(key)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return nil, Missing, nil
	}
	rec, err := readRecord(dir, key)
	if err != nil {
		return nil, Corrupt, err
	}
	// Small files are cheap to re-hash; large ones are only size-checked
	// here (verify hashes them).
	for _, f := range rec.Files {
		if f.Size <= smallFile {
			if sum, err := hashFile(filepath.Join(dir, f.Name)); err != nil || sum != f.SHA256 {
				return nil, Corrupt, fmt.Errorf("%s does not match its sha256 in run.json", f.Name)
			}
		}
	}
	return rec, Cached, nil
}

// smallFile is the size up to which a lookup re-hashes a file (the final
// weights of an N = 1000 full run).
const smallFile = 8 << 20

// lock takes the per-entry lock, waiting for another process that holds it;
// onWait is called once if it has to wait.
func (c Cache) lock(ctx context.Context, key string, onWait func()) (*flock.Flock, error) {
	dir := filepath.Join(c.Dir, "cache", key[:2])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	l := flock.New(filepath.Join(dir, key+".lock"))
	ok, err := l.TryLock()
	if err != nil {
		return nil, err
	}
	if !ok {
		if onWait != nil {
			onWait()
		}
		if _, err := l.TryLockContext(ctx, 100*time.Millisecond); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// newTmp creates a fresh directory to write an entry into, on the same
// filesystem as the cache so that the final rename is atomic.
func (c Cache) newTmp(key string) (string, error) {
	if err := os.MkdirAll(c.tmpRoot(), 0o755); err != nil {
		return "", err
	}
	dir := filepath.Join(c.tmpRoot(), key+"."+randomSuffix())
	return dir, os.Mkdir(dir, 0o755)
}

func randomSuffix() string {
	var r [6]byte
	rand.Read(r[:])
	return hex.EncodeToString(r[:])
}

// commit moves a complete, synced tmp directory into place as the entry for
// key, replacing a corrupt entry if there is one. The caller holds the lock.
func (c Cache) commit(tmp, key string) error {
	if err := syncDir(tmp); err != nil {
		return err
	}
	final := c.EntryDir(key)
	if _, err := os.Stat(final); err == nil {
		// A corrupt entry (or, with -force, a good one): move it aside
		// first, so that the rename below never meets a non-empty directory,
		// and put it back if that rename fails.
		trash := tmp + ".old"
		if err := os.Rename(final, trash); err != nil {
			return err
		}
		if err := os.Rename(tmp, final); err != nil {
			os.Rename(trash, final)
			return err
		}
		os.RemoveAll(trash)
		return syncDir(filepath.Dir(final))
	}
	if err := os.Rename(tmp, final); err != nil {
		return err
	}
	return syncDir(filepath.Dir(final))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
