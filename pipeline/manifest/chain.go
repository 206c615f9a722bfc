package manifest

import (
	"fmt"
	"path/filepath"
	"slices"

	"ringwave/sim"
)

// Chains: [init] from = "other.toml" makes every run of this manifest start
// from the final weights of a run of the other (its upstream). The upstream
// is a manifest like any other, loaded by LoadAll ahead of the manifests
// that start from it; a sweep upstream gives one downstream run per
// upstream point (see Expand). A downstream run's key holds the upstream
// run's key, not its path or name, so that changing anything that changes
// the upstream's numbers changes every key downstream, and nothing else
// does.
//
// Weights pass between models as the offset convention of package sim
// says (full w[(i+j) mod N, i] ≈ kernel[j]):
//
//	full → full, kernel ↔ kernel_single: as they are (the same shape);
//	full → kernel, kernel_single:        the aligned mean
//	                                     kernel[j] = (1/N)·Σ_i w[(i+j) mod N, i];
//	kernel, kernel_single → full:        the circulant w[(i+j) mod N, i] = kernel[j],
//	                                     the full network the kernel model is.
//
// The number of neurons must agree.

// checkFrom checks [init] from against the rest of the file: it replaces
// init.weights and init.scale, and is not swept.
func (m *Manifest) checkFrom(from string, sweep map[string]any) []error {
	var errs []error
	if _, ok := sweep["init.from"]; ok {
		errs = append(errs, m.errorAt("init.from", true, "cannot be swept: a manifest starts from one upstream (sweep in the upstream manifest instead; each of its points gives a run here)"))
	}
	if from == "" {
		return errs
	}
	if !filepath.IsAbs(from) {
		from = filepath.Join(filepath.Dir(m.Path), from)
	}
	m.From = from
	for _, key := range []string{"init.weights", "init.scale"} {
		_, swept := sweep[key]
		if m.given[key] || swept {
			errs = append(errs, m.errorAt(key, swept && !m.given[key],
				fmt.Sprintf("cannot be set with init.from: the weights start as the final weights of %s's runs, not from %s", m.Base.Init.From, key)))
		}
	}
	return errs
}

// startFrom makes r start from upstream run u: its initial weights, and
// their part of r's key, are u's final weights.
func (r *Run) startFrom(u *Run) error {
	if u.Params.Neurons != r.Params.Neurons {
		return fmt.Errorf("starts from %s, whose %d neurons are not this run's %d: the weights cannot be carried over", u.Name, u.Params.Neurons, r.Params.Neurons)
	}
	r.Upstream = u
	r.Init = InitWeights{Source: "run", Upstream: u.Key, UpstreamManifest: u.Manifest.Path, UpstreamRun: u.Name}
	return nil
}

// StartingWeights turns the final weights of r's upstream run (its model's
// shape) into r's initial weights (see the package's chain rules).
func (r *Run) StartingWeights(upstream []float64) ([]float64, error) {
	from, to, n := r.Upstream.Params.Model, r.Params.Model, r.Params.Neurons
	if len(upstream) != sim.WeightLen(from, n) {
		return nil, fmt.Errorf("the upstream run %s has %d weights, its model %s with %d neurons has %d", r.Upstream.Name, len(upstream), from, n, sim.WeightLen(from, n))
	}
	switch {
	case (from == sim.Full) == (to == sim.Full):
		return slices.Clone(upstream), nil
	case from == sim.Full:
		return AlignedMean(upstream, n), nil
	default:
		return Circulant(upstream), nil
	}
}

// AlignedMean is the kernel of full weights w (w[x·n+y] from pre y to post
// x): kernel[j] = (1/N)·Σ_i w[(i+j) mod N, i], the mean over the pairs at
// offset j, summed in order of i.
func AlignedMean(w []float64, n int) []float64 {
	k := make([]float64, n)
	for j := range n {
		var s float64
		for i := range n {
			s += w[((i+j)%n)*n+i]
		}
		k[j] = s / float64(n)
	}
	return k
}

// Circulant is the full matrix of a kernel: w[(i+j) mod N, i] = kernel[j].
func Circulant(kernel []float64) []float64 {
	n := len(kernel)
	w := make([]float64, n*n)
	for i := range n {
		for j, v := range kernel {
			w[((i+j)%n)*n+i] = v
		}
	}
	return w
}

// expandUpstream returns the runs of m's upstream, loading it (and its own
// upstreams) first when m was loaded alone, by Load instead of LoadAll.
func (m *Manifest) expandUpstream() ([]*Run, error) {
	if m.Upstream == nil {
		ms, err := LoadAll([]string{m.Path}, m.loaded...)
		if err != nil {
			return nil, err
		}
		m.Upstream = ms[len(ms)-1].Upstream
	}
	ups, err := Expand(m.Upstream)
	if err != nil {
		return nil, fmt.Errorf("%w (the upstream of %s)", err, m.Path)
	}
	own := map[string]bool{}
	for _, a := range m.Sweep {
		own[a.Key] = true
	}
	for _, a := range ups[0].Point {
		if own[a.Key] {
			return nil, m.errorAt(a.Key, true, fmt.Sprintf("is swept here and in the upstream %s: a run's label, upstream point then its own, would name %s twice", m.Upstream.Path, a.Key))
		}
	}
	return ups, nil
}

// WithUpstreams returns runs, in order, with ahead of each the upstream
// runs it starts from (transitively) that are not already ahead of it:
// computing them in this order computes every run's upstream first.
func WithUpstreams(runs []*Run) []*Run {
	var out []*Run
	seen := map[string]bool{}
	var ahead func(r *Run)
	ahead = func(r *Run) {
		if u := r.Upstream; u != nil && !seen[u.Key] {
			ahead(u)
			seen[u.Key] = true
			out = append(out, u)
		}
	}
	for _, r := range runs {
		ahead(r)
		seen[r.Key] = true
		out = append(out, r)
	}
	return out
}

// Axes are the axes of the points of m's runs: its upstream's (transitively)
// and then its own sweep's. A manifest without a sweep whose upstream has
// one has several runs, one per upstream point.
func (m *Manifest) Axes() []Axis {
	if m.Upstream == nil {
		return m.Sweep
	}
	return append(slices.Clip(m.Upstream.Axes()), m.Sweep...)
}

// Stages splits runs (with their upstreams, WithUpstreams) by depth in
// the chain: stage 0 starts from no run, stage k+1 from runs of stage k,
// each stage in order. A batch system submits one job array per stage,
// each depending on the one before: with afterok on the whole array, or,
// where each run's upstream is the task of the same index in the stage
// before (an upstream sweep and no sweep of its own), aftercorr task by
// task; Run.Upstream says which it is.
func Stages(runs []*Run) [][]*Run {
	var stages [][]*Run
	depth := map[string]int{}
	for _, r := range WithUpstreams(runs) {
		d := 0
		if r.Upstream != nil {
			d = depth[r.Upstream.Key] + 1
		}
		depth[r.Key] = d
		for len(stages) <= d {
			stages = append(stages, nil)
		}
		stages[d] = append(stages[d], r)
	}
	return stages
}
