package npyfile

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"codeberg.org/sbinet/npyio/npy"

	"ringwave/internal/safefile"
)

// ErrFormat is wrapped by every error about a file that is not a readable
// floating-point .npy array.
var ErrFormat = errors.New("not a floating-point .npy array")

// maxValues bounds what ReadFile will allocate (2^31 values = 16 GiB of
// float64) so that a corrupt header cannot ask for the impossible.
const maxValues = 1 << 31

// ReadFile reads a floating-point .npy file (float32 or float64, either byte
// order, C or Fortran order) and returns its values as float64 in C order
// with its shape.
func ReadFile(name string) ([]float64, []int, error) {
	f, err := Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	values, err := f.ReadAll()
	if err != nil {
		return nil, nil, err
	}
	return values, f.Shape, nil
}

// Read decodes an .npy stream of size bytes (size < 0: unknown).
func Read(r io.Reader, size int64) (values []float64, shape []int, err error) {
	h, err := readHeader(r)
	if err != nil {
		return nil, nil, err
	}
	if err := h.checkSize(size); err != nil {
		return nil, nil, err
	}
	values, err = h.decode(r, h.count())
	if err != nil {
		return nil, nil, err
	}
	if h.fortran && len(h.shape) > 1 {
		values = fortranToC(values, h.shape)
	}
	return values, append([]int(nil), h.shape...), nil
}

// A File is an .npy file open for reading: its header is read and checked
// against the file's size, its data is read on demand, so that the shape
// of a large file is known before any of it is read.
type File struct {
	Name  string
	Shape []int
	f     *os.File
	h     header
}

