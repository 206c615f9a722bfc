package pipeline

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"ringwave/internal/npyfile"
)

// Result is a complete cached run, opened for reading. Reports read runs
// through it, never by guessing paths.
type Result struct {
	Run    *Run
	Dir    string
	Record *RunRecord
}

// Open returns the cached result of r, or an error saying why there is none
// (missing, corrupt).
func (c Cache) Open(r *Run) (*Result, error) {
	rec, state, err := c.Lookup(r.Key)
	switch state {
	case Missing:
		return nil, fmt.Errorf("%s is not computed yet (ringwave run %s)", r.Name, r.Manifest.Path)
	case Corrupt:
		return nil, fmt.Errorf("%s: cache entry is corrupt: %v (ringwave run recomputes it)", r.Name, err)
	}
	return &Result{Run: r, Dir: c.EntryDir(r.Key), Record: rec}, nil
}

// Array is a float64 array read from a result, in C order.
type Array struct {
	Shape  []int
	Values []float64
}

// Read reads a whole array of the run: "weights", "weights_initial",
// "weights_history" or "activity" (mind its size: ReadRows reads part).
func (res *Result) Read(name string) (Array, error) {
	if res.Record.File(name+".npy") == nil {
		return Array{}, fmt.Errorf("%s: no %s.npy in this run", res.Run.Name, name)
	}
	values, shape, err := npyfile.ReadFile(filepath.Join(res.Dir, name+".npy"))
	return Array{Shape: shape, Values: values}, err
}

// Rows returns the number of rows (first dimension) of an array.
func (res *Result) Rows(name string) int {
	f := res.Record.File(name + ".npy")
	if f == nil || len(f.Shape) == 0 {
		return 0
	}
	return f.Shape[0]
}

// ReadRows reads rows [from, to) of an array of the run (the first index),
// without reading the rest of the file. Rows are clamped to the array.
func (res *Result) ReadRows(name string, from, to int) (Array, error) {
	f := res.Record.File(name + ".npy")
	if f == nil {
		return Array{}, fmt.Errorf("%s: no %s.npy in this run", res.Run.Name, name)
	}
	rows := f.Shape[0]
	from, to = max(0, min(from, rows)), max(0, min(to, rows))
	if to < from {
		to = from
	}
	rowLen := 1
	for _, d := range f.Shape[1:] {
		rowLen *= d
	}
	header := int64(len(npyfile.Header(f.Shape)))
	fh, err := os.Open(filepath.Join(res.Dir, name+".npy"))
	if err != nil {
		return Array{}, err
	}
	defer fh.Close()
	buf := make([]byte, 8*rowLen*(to-from))
	if _, err := fh.ReadAt(buf, header+int64(8*rowLen*from)); err != nil {
		return Array{}, fmt.Errorf("%s: %s.npy: %w", res.Run.Name, name, err) // EOF: shorter than run.json says
	}
	values := make([]float64, rowLen*(to-from))
	for i := range values {
		values[i] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*i:]))
	}
	return Array{Shape: append([]int{to - from}, f.Shape[1:]...), Values: values}, nil
}
