package npyfile

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
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
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	values, shape, err := Read(bufio.NewReader(f), st.Size())
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return values, shape, nil
}

// Read decodes an .npy stream of size bytes (size < 0: unknown).
func Read(r io.Reader, size int64) (values []float64, shape []int, err error) {
	defer func() {
		if e := recover(); e != nil { // the header parser panics on some garbage
			values, shape, err = nil, nil, fmt.Errorf("%w: bad header (%v)", ErrFormat, e)
		}
	}()
	header, err := readHeader(r)
	if err != nil {
		return nil, nil, err
	}
	nr, err := npy.NewReader(bytes.NewReader(header))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	descr := nr.Header.Descr
	descr.Type = strings.Trim(descr.Type, `'"`)
	var order binary.ByteOrder
	var width int
	switch descr.Type {
	case "<f8", "f8", "float64":
		order, width = binary.LittleEndian, 8
	case ">f8":
		order, width = binary.BigEndian, 8
	case "<f4", "f4", "float32":
		order, width = binary.LittleEndian, 4
	case ">f4":
		order, width = binary.BigEndian, 4
	default:
		return nil, nil, fmt.Errorf("%w: dtype %q (want float32 or float64)", ErrFormat, descr.Type)
	}
	n := int64(1)
	for _, d := range descr.Shape {
		if d < 0 || (d > 0 && n > maxValues/int64(d)) {
			return nil, nil, fmt.Errorf("%w: shape %v", ErrFormat, descr.Shape)
		}
		n *= int64(d)
	}
	if size >= 0 {
		if want := int64(len(header)) + n*int64(width); size < want {
			return nil, nil, fmt.Errorf("%w: truncated: %d bytes, shape %v needs %d", ErrFormat, size, descr.Shape, want)
		} else if size > want {
			return nil, nil, fmt.Errorf("%w: %d bytes of trailing data after the array", ErrFormat, size-want)
		}
	}
	raw := make([]byte, n*int64(width))
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, nil, fmt.Errorf("%w: truncated data: %v", ErrFormat, err)
	}
	values = make([]float64, n)
	for i := range values {
		if width == 8 {
			values[i] = math.Float64frombits(order.Uint64(raw[8*i:]))
		} else {
			values[i] = float64(math.Float32frombits(order.Uint32(raw[4*i:])))
		}
	}
	shape = append([]int(nil), descr.Shape...)
	if descr.Fortran && len(shape) > 1 {
		values = fortranToC(values, shape)
	}
	return values, shape, nil
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

// readHeader reads the magic string, version, length and dictionary of an
// .npy header, refusing absurd lengths before npyio allocates them.
func readHeader(r io.Reader) ([]byte, error) {
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
