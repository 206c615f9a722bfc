package manifest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"os"
	"slices"

	"ringwave/internal/npyfile"
	"ringwave/sim"
)

// InitWeights says where a run's initial weights come from.
type InitWeights struct {
	Source string  `json:"source"`           // "randn", "zeros", "file", "run" (init.from) or "derived" (DerivedRun)
	Seed   uint64  `json:"seed,omitempty"`   // randn: the seed actually used (see Expand)
	Scale  float64 `json:"scale,omitempty"`  // randn
	SHA256 string  `json:"sha256,omitempty"` // file: hash of its content
	Path   string  `json:"-"`                // file: where it was read (not part of the key)

	// run: the key of the upstream run whose final weights it starts from,
	// and, for readers only (not part of the key), its manifest and name.
	Upstream string `json:"upstream,omitempty"`
	// derived: what makes the weights from the upstream run's results, a
	// name and version that executor.RegisterDerivation knows.
	Derived          string `json:"derived,omitempty"`
	UpstreamManifest string `json:"upstream_manifest,omitempty"`
	UpstreamRun      string `json:"upstream_run,omitempty"`
}

// hashWeightsFile checks an initial-weights file and hashes its content.
// The shape is checked from the header before any value is read, and the
// values are hashed in chunks, so that a large file named by mistake is
// neither read whole nor held in memory.
func hashWeightsFile(path string, shape []int) (InitWeights, error) {
	f, err := openWeights(path, shape)
	if err != nil {
		return InitWeights{}, err
	}
	defer f.Close()
	h := sha256.New()
	flat := 0
	err = f.Each(func(values []float64) error {
		for i, v := range values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s holds %v at flat index %d", path, v, flat+i)
			}
		}
		flat += len(values)
		hashValues(h, values)
		return nil
	})
	if err != nil {
		return InitWeights{}, err
	}
	return InitWeights{Source: "file", SHA256: hex.EncodeToString(h.Sum(nil)), Path: path}, nil
}

// openWeights opens an initial-weights file and checks its shape.
func openWeights(path string, shape []int) (*npyfile.File, error) {
	f, err := npyfile.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("file %s does not exist", path)
		}
		return nil, err
	}
	if !slices.Equal(f.Shape, shape) {
		f.Close()
		return nil, fmt.Errorf("%s has shape %v, the model needs %v", path, f.Shape, shape)
	}
	return f, nil
}

// hashValues adds values to a hash of the values, not of the file's
// bytes: the same weights as float64 C order or as big-endian Fortran order
// make the same run.
func hashValues(h hash.Hash, values []float64) {
	var b [8]byte
	for _, v := range values {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		h.Write(b[:])
	}
}

// InitialWeights returns the run's starting weights.
func (r *Run) InitialWeights() ([]float64, error) {
	n := r.Params.Neurons
	switch r.Init.Source {
	case "randn":
		return sim.RandomWeights(r.Params.Model, n, r.Init.Seed, r.Init.Scale), nil
	case "zeros":
		return make([]float64, sim.WeightLen(r.Params.Model, n)), nil
	case "run":
		return nil, fmt.Errorf("%s starts from the final weights of %s, which are in the cache: read them and call StartingWeights", r.Name, r.Init.UpstreamRun)
	case "derived":
		return nil, fmt.Errorf("%s starts from weights derived (%s) from the results of %s, which are in the cache", r.Name, r.Init.Derived, r.Init.UpstreamRun)
	}
	f, err := openWeights(r.Init.Path, r.WeightShape())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	values, err := f.ReadAll()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	hashValues(h, values)
	if hex.EncodeToString(h.Sum(nil)) != r.Init.SHA256 {
		return nil, fmt.Errorf("%s changed while ringwave was running", r.Init.Path)
	}
	return values, nil
}

// WeightShape is the shape of the run's weights, as its model describes
// them: (N, N) for a matrix, (N,) for a kernel.
func (r *Run) WeightShape() []int { return r.Spec().WeightShape(r.Params.Neurons) }

// Spec describes the run's model. A Run is made only of validated
// parameters, so its model is registered.
func (r *Run) Spec() sim.ModelSpec {
	s, ok := sim.Describe(r.Params.Model)
	if !ok {
		panic("manifest: a run of the unknown model " + string(r.Params.Model))
	}
	return s
}
