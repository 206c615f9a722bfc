package npyfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ringwave/internal/numpytest"
)

func TestHeaderAligned(t *testing.T) {
	for _, shape := range [][]int{{3}, {75000, 500}, {10, 64, 64}, {0, 5}} {
		h := Header(shape)
		if len(h)%64 != 0 || h[len(h)-1] != '\n' {
			t.Errorf("shape %v: header of %d bytes, last %q", shape, len(h), h[len(h)-1])
		}
	}
}

func TestRoundTripGo(t *testing.T) {
	dir := t.TempDir()
	values := []float64{1, -2.5, math.Pi, math.SmallestNonzeroFloat64, -0, math.MaxFloat64}
	info, err := WriteFile(filepath.Join(dir, "a.npy"), values, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(filepath.Join(dir, "a.npy"))
	if info.Size != st.Size() {
		t.Errorf("Info.Size = %d, file has %d bytes", info.Size, st.Size())
	}
	got, shape, err := ReadFile(filepath.Join(dir, "a.npy"))
	if err != nil {
		t.Fatal(err)
	}
	if len(shape) != 2 || shape[0] != 2 || shape[1] != 3 {
		t.Errorf("shape %v, want [2 3]", shape)
	}
	for i := range values {
		if math.Float64bits(got[i]) != math.Float64bits(values[i]) {
			t.Errorf("value %d: got %v want %v", i, got[i], values[i])
		}
	}
}

func TestWriterRefusesWrongCount(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(filepath.Join(dir, "a.npy"), 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write([]float64{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Close(); err == nil {
		t.Error("Close accepted 3 of 4 values")
	}
	w, _ = Create(filepath.Join(dir, "b.npy"), 2)
	if err := w.Write([]float64{1, 2, 3}); err == nil {
		t.Error("Write accepted 3 values for shape [2]")
	}
	w.Abort()
}

func TestReadRejectsBadFiles(t *testing.T) {
	good := new(bytes.Buffer)
	good.Write(Header([]int{2, 2}))
	good.Write(make([]byte, 32))
	cases := map[string][]byte{
		"empty":     nil,
		"not npy":   []byte("hello, world, this is not an array at all....."),
		"truncated": good.Bytes()[:good.Len()-3],
		"trailing":  append(append([]byte(nil), good.Bytes()...), 0),
		"int dtype": bytes.Replace(good.Bytes(), []byte("<f8"), []byte("<i8"), 1),
		"complex":   bytes.Replace(good.Bytes(), []byte("'<f8'"), []byte("'<c16'"), 1),
		"bad shape": bytes.Replace(good.Bytes(), []byte("(2, 2)"), []byte("(2, x)"), 1),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			if _, _, err := Read(bytes.NewReader(b), int64(len(b))); err == nil {
				t.Errorf("accepted %q", b)
			}
		})
	}
}

// TestNumPyReadsOurs checks that NumPy loads what we write bit for bit, also
// memory-mapped.
func TestNumPyReadsOurs(t *testing.T) {
	dir := t.TempDir()
	values := make([]float64, 12)
	for i := range values {
		values[i] = math.Sqrt(float64(i)) - 1.5
	}
	name := filepath.Join(dir, "ours.npy")
	if _, err := WriteFile(name, values, 3, 4); err != nil {
		t.Fatal(err)
	}
	out := numpytest.Python(t)
	script := `
import sys, numpy as np
a = np.load(sys.argv[1]); m = np.load(sys.argv[1], mmap_mode="r")
assert a.dtype == np.dtype("<f8") and a.flags.c_contiguous and a.shape == (3, 4), (a.dtype, a.shape)
assert (m == a).all()
print(" ".join(str(v) for v in a.ravel().view(np.uint64)))
`
	got := runPython(t, out, script, name)
	var want []string
	for _, v := range values {
		want = append(want, strconv.FormatUint(math.Float64bits(v), 10))
	}
	if strings.TrimSpace(got) != strings.Join(want, " ") {
		t.Errorf("numpy read\n%s\nwant\n%s", got, strings.Join(want, " "))
	}
}

// TestWeReadNumPys checks every floating layout NumPy writes: both byte
// orders, C and Fortran order, float32 and float64.
func TestWeReadNumPys(t *testing.T) {
	py := numpytest.Python(t)
	dir := t.TempDir()
	script := `
import sys, numpy as np
a = (np.arange(12.0).reshape(3, 4) - 5.25) / 3
for dt in ("<f8", ">f8", "<f4", ">f4"):
    for order in ("C", "F"):
        np.save(f"{sys.argv[1]}/{dt[0] == '<' and 'le' or 'be'}{dt[1:]}_{order}.npy", np.asarray(a, dtype=dt, order=order))
np.save(sys.argv[1] + "/vector.npy", a[0].copy())
`
	runPython(t, py, script, dir)
	for _, name := range []string{"lef8_C", "lef8_F", "bef8_C", "bef8_F", "lef4_C", "lef4_F", "bef4_C", "bef4_F"} {
		got, shape, err := ReadFile(filepath.Join(dir, name+".npy"))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(shape) != 2 || shape[0] != 3 || shape[1] != 4 {
			t.Errorf("%s: shape %v", name, shape)
		}
		for i, v := range got {
			want := (float64(i) - 5.25) / 3
			if strings.Contains(name, "f4") {
				want = float64(float32(want))
			}
			if v != want {
				t.Errorf("%s: value %d = %v, want %v", name, i, v, want)
				break
			}
		}
	}
	if _, shape, err := ReadFile(filepath.Join(dir, "vector.npy")); err != nil || len(shape) != 1 || shape[0] != 4 {
		t.Errorf("vector: shape %v, %v", shape, err)
	}
}

// TestWriterStreams writes many buffers' worth in rows of awkward sizes,
// then checks the file, its size and its sha256 against a direct encoding.
func TestWriterStreams(t *testing.T) {
	dir := t.TempDir()
	const rows, cols = 1000, 377 // 3 MB: several buffers, rows across their boundaries
	w, err := Create(filepath.Join(dir, "big.npy"), rows, cols)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort() // a no-op once closed
	want := bytes.NewBuffer(Header([]int{rows, cols}))
	row := make([]float64, cols)
	for r := range rows {
		for c := range row {
			row[c] = float64(r) - float64(c)/7
			binary.Write(want, binary.LittleEndian, row[c])
		}
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	info, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "big.npy"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(want.Bytes())
	if !bytes.Equal(got, want.Bytes()) || info.Size != int64(want.Len()) || info.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("file of %d bytes (Info: %d, %s), want %d bytes, sha256 %x", len(got), info.Size, info.SHA256, want.Len(), sum)
	}
	if err := w.Write(row); err == nil {
		t.Error("Write after Close accepted")
	}
	if _, err := w.Close(); err == nil {
		t.Error("a second Close succeeded")
	}
}

// TestWriterReportsWriteErrors checks that a failing write (here: to a file
// closed under the writer) comes back from Write or Close, not silently.
func TestWriterReportsWriteErrors(t *testing.T) {
	w, err := Create(filepath.Join(t.TempDir(), "a.npy"), 1000, 1000)
	if err != nil {
		t.Fatal(err)
	}
	w.f.Close()
	row := make([]float64, 1000)
	var werr error
	for range 1000 {
		if werr = w.Write(row); werr != nil {
			break
		}
	}
	if _, cerr := w.Close(); werr == nil && cerr == nil {
		t.Error("writing to a closed file reported no error")
	}
}
