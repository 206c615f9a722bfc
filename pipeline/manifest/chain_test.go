package manifest

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// upstream and downstream are a learn → replay chain: a sweep of two
// upstream points and a downstream sweep of two.
const (
	upstream = `
name = "learn"
model = "kernel"
[network]
neurons = 32
periods = 5
[sweep]
"dynamics.lambda" = [10.0, 20.0]
`
	downstream = `
name = "replay"
model = "kernel"
[network]
neurons = 32
periods = 6
[dynamics]
learn = false
[input]
stimulate = false
[init]
from = "learn.toml"
[sweep]
"phi.gain" = [5.0, 10.0]
`
)

// chain writes the two manifests into a new directory and expands the
// downstream (which loads the upstream itself).
func chain(t *testing.T, up, down string) []*Run {
	t.Helper()
	dir := t.TempDir()
	writeManifest(t, dir, "learn.toml", up)
	return expandOne(t, writeManifest(t, dir, "replay.toml", down))
}

func keysOf(runs []*Run) []string {
	var keys []string
	for _, r := range runs {
		keys = append(keys, r.Key)
	}
	return keys
}

// TestChainSweepPairing: one downstream run per upstream point and point of
// its own sweep, the upstream's varying slowest, labelled upstream point
// first; each starts from the upstream run of its point.
func TestChainSweepPairing(t *testing.T) {
	runs := chain(t, upstream, downstream)
	want := []string{
		"replay[dynamics.lambda=10,phi.gain=5]", "replay[dynamics.lambda=10,phi.gain=10]",
		"replay[dynamics.lambda=20,phi.gain=5]", "replay[dynamics.lambda=20,phi.gain=10]",
	}
	var got []string
	for _, r := range runs {
		got = append(got, r.Name)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("runs %q, want %q", got, want)
	}
	for _, r := range runs {
		u := r.Upstream
		if u == nil {
			t.Fatalf("%s has no upstream", r.Name)
		}
		if want := "learn[" + u.PointLabel() + "]"; u.Name != want || !strings.HasPrefix(r.PointLabel(), u.PointLabel()+",") {
			t.Errorf("%s starts from %s", r.Name, u.Name)
		}
		if r.Init.Source != "run" || r.Init.Upstream != u.Key || !r.Params.Frozen {
			t.Errorf("%s: init %+v, frozen %v", r.Name, r.Init, r.Params.Frozen)
		}
		if r.Params.Lambda != 20 { // its own λ, the default: the upstream's point labels it, not sets it
			t.Errorf("%s: λ %v", r.Name, r.Params.Lambda)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(keysOf(runs))))) != 4 {
		t.Errorf("keys %v are not all different", keysOf(runs))
	}
}

// TestChainKeysFollowUpstream: a parameter of the upstream, or the code
// that computes it, changes every downstream key; a comment, the name or the
// title of the upstream changes none.
func TestChainKeysFollowUpstream(t *testing.T) {
	base := keysOf(chain(t, upstream, downstream))
	cosmetic := map[string]string{
		"comment": "# a comment\n" + upstream,
		"name":    strings.Replace(upstream, `name = "learn"`, `name = "learned"`, 1),
		"title":   "title = \"Learning, again\"\n" + upstream,
		"layout":  strings.Replace(upstream, "periods = 5", "periods   =   5.0  # the same number", 1),
	}
	for what, up := range cosmetic {
		if got := keysOf(chain(t, up, downstream)); !slices.Equal(got, base) {
			t.Errorf("a %s edit upstream changed the downstream keys", what)
		}
	}
	changed := map[string]string{
		"tau_w":  strings.Replace(upstream, "periods = 5", "periods = 5\n[dynamics]\ntau_w = 40.0", 1),
		"seed":   "seed = 2\n" + upstream,
		"period": strings.Replace(upstream, "periods = 5", "periods = 6", 1),
	}
	for what, up := range changed {
		got := keysOf(chain(t, up, downstream))
		for i := range got {
			if got[i] == base[i] {
				t.Errorf("changing %s upstream left the key of run %d", what, i)
			}
		}
	}
	// The code that computes the upstream: every key moves with it.
	saved := codeIdentity
	defer func() { codeIdentity = saved }()
	codeIdentity = func() CodeIdentity { id := saved(); id.Sim += "-edited"; return id }
	got := keysOf(chain(t, upstream, downstream))
	for i := range got {
		if got[i] == base[i] {
			t.Errorf("another simulation code left the key of run %d", i)
		}
	}
}

