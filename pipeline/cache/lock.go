package cache

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"
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
	dir := filepath.Join(c.Dir, "cache", key[:2])
	if err := os.MkdirAll(dir, 0o755); err != nil {
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
	if m, ok := mountOf(path); ok {
		where = fmt.Sprintf("the %s filesystem mounted at %s (from %s)", m.fstype, m.point, m.source)
	}
	return fmt.Errorf("cannot lock %s: %s does not support file locks (flock: %w). "+
		"ringwave locks each cache entry so that two processes never write it at once. "+
		"Have it mounted with locks (Lustre: the 'flock' mount option, which your administrators can set; NFS: without 'nolock'), "+
		"or give -results a directory on a filesystem that has them (a local disk, NFSv4)", path, where, err)
}

// mount is a line of /proc/self/mountinfo.
type mount struct{ point, fstype, source string }

// mountinfo is read by mountOf; tests replace it.
var mountinfo = func() (io.ReadCloser, error) { return os.Open("/proc/self/mountinfo") }

// mountOf returns the mount that holds path: the one with the longest
// mount point above it.
func mountOf(path string) (mount, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return mount{}, false
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	f, err := mountinfo()
	if err != nil {
		return mount{}, false
	}
	defer f.Close()
	var best mount
	found := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		fields, tail := strings.Fields(pre), strings.Fields(post)
		if !ok || len(fields) < 5 || len(tail) < 2 {
			continue
		}
		point := unescapeMount(fields[4])
		if !within(abs, point) || (found && len(point) <= len(best.point)) {
			continue
		}
		best, found = mount{point, tail[0], unescapeMount(tail[1])}, true
	}
	return best, found
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	return dir == "/" || path == dir || strings.HasPrefix(path, dir+"/")
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