// Open opens an .npy file and reads its header. Only regular files are
// opened, without blocking: a FIFO or a device would block or never end.
func Open(name string) (*File, error) {
	f, st, err := safefile.Open(name)
	if err != nil {
		return nil, err
	}
	h, err := readHeader(bufio.NewReaderSize(f, 4096))
	if err == nil {
		err = h.checkSize(st.Size())
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &File{Name: name, Shape: append([]int(nil), h.shape...), f: f, h: h}, nil
}

// Close closes the file.
func (f *File) Close() error { return f.f.Close() }

// ReadAll reads every value, in C order.
func (f *File) ReadAll() ([]float64, error) {
	values, err := f.h.decode(io.NewSectionReader(f.f, f.h.length, f.h.bytes()), f.h.count())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if f.h.fortran && len(f.h.shape) > 1 {
		values = fortranToC(values, f.h.shape)
	}
	return values, nil
}

// ReadRows reads rows [from, to) of the array (its first index; clamped
// to the array) without reading the rest. The array must be in C order.
func (f *File) ReadRows(from, to int) ([]float64, error) {
	if len(f.Shape) == 0 {
		return nil, fmt.Errorf("%s: a 0-d array has no rows", f.Name)
	}
	if f.h.fortran && len(f.Shape) > 1 {
		return nil, fmt.Errorf("%s: rows of a Fortran-order array are not contiguous", f.Name)
	}
	rows := f.Shape[0]
	from, to = max(0, min(from, rows)), max(0, min(to, rows))
	to = max(to, from)
	rowLen := int64(1)
	for _, d := range f.Shape[1:] {
		rowLen *= int64(d)
	}
	start := f.h.length + int64(from)*rowLen*int64(f.h.width)
	n := int64(to-from) * rowLen
	values, err := f.h.decode(io.NewSectionReader(f.f, start, n*int64(f.h.width)), n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return values, nil
}

// SHA256 returns the sha256 of the whole file (header and data), read
// from the descriptor the array is read from.
func (f *File) SHA256() (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f.f, 0, f.h.length+f.h.bytes())); err != nil {
		return "", fmt.Errorf("%s: %w", f.Name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Each calls fn with the array's values in C order, a chunk of whole rows
// at a time (about chunkValues values), so that a large C-order array is
// read in bounded memory; a Fortran-order array is read whole (its C-order
// rows are not contiguous). fn must not keep the slice.
func (f *File) Each(fn func(values []float64) error) error {
	if f.h.fortran && len(f.Shape) > 1 || len(f.Shape) == 0 {
		values, err := f.ReadAll()
		if err != nil {
			return err
		}
		return fn(values)
	}
	rowLen := 1
	for _, d := range f.Shape[1:] {
		rowLen *= d
	}
	step := max(1, chunkValues/max(rowLen, 1))
	for from := 0; from < f.Shape[0]; from += step {
		values, err := f.ReadRows(from, from+step)
		if err != nil {
			return err
		}
		if err := fn(values); err != nil {
			return err
		}
	}
	return nil
}

// chunkValues is the size of Each's chunks: 8 MiB of float64.
const chunkValues = 1 << 20

// header is what an .npy header says about its array.
type header struct {
	length  int64 // of the header, bytes: where the data starts
	shape   []int
	fortran bool
	order   binary.ByteOrder
	width   int // bytes per value: 4 or 8
}

func (h header) count() int64 {
	n := int64(1)
	for _, d := range h.shape {
		n *= int64(d)
	}
	return n
}

func (h header) bytes() int64 { return h.count() * int64(h.width) }

// checkSize checks that a file of size bytes (< 0: unknown) holds exactly
// the header and the array.
func (h header) checkSize(size int64) error {
	if size < 0 {
		return nil
	}
	if want := h.length + h.bytes(); size < want {
		return fmt.Errorf("%w: truncated: %d bytes, shape %v needs %d", ErrFormat, size, h.shape, want)
	} else if size > want {
		return fmt.Errorf("%w: %d bytes of trailing data after the array", ErrFormat, size-want)
	}
	return nil
}

// decode reads n values from r as float64.
func (h header) decode(r io.Reader, n int64) ([]float64, error) {
	raw := make([]byte, n*int64(h.width))
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, fmt.Errorf("%w: truncated data: %v", ErrFormat, err)
	}
	values := make([]float64, n)
	for i := range values {
		if h.width == 8 {
			values[i] = math.Float64frombits(h.order.Uint64(raw[8*i:]))
		} else {
			values[i] = float64(math.Float32frombits(h.order.Uint32(raw[4*i:])))
		}
	}
	return values, nil
}

// fortranToC reorders column-major values of the given shape to row-major.
func fortranToC(src []float64, shape []int) []float64 {
	dst := make([]float64, len(src))
	idx := make([]int, len(shape))
	for f := range src { // f walks src in Fortran order: first index fastest
		c := 0
		for k := range shape {
			c = c*shape[k] + idx[k]
		}
		dst[c] = src[f]
		for k := range idx {
			idx[k]++
			if idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
	return dst
}

// maxHeader bounds the header's declared length; NumPy's are under 1 KiB.
const maxHeader = 1 << 16

// readHeader reads and parses an .npy header: a floating-point dtype and a
// shape of at most maxValues values.
func readHeader(r io.Reader) (h header, err error) {
	defer func() {
		if e := recover(); e != nil { // the header parser panics on some garbage
			err = fmt.Errorf("%w: bad header (%v)", ErrFormat, e)
		}
	}()
	raw, err := readHeaderBytes(r)
	if err != nil {
		return h, err
	}
	nr, err := npy.NewReader(bytes.NewReader(raw))
	if err != nil {
		return h, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	descr := nr.Header.Descr
	descr.Type = strings.Trim(descr.Type, `'"`)
	switch descr.Type {
	case "<f8", "f8", "float64":
		h.order, h.width = binary.LittleEndian, 8
	case ">f8":
		h.order, h.width = binary.BigEndian, 8
	case "<f4", "f4", "float32":
		h.order, h.width = binary.LittleEndian, 4
	case ">f4":
		h.order, h.width = binary.BigEndian, 4
	default:
		return h, fmt.Errorf("%w: dtype %q (want float32 or float64)", ErrFormat, descr.Type)
	}
	n := int64(1)
	for _, d := range descr.Shape {
		if d < 0 || (d > 0 && n > maxValues/int64(d)) {
			return h, fmt.Errorf("%w: shape %v", ErrFormat, descr.Shape)
		}
		n *= int64(d)
	}
	h.length, h.shape, h.fortran = int64(len(raw)), append([]int(nil), descr.Shape...), descr.Fortran
	return h, nil
}

// readHeaderBytes reads the magic string, version, length and dictionary of
// an .npy header, refusing absurd lengths before npyio allocates them.
func readHeaderBytes(r io.Reader) ([]byte, error) {
	pre := make([]byte, 8, 12)
	if _, err := io.ReadFull(r, pre); err != nil {
		if err != io.EOF && err != io.ErrUnexpectedEOF {
			return nil, err // not a short file: unreadable, a directory, …
		}
		return nil, fmt.Errorf("%w: too short for an .npy header", ErrFormat)
	}
	if string(pre[:6]) != "\x93NUMPY" {
		return nil, fmt.Errorf("%w: no .npy magic string", ErrFormat)
	}
	var n int64
	switch pre[6] {
	case 1:
		pre = pre[:10]
		if _, err := io.ReadFull(r, pre[8:]); err != nil {
			return nil, fmt.Errorf("%w: truncated header", ErrFormat)
		}
		n = int64(binary.LittleEndian.Uint16(pre[8:]))
	case 2, 3:
		pre = pre[:12]
		if _, err := io.ReadFull(r, pre[8:]); err != nil {
			return nil, fmt.Errorf("%w: truncated header", ErrFormat)
		}
		n = int64(binary.LittleEndian.Uint32(pre[8:]))
		pre[6] = 2 // npyio reads version 3 (utf-8 header) as 2
	default:
		return nil, fmt.Errorf("%w: unknown format version %d", ErrFormat, pre[6])
	}
	if n > maxHeader {
		return nil, fmt.Errorf("%w: header of %d bytes", ErrFormat, n)
	}
	header := make([]byte, int64(len(pre))+n)
	copy(header, pre)
	if _, err := io.ReadFull(r, header[len(pre):]); err != nil {
		return nil, fmt.Errorf("%w: truncated header", ErrFormat)
	}
	return header, nil
}
