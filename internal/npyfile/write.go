// Package npyfile writes and reads the NumPy .npy files of ringwave's runs.
//
// Files are written as little-endian float64 ('<f8'), C order, format
// version 1.0, streamed row by row: the shape is declared up front, so a
// 300 MB activity never sits in memory. The sha256 and size of what is
// written are computed on the way, so a run's manifest of files costs no
// second pass, and both the writing and the hashing happen on a goroutine
// of their own, while the caller computes the next rows. Reading accepts what NumPy writes for floating arrays: either
// byte order, C or Fortran order, float32 or float64.
package npyfile

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unsafe"
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

// Writer streams a float64 array into an .npy file. The caller fills
// buffers; two goroutines of the Writer hash them and write them to the
// file, so that a simulation computes while its output is written. At most
// writerBuffers buffers of writerBufferSize bytes exist: when the disk is
// slower than the simulation, Write waits. Where the filesystem allows, the
// full buffers are written directly to the disk, past the page cache (see
// setDirect), and the last, partial one through it.
type Writer struct {
	f       *os.File
	shape   []int
	want    int64 // values declared by the shape
	n       int64 // values written
	size    int64
	buf     []byte      // being filled by Write
	full    chan []byte // to hash
	hashed  chan []byte // from hash to drain
	free    chan []byte // back from drain
	done    chan struct{}
	mu      sync.Mutex
	err     error // drain's first error
	sum     hash.Hash
	direct  bool // the goroutine writes with O_DIRECT
	stopped bool // full is closed
}

const (
	writerBuffers    = 8
	writerBufferSize = 1 << 19 // a multiple of directAlign
	// writebackEvery is how many bytes the goroutine writes through the
	// cache between asking the kernel to start writing them back to disk,
	// so that Close's fsync finds little left to do.
	writebackEvery = 32 << 20
)

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
	w := &Writer{
		f: f, shape: append([]int(nil), shape...), want: want, sum: sha256.New(),
		full: make(chan []byte, writerBuffers), hashed: make(chan []byte, writerBuffers),
		free: make(chan []byte, writerBuffers), done: make(chan struct{}),
	}
	h := Header(shape)
	// Small files are not worth it: they are written once, at the end.
	w.direct = 8*want+int64(len(h)) >= 2*writerBufferSize && setDirect(f, true)
	for range writerBuffers - 1 {
		w.free <- alignedBuffer()
	}
	w.buf = append(alignedBuffer(), h...)
	w.size = int64(len(h))
	go w.hash()
	go w.drain()
	return w, nil
}

// littleEndian says whether float64s are stored as the file stores them.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// alignedBuffer returns an empty buffer of writerBufferSize bytes whose
// address is a multiple of directAlign, as direct writes need.
func alignedBuffer() []byte {
	b := make([]byte, writerBufferSize+directAlign)
	off := 0
	if r := int(uintptr(unsafe.Pointer(&b[0])) % directAlign); r != 0 {
		off = directAlign - r
	}
	return b[off : off : off+writerBufferSize]
}

// hash hashes the buffers it receives, in order, and passes them on to
// drain, until full is closed: the hash is computed while drain waits for
// the disk.
func (w *Writer) hash() {
	for b := range w.full {
		w.sum.Write(b)
		w.hashed <- b
	}
	close(w.hashed)
}

// drain writes the buffers it receives, in order, until hashed is closed.
// After an error it only returns them.
func (w *Writer) drain() {
	defer close(w.done)
	var written, hinted int64
	for b := range w.hashed {
		if w.failed() == nil {
			if err := w.write(b); err != nil {
				w.mu.Lock()
				w.err = err
				w.mu.Unlock()
			} else {
				written += int64(len(b))
				if !w.direct && written-hinted >= writebackEvery {
					startWriteback(w.f, hinted, written-hinted)
					hinted = written
				}
			}
		}
		w.free <- b[:0]
	}
}

// write writes b at the end of the file: directly if it can (full buffers
// only; the offsets of the file stay multiples of the buffers' size), else
// through the cache, for good once a direct write has been refused.
func (w *Writer) write(b []byte) error {
	if w.direct && len(b)%directAlign != 0 {
		w.direct = !setDirect(w.f, false)
	}
	if w.direct {
		_, err := w.f.Write(b)
		if !errors.Is(err, syscall.EINVAL) {
			return err
		}
		// Refused before anything was written (an alignment the device
		// does not accept): through the cache from now on.
		if w.direct = !setDirect(w.f, false); w.direct {
			return err
		}
	}
	_, err := w.f.Write(b)
	return err
}

func (w *Writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Write appends values in C order. An error of an earlier write to the file
// may be returned by a later Write.
func (w *Writer) Write(values []float64) error {
	if w.stopped {
		return fmt.Errorf("npyfile: %s: write after Close or Abort", w.f.Name())
	}
	if w.n+int64(len(values)) > w.want {
		return fmt.Errorf("npyfile: %s: more values than its shape %v holds", w.f.Name(), w.shape)
	}
	if err := w.failed(); err != nil {
		return err
	}
	for len(values) > 0 {
		if len(w.buf) == cap(w.buf) {
			w.full <- w.buf
			w.buf = <-w.free
		}
		k := min(len(values), (cap(w.buf)-len(w.buf))/8)
		b := w.buf[len(w.buf) : len(w.buf)+8*k]
		if littleEndian {
			// The values' memory is the file's bytes: one copy, the
			// fastest way to be done with the caller's row.
			copy(b, unsafe.Slice((*byte)(unsafe.Pointer(&values[0])), 8*k))
		} else {
			for i, v := range values[:k] {
				binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
			}
		}
		w.buf = w.buf[:len(w.buf)+8*k]
		w.n += int64(k)
		w.size += int64(8 * k)
		values = values[k:]
	}
	return nil
}

// stop hands the last buffer over and waits for the goroutines to finish.
func (w *Writer) stop() {
	if w.stopped {
		return
	}
	w.stopped = true
	if len(w.buf) > 0 {
		w.full <- w.buf
		w.buf = nil
	}
	close(w.full)
	<-w.done
}

// Close checks that every declared value was written, waits for the writes,
// syncs the file to disk, and returns its description.
func (w *Writer) Close() (Info, error) {
	if w.stopped {
		return Info{}, fmt.Errorf("npyfile: %s: already closed", w.f.Name())
	}
	w.stop()
	err := w.failed()
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

// Abort closes the file without checks; the caller removes it. After Close
// it does nothing.
func (w *Writer) Abort() {
	if w.stopped {
		return
	}
	w.stop()
	w.f.Close()
}

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
