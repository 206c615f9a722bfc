package cache

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ringwave/internal/runtest"
	"ringwave/pipeline/manifest"
)

// commitEntry writes and commits an entry for the run of runtest.Base with
// made-up arrays (the cache does not care what they hold) and returns it.
func commitEntry(t *testing.T, c Cache) *manifest.Run {
	t.Helper()
	r := runtest.Expand(t, runtest.WriteManifest(t, t.TempDir(), "k.toml", runtest.Base))[0]
	l, err := c.Lock(t.Context(), r.Key, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	p, err := c.Begin(r.Key)
	if err != nil {
		t.Fatal(err)
	}
	n := r.Params.Neurons
	activity := make([]float64, 64*n)
	for i := range activity {
		activity[i] = float64(i)
	}
	for name, values := range map[string][]float64{ActivityFile: activity, WeightsFile: make([]float64, n), InitialFile: make([]float64, n)} {
		shape := []int{n}
		if name == ActivityFile {
			shape = []int{64, n}
		}
		if err := p.WriteArray(name, values, shape...); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Finish(NewRecord(r)); err != nil {
		t.Fatal(err)
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	return r
}

// settle waits past the tick of the filesystem's clock in which files were
// last changed, so that fingerprints taken from now on are not racy (see
// fingerprint.go). Coarse kernel timestamps advance every 1–10 ms.
func settle() { time.Sleep(50 * time.Millisecond) }

// flipByte changes one byte of a file in place, as dd conv=notrunc does,
// and puts its modification time back: only ctime and the content tell.
func flipByte(t *testing.T, path string, at int64) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, at); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x01
	if _, err := f.WriteAt(b, at); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// TestLookupHashesOnlyChangedFiles: once fingerprints are recorded a lookup
// hashes nothing; a byte changed in place (mtime restored) is found, in
// any file, by the next lookup.
func TestLookupHashesOnlyChangedFiles(t *testing.T) {
	for _, name := range []string{ActivityFile, WeightsFile, InitialFile} {
		t.Run(name, func(t *testing.T) {
			c := Cache{Dir: t.TempDir()}
			r := commitEntry(t, c)
			settle()
			if _, _, state, err := c.lookup(r.Key); state != Cached {
				t.Fatalf("fresh entry: %v %v", state, err)
			}
			settle()
			_, hashed, state, err := c.lookup(r.Key)
			if state != Cached || len(hashed) != 0 {
				t.Fatalf("second lookup: %v %v, hashed %v (fingerprints not used)", state, err, hashed)
			}
			flipByte(t, filepath.Join(c.EntryDir(r.Key), name), 200)
			_, state, err = c.Lookup(r.Key)
			if state != Corrupt || err == nil || !strings.Contains(err.Error(), name+" does not match its sha256") {
				t.Errorf("after a byte flipped in %s: %v, %v", name, state, err)
			}
		})
	}
}

// TestLookupAfterCopy: a copy of the results elsewhere (new inodes) is
// hashed once, found intact, and its fingerprints refreshed.
func TestLookupAfterCopy(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	r := commitEntry(t, c)
	copied := Cache{Dir: filepath.Join(t.TempDir(), "copy")}
	if out, err := exec.Command("cp", "-a", c.Dir, copied.Dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	settle()
	_, hashed, state, err := copied.lookup(r.Key)
	if state != Cached || len(hashed) != 3 {
		t.Fatalf("copy: %v %v, hashed %v (want all 3: new inodes)", state, err, hashed)
	}
	settle()
	if _, hashed, state, _ := copied.lookup(r.Key); state != Cached || len(hashed) != 0 {
		t.Errorf("copy, again: %v, hashed %v (fingerprints not refreshed)", state, hashed)
	}
}

// TestResultChecksWhatItReads: a file damaged after the run was opened is
// refused by every read, with nothing of it returned.
func TestResultChecksWhatItReads(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	r := commitEntry(t, c)
	res, state, err := c.Open(r)
	if state != Cached {
		t.Fatal(state, err)
	}
	flipByte(t, filepath.Join(res.Dir, ActivityFile), 300)
	if a, err := res.ReadRows(ActivityFile, 0, 1); err == nil || !strings.Contains(err.Error(), "activity.npy does not match its sha256") || a.Values != nil {
		t.Errorf("ReadRows of a damaged file: %v, %d values", err, len(a.Values))
	}
	if _, err := res.Read(ActivityFile); err == nil {
		t.Error("Read of a damaged file succeeded")
	}
	if err := res.Copy(new(strings.Builder), ActivityFile); err == nil {
		t.Error("Copy of a damaged file succeeded")
	}
	if a, err := res.Read(WeightsFile); err != nil || len(a.Values) != r.Params.Neurons {
		t.Errorf("an intact file: %v", err)
	}
}

// TestEntryMustBeADirectory: an entry replaced by a symlink (even to a good
// copy) or by a regular file, or holding a symlink, is corrupt.
func TestEntryMustBeADirectory(t *testing.T) {
	cases := map[string]func(t *testing.T, c Cache, key string){
		"symlink": func(t *testing.T, c Cache, key string) {
			good := filepath.Join(t.TempDir(), "good")
			if err := os.Rename(c.EntryDir(key), good); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(good, c.EntryDir(key)); err != nil {
				t.Fatal(err)
			}
		},
		"file": func(t *testing.T, c Cache, key string) {
			if err := os.RemoveAll(c.EntryDir(key)); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(c.EntryDir(key), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		},
		"symlink inside": func(t *testing.T, c Cache, key string) {
			p := filepath.Join(c.EntryDir(key), WeightsFile)
			if err := os.Rename(p, p+".orig"); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(WeightsFile+".orig", p); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			c := Cache{Dir: t.TempDir()}
			r := commitEntry(t, c)
			damage(t, c, r.Key)
			if _, state, err := c.Lookup(r.Key); state != Corrupt {
				t.Errorf("lookup: %v %v", state, err)
			}
			if err := c.VerifyEntry(r.Key); err == nil {
				t.Error("verify found nothing")
			}
			keys, _ := c.Entries()
			if len(keys) != 1 || keys[0] != r.Key {
				t.Errorf("Entries lists %v", keys)
			}
		})
	}
}
