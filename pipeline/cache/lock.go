package cache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/gofrs/flock"

	"ringwave/internal/mounts"
	"ringwave/internal/safefile"
)

// A Lock is the per-entry lock of one key, held by this process.
type Lock struct{ f *flock.Flock }

// Unlock releases the lock. The lock file stays: a process may be waiting
// on it, and a new file at the same path would let two processes in at once.
func (l *Lock) Unlock() { l.f.Unlock() }

// tryFlock takes an exclusive flock without waiting. Tests replace it to
// make the filesystem refuse locks.
var tryFlock = func(f *flock.Flock) (bool, error) { return f.TryLock() }

// lockPoll is how often a process waiting for a lock tries again.
const lockPoll = 100 * time.Millisecond

// Lock takes the per-entry lock of key, waiting for another process that
// holds it, until ctx is done; onWait is called once if it has to wait.
// Whoever writes an entry, or takes one away, holds its lock.
func (c Cache) Lock(ctx context.Context, key string, onWait func()) (*Lock, error) {
	if err := os.MkdirAll(filepath.Join(c.Dir, "cache"), 0o755); err != nil {
		return nil, err
	}
	// A shard that is a link would put the entry, its lock and its side
	// files elsewhere: refused, never followed.
	if err := safefile.MkdirAll(filepath.Join(c.Dir, "cache"), key[:2]); err != nil {
		return nil, err
	}
	l := flock.New(c.lockPath(key))
	for waited := false; ; waited = true {
		ok, err := tryFlock(l)
		if err != nil {
			return nil, lockError(l.Path(), err)
		}
		if ok {
			return &Lock{l}, nil
		}
		if !waited && onWait != nil {
			onWait()
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}

func (c Cache) lockPath(key string) string { return c.EntryDir(key) + ".lock" }

// tryLock takes key's lock if no other process holds it. An error means
// that locks cannot be taken at all.
func (c Cache) tryLock(key string) (*Lock, bool, error) {
	l := flock.New(c.lockPath(key))
	ok, err := tryFlock(l)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) { // no lock file: the shard is gone
			return nil, false, nil
		}
		return nil, false, lockError(l.Path(), err)
	}
	if !ok {
		return nil, false, nil
	}
	return &Lock{l}, true, nil
}

// lockError explains a failure to lock. Some cluster filesystems (Lustre
// mounted without -o flock, some NFS and FUSE setups) refuse flock with
// ENOSYS, EOPNOTSUPP or ENOLCK: say which mount that is and what to do.
func lockError(path string, err error) error {
	if !errors.Is(err, syscall.ENOSYS) && !errors.Is(err, syscall.EOPNOTSUPP) && !errors.Is(err, syscall.ENOLCK) {
		return fmt.Errorf("locking %s: %w", path, err)
	}
	where := "the filesystem of " + filepath.Dir(path)
	if m, ok := mounts.Of(path); ok {
		where = m.String()
	}
	return fmt.Errorf("cannot lock %s: %s does not support file locks (flock: %w). "+
		"ringwave locks each cache entry so that two processes never write it at once. "+
		"Have it mounted with locks (Lustre: the 'flock' mount option, which your administrators can set; NFS: without 'nolock'), "+
		"or give -results a directory on a filesystem that has them (a local disk, NFSv4)", path, where, err)
}
