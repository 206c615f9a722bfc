package npyfile

import (
	"bytes"
	"testing"
)

// FuzzRead feeds arbitrary bytes to the reader: it must return an array or
// an error, never panic or allocate more than the input can hold.
func FuzzRead(f *testing.F) {
	for _, shape := range [][]int{{3}, {2, 2}, {0}} {
		var b bytes.Buffer
		b.Write(Header(shape))
		n := 1
		for _, d := range shape {
			n *= d
		}
		b.Write(make([]byte, 8*n))
		f.Add(b.Bytes())
		f.Add(bytes.Replace(b.Bytes(), []byte("False"), []byte("True"), 1))
		f.Add(bytes.Replace(b.Bytes(), []byte("<f8"), []byte(">f4"), 1))
	}
	f.Add([]byte("\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'}"))
	f.Add([]byte("\x93NUMPY\x02\x00\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		values, shape, err := Read(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		n := 1
		for _, d := range shape {
			n *= d
		}
		if n != len(values) || 4*len(values) > len(data) {
			t.Fatalf("shape %v with %d values from %d bytes", shape, len(values), len(data))
		}
	})
}
