package analysis

import (
	"embed"
	"encoding/json"
	"fmt"
	"sync"

	"ringwave/internal/codeid"
	"ringwave/pipeline/cache"
)

// The package's own source: the identity of the analysis is computed, not
// declared, so that editing how anything is measured recomputes every
// stored measurement, and nothing else does.
//
//go:embed *.go
var source embed.FS

var codeID = sync.OnceValue(func() string { return codeid.HashSources(source) })

// CodeID returns the sha256 of this package's non-test source.
func CodeID() string { return codeID() }

// measurementsArea is where the measurements of cached runs are kept: a
// derived-data area of the cache (DIR/analysis/<key[:2]>/<key>/<ID>.json,
// keyed by run key and analysis code, checksummed, read safely, written
// atomically), which gc collects through this one registration.
var measurementsArea = cache.RegisterArea(&cache.Area{Name: "analysis", What: "measurements", ID: CodeID})

// Store is the analysis step's memory: the Measurements of cached runs,
// computed once per run and analysis code. A run recomputed under the same
// key (a new run.json checksum) is measured again; a stored file that is
// malformed, edited by hand or of other code is a miss, measured again
// and replaced. Measurements that cannot be stored (a read-only or full
// disk) are still returned; Unsaved says how many and why.
type Store struct {
	c    cache.Cache
	area *cache.Area

	mu      sync.Mutex
	unsaved int
	why     error // the first reason
}

// NewStore returns the store of the results directory dir for this code.
func NewStore(dir string) *Store { return &Store{c: cache.Cache{Dir: dir}, area: measurementsArea} }

// Load returns the stored measurements of the run with this key and
// run.json checksum, or false.
func (s *Store) Load(key, checksum string) (*Measurements, bool) {
	b, err := s.area.Load(s.c, key, checksum)
	if err != nil {
		return nil, false
	}
	var m Measurements
	if json.Unmarshal(b, &m) != nil {
		return nil, false
	}
	return &m, true
}

// Save stores m for the run with this key and run.json checksum.
func (s *Store) Save(key, checksum string, m *Measurements) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.area.Save(s.c, key, checksum, b)
}

// Unsaved returns how many runs' measurements could not be stored, and
// the first reason.
func (s *Store) Unsaved() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unsaved, s.why
}

// UnsavedWarning is the one line a command prints when measurements could
// not be stored, or "".
func (s *Store) UnsavedWarning() string {
	n, why := s.Unsaved()
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("warning: the measurements of %d runs were computed but could not be stored (%v); they are computed again next time", n, why)
}

// Measure returns the measurements of a cached run: the stored ones when
// there are, otherwise computed (reading the run; no reference is needed)
// and stored. reused says which.
//
// They include the fixed-point test (fixedpoint.go) when its run is in the
// cache, and are measured again when it appears or changes: the stored
// file is keyed by the run's run.json checksum and the fixed-point run's.
func (s *Store) Measure(res *cache.Result, info Info) (m *Measurements, reused bool, err error) {
	sum := s.checksum(res)
	if m, ok := s.Load(res.Record.Key, sum); ok {
		return m, true, nil
	}
	if m, err = Compute(res, info); err != nil {
		return nil, false, err
	}
	if err := s.finish(res, info, sum, m); err != nil {
		return nil, false, err
	}
	return m, false, nil
}

// checksum is what a run's measurements are computed from besides its key
// and the analysis code: its run.json checksum and, when its fixed-point
// run is cached, that run's.
func (s *Store) checksum(res *cache.Result) string {
	sum := res.Record.Checksum
	if res.Run != nil {
		if rec, state, _ := s.c.Lookup(FixedPointRun(res.Run).Key); state == cache.Cached && rec != nil {
			sum += "+fixed_point:" + rec.Checksum
		}
	}
	return sum
}

// finish adds the fixed-point test to m and keeps it under sum.
func (s *Store) finish(res *cache.Result, info Info, sum string, m *Measurements) error {
	if res.Run != nil && res.Run.Manifest != nil {
		if err := m.setFixedPoint(s.c, res.Run); err != nil {
			return fmt.Errorf("%s: its fixed-point test: %w", info.Name, err)
		}
	}
	if err := s.Save(res.Record.Key, sum, m); err != nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.unsaved == 0 {
			s.why = err
		}
		s.unsaved++
	}
	return nil
}

// Full analyses a full run for its page and returns it with its
// measurements (the fixed-point test included, as `ringwave table` has
// them), which it stores.
func (s *Store) Full(res *cache.Result, in *FullInput) (*Full, *Measurements, error) {
	a := AnalyseFull(in)
	m := a.Measurements()
	return a, m, s.finish(res, in.Run, s.checksum(res), m)
}

// Symmetry is Full for a kernel run.
func (s *Store) Symmetry(res *cache.Result, in *SymmetryInput) (*Symmetry, *Measurements, error) {
	a := AnalyseSymmetry(in)
	m := a.Measurements()
	return a, m, s.finish(res, in.Run, s.checksum(res), m)
}

// Compute measures a cached run, as its page would.
func Compute(res *cache.Result, info Info) (*Measurements, error) {
	info.Wall, info.Speed = res.Record.Provenance.WallSeconds, res.Record.Provenance.StepsPerSecond
	spec, err := info.Spec()
	if err != nil {
		return nil, err
	}
	if spec.Matrix {
		in, err := LoadFull(res, info)
		if err != nil {
			return nil, err
		}
		return AnalyseFull(in).Measurements(), nil
	}
	in, err := LoadSymmetry(res, info)
	if err != nil {
		return nil, err
	}
	return AnalyseSymmetry(in).Measurements(), nil
}
