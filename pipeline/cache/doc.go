// Package cache is the content-addressed store of computed runs.
//
// Under a results directory DIR:
//
//	DIR/cache/<key[:2]>/<key>/       one complete run: run.json and .npy files
//	DIR/cache/<key[:2]>/<key>.lock   the per-entry lock (flock, gofrs/flock)
//	DIR/cache/<key[:2]>/<key>.stat   the stat fingerprints of the entry's files
//	DIR/cache/<key[:2]>/<key>.uses   the manifest that last used the entry
//	DIR/cache/tmp/<key>.<random>/    a pending entry being written
//	DIR/cache/quarantine/            entries verify found corrupt
//	DIR/runs/<name>[/<point>]        links by manifest name to the entries
//	DIR/<area>/<key[:2]>/<key>/      data derived from an entry (an Area:
//	                                 DIR/analysis/ holds the measurements)
//
// An entry is written as a Pending directory in tmp/, each file streamed,
// hashed and synced as it is written, then committed (renamed into place
// whole) under its lock, so a reader never sees part of one and two
// processes never write one at once. A writer holds the lock from Begin to
// Commit or Abort, so a pending directory whose lock is free was left by a
// killed process: RemoveDeadTemps (called by every run) and gc remove it.
//
// Nothing damaged is served. An entry is its own directory of regular
// files. A lookup treats anything malformed as corrupt: an unreadable or
// edited run.json, a missing, resized or replaced file, and a file whose
// stat fingerprint (size, mtime, ctime, inode) differs from the one taken
// when it was last hashed and whose sha256 no longer matches (see
// fingerprint.go: a copy elsewhere costs one re-hash). Readers open a run
// with Open and read it through Result, which checks the sha256 of every
// file it reads (Read, ReadRows, Copy); verify re-hashes everything. The
// names of an entry's files are the *File constants, and with recording
// windows SpanFile's names derived from them; run.json's recording maps
// their rows to steps.
//
// gc is Plan (what would go: entries no given manifest uses, dead pending
// directories, the quarantine, the data of every registered Area that no
// given manifest uses or that other code made, what Pruners list) then
// Remove, which goes on after a failure and removes the links under runs/
// it left dangling. gc lists only names it generates and removes nothing
// through a symbolic link: every removal goes through an os.Root at the
// results directory after an Lstat of each directory on the way, so
// nothing outside the results directory is ever deleted (derived.go,
// internal/safefile).
// Link and gc remove under runs/ only ringwave's links, never a user's
// file. Locks are flocks; on a filesystem without them the error names
// the mount and what to do.
package cache
