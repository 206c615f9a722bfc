// Package npyfile writes and reads the NumPy .npy files of ringwave's runs.
//
// Files are written as little-endian float64 ('<f8'), C order, format
// version 1.0, streamed row by row: the shape is declared up front, so a
// 300 MB activity never sits in memory. The sha256 and size of what is
// written are computed on the way, so a run's manifest of files costs no
// second pass. Reading accepts what NumPy writes for floating arrays: either
// byte order, C or Fortran order, float32 or float64.
package npyfile

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Info describes a written file.
type Info struct {
	Shape  []int  `json:"shape"`
	Dtype  string `json:"dtype"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Header returns the .npy version 1.0 header of a little-endian float64
// C-order array of the given shape, padded to a multiple of 64 bytes.
func Header(shape []int) []byte {
	dims := make([]string, len(shape))
	for i, n := range shape {
		dims[i] = strconv.Itoa(n)
	}
	tuple := strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	dict := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }", tuple)
	const preamble = 10 // magic (6), version (2), header length (2)
	total := preamble + len(dict) + 1
	pad := (64 - total%64) % 64
	dict += strings.Repeat(" ", pad) + "\n"
	h := make([]byte, preamble, preamble+len(dict))
	copy(h, "\x93NUMPY\x01\x00")
	binary.LittleEndian.PutUint16(h[8:], uint16(len(dict)))
	return append(h, dict...)
}

// Writer streams a float64 array into an .npy file.
type Writer struct {
	f       *os.File
	buf     *bufio.Writer
	sum     hash.Hash
	shape   []int
	want    int64 // values declared by the shape
	n       int64 // values written
	size    int64
	scratch []byte
}

// Create creates the file name (which must not exist) for an array of the
// given shape and writes its header.
func Create(name string, shape ...int) (*Writer, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	want := int64(1)
	for _, n := range shape {
		want *= int64(n)
	}
	w := &Writer{f: f, sum: sha256.New(), shape: append([]int(nil), shape...), want: want}
	w.buf = bufio.NewWriterSize(io.MultiWriter(f, w.sum), 1<<20)
	h := Header(shape)
	if _, err := w.buf.Write(h); err != nil {
		f.Close()
		return nil, err
	}
	w.size = int64(len(h))
	return w, nil
}

// Write appends values in C order.
func (w *Writer) Write(values []float64) error {
	if w.n+int64(len(values)) > w.want {
		return fmt.Errorf("npyfile: %s: more values than its shape %v holds", w.f.Name(), w.shape)
	}
	if cap(w.scratch) < 8*len(values) {
		w.scratch = make([]byte, 8*len(values))
	}
	b := w.scratch[:8*len(values)]
	for i, v := range values {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	if _, err := w.buf.Write(b); err != nil {
		return err
	}
	w.n += int64(len(values))
	w.size += int64(len(b))
	return nil
}

// Close checks that every declared value was written, flushes and syncs the
// file to disk, and returns its description.
func (w *Writer) Close() (Info, error) {
	err := w.buf.Flush()
	if err == nil && w.n != w.want {
		err = fmt.Errorf("npyfile: %s: %d values written, shape %v needs %d", w.f.Name(), w.n, w.shape, w.want)
	}
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Info{}, err
	}
	return Info{Shape: w.shape, Dtype: "<f8", Size: w.size, SHA256: hex.EncodeToString(w.sum.Sum(nil))}, nil
}

// Abort closes the file without checks; the caller removes it.
func (w *Writer) Abort() { w.f.Close() }

// WriteFile writes values as an array of the given shape into a new file.
func WriteFile(name string, values []float64, shape ...int) (Info, error) {
	w, err := Create(name, shape...)
	if err != nil {
		return Info{}, err
	}
	if err := w.Write(values); err != nil {
		w.Abort()
		return Info{}, err
	}
	return w.Close()
}
