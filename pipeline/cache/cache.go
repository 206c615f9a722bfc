package cache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Cache is the content-addressed store under a results directory (see the
// package comment for its layout).
type Cache struct {
	Dir string // the results directory
}

// The files of an entry. Every reader names them through these.
const (
	RecordFile   = "run.json"
	ActivityFile = "activity.npy"        // (rows, N): the rates every record.activity_every steps
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

// Lookup returns the entry's record when it is complete. For a corrupt
// entry it returns the problem found.
func (c Cache) Lookup(key string) (*Record, State, error) {
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
