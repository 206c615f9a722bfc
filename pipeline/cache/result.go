package cache

import (
	"fmt"
	"path/filepath"
	"slices"

	"ringwave/internal/npyfile"
	"ringwave/pipeline/manifest"
)

// Result is a complete cached run, opened for reading. Reports and exports
// read runs through it, never by guessing paths.
type Result struct {
	Run    *manifest.Run
	Dir    string
	Record *Record
}

// Open returns the cached result of r, or, when there is none, the state of
// its entry (Missing or Corrupt) and for a corrupt one the problem found.
func (c Cache) Open(r *manifest.Run) (*Result, State, error) {
	rec, state, err := c.Lookup(r.Key)
	if state != Cached {
		return nil, state, err
	}
	return &Result{Run: r, Dir: c.EntryDir(r.Key), Record: rec}, Cached, nil
}

// Array is a float64 array read from a result, in C order.
type Array struct {
	Shape  []int
	Values []float64
}

// open opens the named file of the run (one of the *File constants) and
// checks that its shape is the one run.json records.
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
	return f, nil
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

// ReadRows reads rows [from, to) of an array of the run (the first index),
// without reading the rest of the file. Rows are clamped to the array.
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