// TestChainKeyIsUpstreamKey: the downstream key holds the upstream's key,
// not its path or name: the same upstream under another name and file in
// another directory gives the same downstream keys.
func TestChainKeyIsUpstreamKey(t *testing.T) {
	base := keysOf(chain(t, upstream, downstream))
	dir := t.TempDir()
	writeManifest(t, dir, "other.toml", strings.Replace(upstream, `"learn"`, `"other"`, 1))
	down := strings.Replace(downstream, `from = "learn.toml"`, `from = "other.toml"`, 1)
	runs := expandOne(t, writeManifest(t, dir, "replay.toml", down))
	if got := keysOf(runs); !slices.Equal(got, base) {
		t.Errorf("keys %v, want %v", got, base)
	}
	if !strings.HasSuffix(runs[0].Init.UpstreamManifest, "other.toml") || runs[0].Init.UpstreamRun != "other[dynamics.lambda=10]" {
		t.Errorf("run.json's upstream: %+v", runs[0].Init)
	}
	if strings.Contains(runs[0].KeyMaterial(), "other") {
		t.Errorf("the key material names the upstream:\n%s", runs[0].KeyMaterial())
	}
}

// TestChainErrors: each misuse of init.from is one clear error at its line.
func TestChainErrors(t *testing.T) {
	cases := []struct {
		name, up, down, want string
	}{
		{"with weights", upstream, strings.Replace(downstream, "[init]\n", "[init]\nweights = \"zeros\"\n", 1),
			`replay.toml:12: init.weights cannot be set with init.from`},
		{"with scale", upstream, strings.Replace(downstream, "[init]\n", "[init]\nscale = 0.1\n", 1),
			`replay.toml:12: init.scale cannot be set with init.from`},
		{"swept scale", upstream, downstream + `"init.scale" = [0.1, 0.2]` + "\n",
			`init.scale cannot be set with init.from`},
		{"missing upstream", upstream, strings.Replace(downstream, "learn.toml", "nothere.toml", 1),
			`replay.toml:12: init.from names`},
		{"broken upstream", "name = \"learn\"\nmodel = \"kernel\"\n[network]\nnuerons = 32\n", downstream,
			`learn.toml:4: network.nuerons is not a manifest key`},
		{"neurons differ", strings.Replace(upstream, "neurons = 32", "neurons = 64", 1), downstream,
			`whose 64 neurons are not this run's 32`},
		{"same axis", upstream, downstream + `"dynamics.lambda" = [1.0, 2.0]` + "\n",
			`dynamics.lambda is swept here and in the upstream`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeManifest(t, dir, "learn.toml", c.up)
			path := writeManifest(t, dir, "replay.toml", c.down)
			ms, err := LoadAll([]string{path})
			if err == nil {
				_, err = ExpandAll(ms)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one with %q", err, c.want)
			}
		})
	}
}

// TestChainCycle: a cycle of three manifests is one error naming all three.
func TestChainCycle(t *testing.T) {
	dir := t.TempDir()
	for i, name := range []string{"a", "b", "c"} {
		next := []string{"b", "c", "a"}[i]
		writeManifest(t, dir, name+".toml", fmt.Sprintf("name = %q\n[init]\nfrom = %q\n", name, next+".toml"))
	}
	_, err := LoadAll([]string{dir + "/a.toml"})
	var merr *Error
	if !errors.As(err, &merr) {
		t.Fatalf("error %v, want a manifest error", err)
	}
	for _, name := range []string{"a.toml", "b.toml", "c.toml"} {
		if !strings.Contains(merr.Msg, name) {
			t.Errorf("%q does not name %s", err, name)
		}
	}
	if merr.Key != "init.from" || merr.Line != 3 || strings.Count(merr.Msg, "a.toml") != 2 {
		t.Errorf("%q: want the cycle a → b → c → a at c.toml's init.from, line 3", err)
	}
}

