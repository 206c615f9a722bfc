package sim

import (
	"slices"
	"strings"
	"sync"
)

// Pairing is what a model's learning rule pairs at each step: the change
// of the postsynaptic rates dx(s) = X[s] − X[s−1] with the delayed rates
// X[s−d]. Its mean over the steps, divided by λ·dt, is the rule's steady
// state (package report/analysis computes it for each pairing):
//
//	EachSynapse:     w*(x, y) = ⟨dx_x(s)·X_y(s−d)⟩ / (λ·dt)
//	MeanOverOffsets: w*[j]    = ⟨(1/N)·Σ_i dx_{(i+j) mod N}(s)·X_i(s−d)⟩ / (λ·dt)
//	FromNeuron0:     w*[j]    = ⟨X_0(s−d)·dx_j(s)⟩ / (λ·dt)
type Pairing string

const (
	EachSynapse     Pairing = "each_synapse"      // full
	MeanOverOffsets Pairing = "mean_over_offsets" // kernel
	FromNeuron0     Pairing = "from_neuron_0"     // kernel_single
)

// A ModelSpec describes one model, once: its name, the shape of its
// weights, how its networks are made and the pairing its rule uses.
// Everything outside sim that depends on the model (the manifest's check
// of `model`, the shape of weights files, which analysis applies, the
// rule's steady state) asks the spec, never the name.
type ModelSpec struct {
	Name Model
	Doc  string // one line: what it learns, and the notebook's functions
	// Matrix: the weights are N×N, row-major, w[x·N+y] from pre y to post
	// x. Otherwise they are a kernel of N offsets (see the package doc).
	Matrix  bool
	Pairing Pairing

	// network is the optimised implementation, reference the
	// straightforward one it is tested against. Both start from a copy of
	// w0. A spec copied from another (tests register a renamed copy) keeps
	// them.
	network, reference func(p Params, w0 []float64, h *history) network
}

// WeightShape returns the shape of the weights with n neurons: (n, n) or (n).
func (s ModelSpec) WeightShape(n int) []int {
	if s.Matrix {
		return []int{n, n}
	}
	return []int{n}
}

// WeightLen returns the number of weights with n neurons.
func (s ModelSpec) WeightLen(n int) int {
	if s.Matrix {
		return n * n
	}
	return n
}

var registry struct {
	sync.RWMutex
	specs []ModelSpec // in registration order
}

// Register adds a model. Each model's file registers it in an init
// function; a name registered twice, or a spec without networks, is a
// programmer's mistake and panics.
func Register(s ModelSpec) {
	if s.Name == "" || s.network == nil || s.reference == nil || s.Pairing == "" {
		panic("sim: incomplete model spec " + string(s.Name))
	}
	registry.Lock()
	defer registry.Unlock()
	if slices.ContainsFunc(registry.specs, func(o ModelSpec) bool { return o.Name == s.Name }) {
		panic("sim: model " + string(s.Name) + " registered twice")
	}
	registry.specs = append(registry.specs, s)
}

// Describe returns the spec of model m, and false for a model nobody
// registered.
func Describe(m Model) (ModelSpec, bool) {
	registry.RLock()
	defer registry.RUnlock()
	for _, s := range registry.specs {
		if s.Name == m {
			return s, true
		}
	}
	return ModelSpec{}, false
}

// spec returns the spec of a model that Validate accepted.
func spec(m Model) ModelSpec {
	s, ok := Describe(m)
	if !ok {
		panic("sim: unknown model " + string(m))
	}
	return s
}

// Models returns the registered models, in the order they were registered.
func Models() []Model {
	registry.RLock()
	defer registry.RUnlock()
	out := make([]Model, len(registry.specs))
	for i, s := range registry.specs {
		out[i] = s.Name
	}
	return out
}

// ModelNames returns the registered models' names joined by sep.
func ModelNames(sep string) string {
	var names []string
	for _, m := range Models() {
		names = append(names, string(m))
	}
	return strings.Join(names, sep)
}
