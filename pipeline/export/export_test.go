package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"ringwave/internal/runtest"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// exportManifest is a two-point sweep that takes milliseconds.
const exportManifest = `
name = "sw"
model = "kernel"
[network]
neurons = 16
periods = 8
[record]
weights_every = 8
[sweep]
"dynamics.lambda" = [10.0, 20.0]
`

// computed runs the manifest at path into results and opens its results.
func computed(t *testing.T, results, path string) []*cache.Result {
	t.Helper()
	runs := runtest.Expand(t, path)
	c := cache.Cache{Dir: results}
	if err := (executor.Local{Cache: c}).Execute(context.Background(), runs); err != nil {
		t.Fatal(err)
	}
	var out []*cache.Result
	for _, r := range runs {
		res, _, err := c.Open(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res)
	}
	return out
}

func TestWriteNPZMembersAreTheRunsFiles(t *testing.T) {
	dir := t.TempDir()
	results := computed(t, dir, runtest.WriteManifest(t, dir, "sw.toml", exportManifest))
	runs := []*manifest.Run{results[0].Run, results[1].Run}
	npz := filepath.Join(dir, "out.npz")
	if err := Write(context.Background(), []File{{Path: npz, Results: results, Prefixes: Prefixes(runs)}}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(npz)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Method != zip.Store {
			t.Errorf("%s: method %d, want stored as numpy.savez does", f.Name, f.Method)
		}
	}
	var want []string
	for _, label := range []string{"dynamics.lambda=10/", "dynamics.lambda=20/"} {
		for _, a := range []string{"activity", "weights", "weights_initial", "weights_history", "run_json"} {
			want = append(want, label+a+".npy")
		}
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("members\n%v\nwant\n%v", names, want)
	}
	member := func(name string) []byte {
		rc, err := zr.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for i, res := range results {
		prefix := Prefixes(runs)[i]
		for _, f := range res.Record.Files {
			disk, err := os.ReadFile(filepath.Join(res.Dir, f.Name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(member(prefix+f.Name), disk) {
				t.Errorf("%s%s differs from the run's file", prefix, f.Name)
			}
		}
		text, _ := os.ReadFile(filepath.Join(res.Dir, "run.json"))
		if got := decodeUnicodeNPY(t, member(prefix+"run_json.npy")); got != string(text) {
			t.Errorf("%srun_json holds %d characters, run.json %d", prefix, len(got), len(text))
		}
	}
}

// decodeUnicodeNPY reads a 0-d '<U<n>' .npy back into a string.
func decodeUnicodeNPY(t *testing.T, b []byte) string {
	t.Helper()
	hlen := int(binary.LittleEndian.Uint16(b[8:]))
	header, data := string(b[10:10+hlen]), b[10+hlen:]
	if (10+hlen)%64 != 0 || !strings.HasSuffix(header, "\n") {
		t.Errorf("header of %d bytes is not padded to 64 with a final newline", 10+hlen)
	}
	var s strings.Builder
	for i := 0; i+4 <= len(data); i += 4 {
		s.WriteRune(rune(binary.LittleEndian.Uint32(data[i:])))
	}
	if want := "{'descr': '<U" + strconv.Itoa(utf8.RuneCountInString(s.String())) + "', 'fortran_order': False, 'shape': (), }"; !strings.HasPrefix(header, want) {
		t.Errorf("header %q, want %q", header, want)
	}
	return s.String()
}

func TestUnicodeNPYCountsCodePoints(t *testing.T) {
	for _, s := range []string{"x", `{"units": "τ_w in s, λ"}`, strings.Repeat("é", 1000)} {
		if got := decodeUnicodeNPY(t, unicodeNPY(s)); got != s {
			t.Errorf("%q came back as %q", s, got)
		}
	}
}

// TestWriteNPZRefusesDamage: a file changed since run.json was written
// fails the export, and the file already at the path is left alone.
func TestWriteNPZRefusesDamage(t *testing.T) {
	dir := t.TempDir()
	results := computed(t, dir, runtest.WriteManifest(t, dir, "sw.toml", exportManifest))[:1]
	npz := filepath.Join(dir, "out.npz")
	writeFileT(t, npz, "the previous export")
	activity := filepath.Join(results[0].Dir, "activity.npy")
	b, _ := os.ReadFile(activity)
	b[len(b)-3] ^= 1
	writeFileT(t, activity, string(b))
	err := Write(context.Background(), []File{{Path: npz, Results: results, Prefixes: []string{""}}})
	if err == nil || !strings.Contains(err.Error(), "activity.npy does not match its sha256") {
		t.Errorf("export of a damaged entry: %v", err)
	}
	if got, _ := os.ReadFile(npz); string(got) != "the previous export" {
		t.Errorf("the failed export replaced the file with %d bytes", len(got))
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".out.npz*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestPrefixes(t *testing.T) {
	dir := t.TempDir()
	sweep := runtest.Expand(t, runtest.WriteManifest(t, dir, "sw.toml", exportManifest))
	single := runtest.Expand(t, runtest.WriteManifest(t, dir, "one.toml", runtest.Base))
	cases := []struct {
		runs []*manifest.Run
		want string
	}{
		{single, ""},
		{sweep[:1], ""},
		{sweep, "dynamics.lambda=10/ dynamics.lambda=20/"},
		{append(single, sweep...), "k/ sw/dynamics.lambda=10/ sw/dynamics.lambda=20/"},
	}
	for _, c := range cases {
		if got := strings.Join(Prefixes(c.runs), " "); got != c.want {
			t.Errorf("prefixes %q, want %q", got, c.want)
		}
	}
	if got := Path("R", sweep[1]); got != "R/exports/sw/dynamics.lambda=20.npz" {
		t.Errorf("Path of a sweep point: %s", got)
	}
	if got := Path("R", single[0]); got != "R/exports/k.npz" {
		t.Errorf("Path of a run: %s", got)
	}
}

func writeFileT(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWriteAllOrNothing: when a later file fails (its run damaged), none is
// written, not even those before it, and what was at their paths stays.
func TestWriteAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	results := computed(t, dir, runtest.WriteManifest(t, dir, "sw.toml", exportManifest))
	first, second := filepath.Join(dir, "a.npz"), filepath.Join(dir, "b.npz")
	writeFileT(t, second, "the previous export")
	activity := filepath.Join(results[1].Dir, "activity.npy")
	b, _ := os.ReadFile(activity)
	b[len(b)-3] ^= 1
	writeFileT(t, activity, string(b))
	err := Write(context.Background(), []File{{Path: first, Results: results[:1], Prefixes: []string{""}}, {Path: second, Results: results[1:], Prefixes: []string{""}}})
	if err == nil {
		t.Fatal("an export of a damaged run succeeded")
	}
	if _, err := os.Stat(first); !os.IsNotExist(err) {
		t.Errorf("the first file was written although the second failed (%v)", err)
	}
	if got, _ := os.ReadFile(second); string(got) != "the previous export" {
		t.Errorf("the second file was replaced")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.npz*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestWriteStopsWhenCancelled: an interrupted export writes nothing.
func TestWriteStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	results := computed(t, dir, runtest.WriteManifest(t, dir, "sw.toml", exportManifest))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	npz := filepath.Join(dir, "out.npz")
	if err := Write(ctx, []File{{Path: npz, Results: results, Prefixes: Prefixes([]*manifest.Run{results[0].Run, results[1].Run})}}); !errors.Is(err, context.Canceled) {
		t.Errorf("Write after cancel: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*out.npz*")); len(left) > 0 {
		t.Errorf("written: %v", left)
	}
}