// TestLoadAllOrdersUpstreamsFirst: a chain is loaded upstream first,
// transitively, and only the named manifest is Requested.
func TestLoadAllOrdersUpstreamsFirst(t *testing.T) {
	dir := t.TempDir()
	writeManifest(t, dir, "learn.toml", upstream)
	writeManifest(t, dir, "replay.toml", downstream)
	third := writeManifest(t, dir, "again.toml", strings.NewReplacer(`"replay"`, `"again"`, "learn.toml", "replay.toml", `"phi.gain" = [5.0, 10.0]`, "").Replace(downstream))
	ms, err := LoadAll([]string{third})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(ms); !slices.Equal(got, []string{"learn", "replay", "again"}) {
		t.Errorf("order %v", got)
	}
	if ms[0].Requested || ms[1].Requested || !ms[2].Requested {
		t.Errorf("requested: %v %v %v", ms[0].Requested, ms[1].Requested, ms[2].Requested)
	}
	runs, err := ExpandAll(ms)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2+4+4 || runs[9].Upstream.Upstream == nil || runs[9].PointLabel() != "dynamics.lambda=20,phi.gain=10" {
		t.Errorf("%d runs; the last %s", len(runs), runs[len(runs)-1].Name)
	}
	if got := len(ms[2].Axes()); got != 2 {
		t.Errorf("again has %d axes, want the 2 of its upstreams", got)
	}
}

// TestStartingWeightsAcrossModels: the rules of the package's chain
// comment, on a kernel whose circulant matrix is known.
func TestStartingWeightsAcrossModels(t *testing.T) {
	const n = 5
	kernel := []float64{0.5, -1, 2, 0.25, -0.75}
	full := Circulant(kernel)
	if full[3*n+1] != kernel[2] || full[0*n+4] != kernel[1] { // w[(1+2)%5, 1], w[(4+1)%5, 4]
		t.Errorf("circulant %v", full)
	}
	// The aligned mean of a circulant matrix is its kernel: sums of N equal
	// values divided by N, exact to an ulp or two.
	const tol = 1e-15
	for j, v := range AlignedMean(full, n) {
		if math.Abs(v-kernel[j]) > tol {
			t.Errorf("aligned mean[%d] = %v, want %v", j, v, kernel[j])
		}
	}
}

// TestStages: a chain of three manifests is three stages, each run one
// stage after its upstream.
func TestStages(t *testing.T) {
	dir := t.TempDir()
	writeManifest(t, dir, "learn.toml", upstream)
	writeManifest(t, dir, "replay.toml", downstream)
	third := writeManifest(t, dir, "again.toml", strings.NewReplacer(`"replay"`, `"again"`, "learn.toml", "replay.toml", `"phi.gain" = [5.0, 10.0]`, "").Replace(downstream))
	runs := expandOne(t, third) // the last stage alone: the rest are added
	stages := Stages(runs)
	if len(stages) != 3 || len(stages[0]) != 2 || len(stages[1]) != 4 || len(stages[2]) != 4 {
		t.Fatalf("stages of %v runs", func() []int {
			var n []int
			for _, s := range stages {
				n = append(n, len(s))
			}
			return n
		}())
	}
	for k, s := range stages {
		for _, r := range s {
			if (k == 0) != (r.Upstream == nil) || k > 0 && !slices.Contains(stages[k-1], r.Upstream) {
				t.Errorf("stage %d: %s starts from %v", k, r.Name, r.Upstream)
			}
		}
	}
}
