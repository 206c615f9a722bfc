package cache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"ringwave/internal/safefile"
)

// Cache is the content-addressed store under a results directory (see the
// package comment for its layout).
type Cache struct {
	Dir string // the results directory
}

// The files of an entry. Every reader names them through these.
const (
	RecordFile   = "run.json"
	ActivityFile = "activity.npy"        // (rows, N): the rates every record.activity_every steps; with windows, one file per span (SpanFile)
	WeightsFile  = "weights.npy"         // the final weights: (N, N) or (N,)
	InitialFile  = "weights_initial.npy" // the weights the run started from
	HistoryFile  = "weights_history.npy" // (snapshots, …) with record.weights_every > 0
)

// EntryDir returns the directory of the entry for key, whether or not it exists.
func (c Cache) EntryDir(key string) string {
	return filepath.Join(c.Dir, "cache", key[:2], key)
}

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

// Lookup returns the entry's record when it is complete and every file is
// what run.json says: a file whose stat fingerprint changed since it was
// last hashed is hashed again (see fingerprint.go), so a file altered in
// place is never taken for a hit. For a corrupt entry it returns the
// problem found.
func (c Cache) Lookup(key string) (*Record, State, error) {
	rec, _, state, err := c.lookup(key)
	return rec, state, err
}

// lookup is Lookup that also returns the names of the files it hashed.
func (c Cache) lookup(key string) (*Record, map[string]bool, State, error) {
	dir := c.EntryDir(key)
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return nil, nil, Missing, nil
	}
	if err := safefile.CheckDirs(filepath.Join(c.Dir, "cache"), key[:2]); err != nil {
		return nil, nil, Corrupt, err // a shard that is a link: not served, nor written through
	}
	rec, err := readEntry(dir, key)
	if err != nil {
		return nil, nil, Corrupt, err
	}
	trusted := c.trusted(key, rec.Checksum)
	hashed := map[string]bool{}
	for _, f := range rec.Files {
		path := filepath.Join(dir, f.Name)
		if st, err := statOf(path); err == nil && st == trusted[f.Name] {
			continue
		}
		if sum, err := hashFile(path); err != nil || sum != f.SHA256 {
			return nil, nil, Corrupt, fmt.Errorf("%s does not match its sha256 in run.json: it changed since the run was computed", f.Name)
		}
		hashed[f.Name] = true
	}
	if len(hashed) > 0 {
		c.recordFingerprints(key, rec)
	}
	return rec, hashed, Cached, nil
}
