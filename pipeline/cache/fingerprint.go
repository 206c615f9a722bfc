package cache

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"

	"ringwave/internal/safefile"
)

// A lookup must not re-hash hundreds of MB each time, nor serve a file that
// changed since it was hashed. As git's index does, it records each file's
// stat fingerprint (size, mtime, ctime, inode) once the file is known to
// match its sha256, and hashes it again when any of them differ. ctime
// cannot be set by users: an edit in place (dd conv=notrunc), a rewrite
// with the old mtime put back, a copy or an rsync all change it, or the
// inode, and cost one re-hash. The fingerprints live beside the entry, in
// DIR/cache/<xx>/<key>.stat: the entry itself is immutable, and they must be
// refreshed after a legitimate re-hash (a copy to another machine).
//
// A file changed in the same tick of the filesystem's clock as its
// fingerprint was taken would keep its ctime. So, as git does for "racily
// clean" entries, a fingerprint counts only for a file whose ctime is
// before the .stat file's own mtime (both by the filesystem's clock); the
// others are re-hashed at the next lookup, which records them anew.

// fileStat is the stat fingerprint of one file of an entry.
type fileStat struct {
	Size  int64  `json:"size"`
	Mtime int64  `json:"mtime_ns"`
	Ctime int64  `json:"ctime_ns"`
	Ino   uint64 `json:"ino"`
}

// fingerprints is the .stat file of an entry.
type fingerprints struct {
	Checksum string              `json:"checksum"` // of the run.json they belong to
	Files    map[string]fileStat `json:"files"`
}

func (c Cache) statPath(key string) string { return c.EntryDir(key) + ".stat" }

// statOf returns the fingerprint of a file, which must be a regular file
// (not a symlink to one: an entry holds its files).
func statOf(path string) (fileStat, error) {
	var st unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil {
		return fileStat{}, &os.PathError{Op: "lstat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		info, _ := os.Lstat(path)
		mode := os.ModeIrregular
		if info != nil {
			mode = info.Mode()
		}
		if mode&os.ModeSymlink != 0 {
			return fileStat{}, fmt.Errorf("%s is a symlink, not a file of the entry", filepath.Base(path))
		}
		return fileStat{}, &safefile.NotRegularError{Name: filepath.Base(path), Mode: mode}
	}
	return fileStat{Size: st.Size, Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano(), Ino: st.Ino}, nil
}

// trusted returns the fingerprints recorded for the entry with run.json
// checksum sum that still hold: a file listed here need not be hashed. It
// is empty when there are none, they are for another run.json, or the
// .stat file is unreadable.
func (c Cache) trusted(key, sum string) map[string]fileStat {
	path := c.statPath(key)
	b, err := safefile.ReadFile(path, 1<<20)
	if err != nil {
		return nil
	}
	self, err := statOf(path)
	if err != nil {
		return nil
	}
	var fp fingerprints
	if json.Unmarshal(b, &fp) != nil || fp.Checksum != sum {
		return nil
	}
	ok := map[string]fileStat{}
	for name, st := range fp.Files {
		if st.Ctime < self.Mtime { // else racy: see above
			ok[name] = st
		}
	}
	return ok
}

// recordFingerprints writes the fingerprints of the entry's files, which
// the caller has just hashed or written. It is best effort: a read-only
// cache has none, and is re-hashed at each lookup.
func (c Cache) recordFingerprints(key string, rec *Record) {
	fp := fingerprints{Checksum: rec.Checksum, Files: map[string]fileStat{}}
	for _, f := range rec.Files {
		st, err := statOf(filepath.Join(c.EntryDir(key), f.Name))
		if err != nil {
			return
		}
		fp.Files[f.Name] = st
	}
	b, err := json.Marshal(fp)
	if err != nil {
		return
	}
	// The fingerprints count only once the .stat file is younger than every
	// file's ctime (see above). Files just written share the filesystem
	// clock's coarse tick with a .stat written right after them, and would
	// be hashed again at the next lookup (and the .stat rewritten). So the
	// .stat is written again, a tick later, until it is younger: at most a
	// few milliseconds, and only for runs that took less than a tick to
	// write their last file.
	var newest int64
	for _, st := range fp.Files {
		newest = max(newest, st.Ctime)
	}
	path := c.statPath(key)
	for range racyRetries {
		if safefile.WriteFile(path, append(b, '\n'), 0o644) != nil {
			return
		}
		if self, err := statOf(path); err != nil || self.Mtime > newest {
			return
		}
		time.Sleep(racyWait)
	}
}

// racyRetries and racyWait bound the wait for the filesystem clock to move
// past the files' ctime: Linux's coarse timestamps tick every 1 to 10 ms.
const (
	racyRetries = 8
	racyWait    = 2 * time.Millisecond
)
