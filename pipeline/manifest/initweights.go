package manifest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"

	"ringwave/internal/npyfile"
	"ringwave/sim"
)

// InitWeights says where a run's initial weights come from.
type InitWeights struct {
	Source string  `json:"source"`           // "randn", "zeros" or "file"
	Seed   uint64  `json:"seed,omitempty"`   // randn: the seed actually used (see Expand)
	Scale  float64 `json:"scale,omitempty"`  // randn
	SHA256 string  `json:"sha256,omitempty"` // file: hash of its content
	Path   string  `json:"-"`                // file: where it was read (not part of the key)
}

// hashWeightsFile checks an initial-weights file and hashes its content.
func hashWeightsFile(path string, shape []int) (InitWeights, error) {
	values, got, err := npyfile.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return InitWeights{}, fmt.Errorf("file %s does not exist", path)
		}
		return InitWeights{}, err
	}
	if fmt.Sprint(got) != fmt.Sprint(shape) {
		return InitWeights{}, fmt.Errorf("%s has shape %v, the model needs %v", path, got, shape)
	}
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return InitWeights{}, fmt.Errorf("%s holds %v at flat index %d", path, v, i)
		}
	}
	return InitWeights{Source: "file", SHA256: valuesHash(values), Path: path}, nil
}

// valuesHash hashes the values, not the file's bytes: the same weights as
// float64 C order or as big-endian Fortran order make the same run.
func valuesHash(values []float64) string {
	h := sha256.New()
	var b [8]byte
	for _, v := range values {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// InitialWeights returns the run's starting weights.
func (r *Run) InitialWeights() ([]float64, error) {
	n := r.Params.Neurons
	switch r.Init.Source {
	case "randn":
		return sim.RandomWeights(r.Params.Model, n, r.Init.Seed, r.Init.Scale), nil
	case "zeros":
		return make([]float64, sim.WeightLen(r.Params.Model, n)), nil
	}
	values, _, err := npyfile.ReadFile(r.Init.Path)
	if err != nil {
		return nil, err
	}
	if valuesHash(values) != r.Init.SHA256 {
		return nil, fmt.Errorf("%s changed while ringwave was running", r.Init.Path)
	}
	return values, nil
}
