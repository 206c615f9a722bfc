package analysis

import (
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/google/renameio/v2"

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

// Store keeps the Measurements of cached runs beside the cache, never in
// a run's entry, which stays immutable:
//
//	DIR/analysis/<key[:2]>/<key>/<ID>.json
//
// ID is the identity of the analysis code (CodeID), so measurements made by
// other code are never read back, and a run recomputed under the same key
// (a new run.json checksum) is measured again. Files are written
// atomically; a malformed or mismatched one is a miss.
type Store struct {
	Dir string // the results directory
	ID  string // the analysis identity; tests inject their own
}

// NewStore returns the store of the results directory dir for this code.
func NewStore(dir string) Store { return Store{Dir: dir, ID: CodeID()} }

func (s Store) path(key string) string {
	return filepath.Join(s.Dir, "analysis", key[:2], key, s.ID[:16]+".json")
}

// stored is the file's content: what it was computed from, and the numbers.
type stored struct {
	Analysis    string `json:"analysis"`
	Key         string `json:"key"`
	RunChecksum string `json:"run_checksum"`
	FixedPoint  string `json:"fixed_point"` // run.json checksum of the cached fixed-point run, "" without

	Measurements *Measurements `json:"measurements"`
}

// Load returns the stored measurements of the run with this key and
// run.json checksum, or false.
func (s Store) Load(key, checksum string) (*Measurements, bool) {
	return s.load(key, checksum, "")
}

// load is Load for measurements made with the fixed-point run of this
// run.json checksum ("": none).
func (s Store) load(key, checksum, fixedPoint string) (*Measurements, bool) {
	b, err := os.ReadFile(s.path(key))
	if err != nil {
		return nil, false
	}
	var st stored
	if json.Unmarshal(b, &st) != nil || st.Analysis != s.ID || st.Key != key || st.RunChecksum != checksum || st.FixedPoint != fixedPoint || st.Measurements == nil {
		return nil, false
	}
	return st.Measurements, true
}

// Save stores m for the run with this key and run.json checksum.
func (s Store) Save(key, checksum string, m *Measurements) error {
	return s.save(key, checksum, "", m)
}

func (s Store) save(key, checksum, fixedPoint string, m *Measurements) error {
	b, err := json.Marshal(stored{Analysis: s.ID, Key: key, RunChecksum: checksum, FixedPoint: fixedPoint, Measurements: m})
	if err != nil {
		return err
	}
	p := s.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return renameio.WriteFile(p, b, 0o644)
}

// Measure returns the measurements of a cached run: the stored ones when
// there are, otherwise computed (reading the run; no reference is needed)
// and stored. reused says which.
//
// They include the fixed-point test (fixedpoint.go) when its run is in the
// cache, and are measured again when it appears or changes.
func (s Store) Measure(res *cache.Result, info Info) (m *Measurements, reused bool, err error) {
	key, sum := res.Record.Key, res.Record.Checksum
	c := cache.Cache{Dir: s.Dir}
	var fpSum string
	if res.Run != nil {
		if rec, state, _ := c.Lookup(FixedPointRun(res.Run).Key); state == cache.Cached && rec != nil {
			fpSum = rec.Checksum
		}
	}
	if m, ok := s.load(key, sum, fpSum); ok {
		return m, true, nil
	}
	if m, err = Compute(res, info); err != nil {
		return nil, false, err
	}
	if res.Run != nil && res.Run.Manifest != nil {
		if err := m.setFixedPoint(c, res.Run); err != nil {
			return nil, false, fmt.Errorf("%s: its fixed-point test: %w", info.Name, err)
		}
	}
	if err := s.save(key, sum, fpSum, m); err != nil {
		return nil, false, fmt.Errorf("%s: storing its measurements: %w", info.Name, err)
	}
	return m, false, nil
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

// Garbage returns what gc may remove from the store: the measurements of
// runs whose keys are not in keep, and those of other analysis code.
func (s Store) Garbage(keep map[string]bool) []cache.Garbage {
	var out []cache.Garbage
	root := filepath.Join(s.Dir, "analysis")
	shards, _ := os.ReadDir(root)
	for _, shard := range shards {
		keys, _ := os.ReadDir(filepath.Join(root, shard.Name()))
		for _, k := range keys {
			dir := filepath.Join(root, shard.Name(), k.Name())
			if !keep[k.Name()] {
				out = append(out, cache.Garbage{Path: dir, Why: "measurements of a run no manifest uses", Size: cache.DirSize(dir)})
				continue
			}
			files, _ := os.ReadDir(dir)
			for _, f := range files {
				if f.Name() != s.ID[:16]+".json" {
					p := filepath.Join(dir, f.Name())
					out = append(out, cache.Garbage{Path: p, Why: "measurements by other analysis code", Size: cache.DirSize(p)})
				}
			}
		}
	}
	return out
}
