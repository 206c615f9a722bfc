package analysis

import (
	"os"
	"path/filepath"
	"testing"

	"ringwave/internal/smallruns"
	"ringwave/pipeline/cache"
)

// Measurements are computed once per run and analysis code: reused while
// both stay, recomputed when the analysis identity changes or the file is
// damaged, and kept outside the run's (immutable) cache entry.
func TestStoreReusesAndRecomputes(t *testing.T) {
	_, runs, results := smallruns.Compute(t, t.TempDir())
	c := cache.Cache{Dir: results}
	r := runs[0]
	res, _, err := c.Open(r)
	if err != nil {
		t.Fatal(err)
	}
	info := NewInfo(r)
	measure := func(s *Store) (*Measurements, bool) {
		t.Helper()
		m, reused, err := s.Measure(res, info)
		if err != nil {
			t.Fatal(err)
		}
		return m, reused
	}
	a := testStore(results, "aaaaaaaaaaaaaaaaaaaa")
	first, reused := measure(a)
	if reused {
		t.Fatal("measurements reused before any were stored")
	}
	path := a.area.Path(a.c, r.Key)
	if rel, _ := filepath.Rel(results, path); rel != filepath.Join("analysis", r.Key[:2], r.Key, "aaaaaaaaaaaaaaaa.json") {
		t.Errorf("stored at %s", rel)
	}
	// Stored, and read back: the store's copy is the one returned. Writing
	// a marker into it shows that nothing was recomputed.
	marked := *first
	marked.KernelPeak = 12345
	if err := a.Save(r.Key, res.Record.Checksum, &marked); err != nil {
		t.Fatal(err)
	}
	if m, reused := measure(a); !reused || m.KernelPeak != 12345 {
		t.Errorf("second measure: reused %v, peak %v; want the stored marker", reused, m.KernelPeak)
	}
	// Another analysis identity does not see it, and stores its own.
	b := testStore(results, "bbbbbbbbbbbbbbbbbbbb")
	if m, reused := measure(b); reused || m.KernelPeak == 12345 || m.KernelPeak != first.KernelPeak {
		t.Errorf("new identity: reused %v, peak %v; want recomputed %v", reused, m.KernelPeak, first.KernelPeak)
	}
	// A damaged file is a miss, and is replaced.
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if m, reused := measure(a); reused || m.KernelPeak != first.KernelPeak {
		t.Errorf("damaged file: reused %v, peak %v", reused, m.KernelPeak)
	}
	// A run recomputed under the same key has a new run.json checksum.
	if _, ok := a.Load(r.Key, "another checksum"); ok {
		t.Error("measurements of another run.json taken")
	}
	// The cache entry itself was not touched.
	if err := c.VerifyEntry(r.Key); err != nil {
		t.Errorf("cache entry changed: %v", err)
	}
	// Every number survives the JSON round trip, NaN included (null).
	got, _ := a.Load(r.Key, res.Record.Checksum)
	if got.KernelPeak != first.KernelPeak || got.DecayRate != first.DecayRate && !(got.DecayRate != got.DecayRate && first.DecayRate != first.DecayRate) {
		t.Errorf("round trip: %+v, want %+v", got, first)
	}
}

// testStore is a store whose analysis identity is id.
func testStore(dir, id string) *Store {
	return &Store{c: cache.Cache{Dir: dir}, area: &cache.Area{Name: "analysis", What: "measurements", ID: func() string { return id }}}
}

// The identity of the analysis is the hash of its source.
func TestCodeID(t *testing.T) {
	if id := CodeID(); len(id) != 64 || NewStore("x").area.ID() != id {
		t.Errorf("CodeID %q", id)
	}
}
