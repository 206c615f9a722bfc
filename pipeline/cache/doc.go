// Package cache is the content-addressed store of computed runs.
//
// Under a results directory DIR:
//
//	DIR/cache/<key[:2]>/<key>/       one complete run: run.json and .npy files
//	DIR/cache/<key[:2]>/<key>.lock   the per-entry lock (gofrs/flock)
//	DIR/cache/tmp/<key>.<random>/    a pending entry being written
//	DIR/cache/quarantine/            entries verify found corrupt
//	DIR/runs/<name>[/<point>]        links by manifest name to the entries
//
// An entry is written as a Pending directory in tmp/, each file streamed,
// hashed and synced as it is written, then committed (renamed into place
// whole) under its lock, so a reader never sees part of one and two
// processes never write one at once. A lookup treats anything malformed
// (unreadable or edited run.json, a missing or resized file, a small file
// whose sha256 differs) as corrupt; verify re-hashes everything. The names
// of an entry's files are the *File constants; readers open a run with
// Open and read its arrays through Result, which goes through npyfile.
package cache
