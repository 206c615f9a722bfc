package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sync"

	"ringwave/internal/npyfile"
	"ringwave/internal/safefile"
	"ringwave/pipeline/manifest"
)

// Result is a complete cached run, opened for reading. Reports, tables and
// exports read runs through it, never by guessing paths, and everything
// they read is checked against its sha256 in run.json: Read and ReadRows
// hash a file whole (once per Result and file) before they return any of
// it, Copy as it streams it. A file that does not match is an error that
// says so; nothing of it is returned.
type Result struct {
	Run    *manifest.Run
	Dir    string
	Record *Record

	verified *verified // shared by copies of the Result
}

// verified holds the names of the files of a Result whose sha256 was
// checked.
type verified struct {
	mu    sync.Mutex
	names map[string]bool
}

func (v *verified) has(name string) bool {
	if v == nil {
		return false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.names[name]
}

func (v *verified) add(name string) {
	if v != nil {
		v.mu.Lock()
		v.names[name] = true
		v.mu.Unlock()
	}
}

// Open returns the cached result of r, or, when there is none, the state of
// its entry (Missing or Corrupt) and for a corrupt one the problem found.
func (c Cache) Open(r *manifest.Run) (*Result, State, error) {
	rec, hashed, state, err := c.lookup(r.Key)
	if state != Cached {
		return nil, state, err
	}
	// A file the lookup has just hashed need not be hashed again.
	return &Result{Run: r, Dir: c.EntryDir(r.Key), Record: rec, verified: &verified{names: hashed}}, Cached, nil
}

// Array is a float64 array read from a result, in C order.
type Array struct {
	Shape  []int
	Values []float64
}

// open opens the named file of the run (one of the *File constants),
// checks that its shape is the one run.json records and, unless done
// before, that its content has the recorded sha256.
func (res *Result) open(name string) (*npyfile.File, error) {
	rec := res.Record.File(name)
	if rec == nil {
		return nil, fmt.Errorf("%s: no %s in this run", res.Run.Name, name)
	}
	f, err := npyfile.Open(filepath.Join(res.Dir, name))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", res.Run.Name, err)
	}
	if !slices.Equal(f.Shape, rec.Shape) {
		f.Close()
		return nil, fmt.Errorf("%s: %s has shape %v, run.json says %v", res.Run.Name, name, f.Shape, rec.Shape)
	}
	if !res.verified.has(name) {
		sum, err := f.SHA256()
		if err == nil && sum != rec.SHA256 {
			err = res.damaged(name)
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		res.verified.add(name)
	}
	return f, nil
}

// damaged is the error about a file that does not match its sha256.
func (res *Result) damaged(name string) error {
	return fmt.Errorf("%s: %s does not match its sha256 in run.json: the cache entry was damaged since it was computed (ringwave verify moves it aside; ringwave run recomputes it)", res.Run.Name, name)
}

// Read reads a whole array of the run (mind the activity's size: ReadRows
// reads part).
func (res *Result) Read(name string) (Array, error) {
	f, err := res.open(name)
	if err != nil {
		return Array{}, err
	}
	defer f.Close()
	values, err := f.ReadAll()
	return Array{Shape: f.Shape, Values: values}, err
}

// Rows returns the number of rows (first dimension) of an array, 0 when
// the run has no such file.
func (res *Result) Rows(name string) int {
	f := res.Record.File(name)
	if f == nil || len(f.Shape) == 0 {
		return 0
	}
	return f.Shape[0]
}

// ReadRows reads rows [from, to) of an array of the run (the first index).
// Rows are clamped to the array. The file is hashed whole the first time.
func (res *Result) ReadRows(name string, from, to int) (Array, error) {
	f, err := res.open(name)
	if err != nil {
		return Array{}, err
	}
	defer f.Close()
	values, err := f.ReadRows(from, to)
	if err != nil {
		return Array{}, fmt.Errorf("%s: %w", res.Run.Name, err)
	}
	rows := f.Shape[0]
	from, to = max(0, min(from, rows)), max(0, min(to, rows))
	return Array{Shape: append([]int{max(to-from, 0)}, f.Shape[1:]...), Values: values}, nil
}

// Copy writes the bytes of the named file of the run to w, checking its
// sha256 on the way: when it does not match, the error says so after w has
// had the bytes, so w must be something the caller discards on error (a
// pending file). Exports are bit for bit the run's files.
func (res *Result) Copy(w io.Writer, name string) error {
	rec := res.Record.File(name)
	if rec == nil {
		return fmt.Errorf("%s: no %s in this run", res.Run.Name, name)
	}
	f, _, err := safefile.Open(filepath.Join(res.Dir, name))
	if err != nil {
		return fmt.Errorf("%s: %w", res.Run.Name, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(w, h), f); err != nil {
		return fmt.Errorf("%s: %s: %w", res.Run.Name, name, err)
	}
	if hex.EncodeToString(h.Sum(nil)) != rec.SHA256 {
		return res.damaged(name)
	}
	res.verified.add(name)
	return nil
}

// RecordJSON returns the text of the run's run.json, checked to be the
// record the Result was opened with.
func (res *Result) RecordJSON() ([]byte, error) {
	b, err := safefile.ReadFile(filepath.Join(res.Dir, RecordFile), maxRecord)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", res.Run.Name, err)
	}
	var rec Record
	if json.Unmarshal(b, &rec) != nil || rec.Checksum != rec.checksum() || rec.Checksum != res.Record.Checksum {
		return nil, res.damaged(RecordFile)
	}
	return b, nil
}
