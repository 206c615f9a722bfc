package executor

import (
	"sync"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// A Derivation makes the initial weights of a derived run
// (manifest.Run.DerivedRun) from its upstream run's cached result. It must
// depend on nothing but that result: the run's key holds only the
// upstream's key and the derivation's name.
type Derivation func(upstream *cache.Result) ([]float64, error)

var derivations sync.Map // name → Derivation

// RegisterDerivation makes a derivation known by its name, which holds
// its version ("rule_steady_state/1"): the package that computes it
// registers it in an init function.
func RegisterDerivation(name string, d Derivation) {
	if _, dup := derivations.LoadOrStore(name, d); dup {
		panic("executor: derivation " + name + " registered twice")
	}
}

func lookupDerivation(name string) (Derivation, bool) {
	d, ok := derivations.Load(name)
	if !ok {
		return nil, false
	}
	return d.(Derivation), true
}

// companions are the registered ways a run has derived runs that no
// manifest names (its fixed-point test): gc keeps them with the run.
var (
	companionsMu sync.Mutex
	companions   []func(u *manifest.Run) *manifest.Run
)

// RegisterCompanion makes derived(u) a companion of every run u: a run
// computed from u's results (DerivedRun) that lives and dies with u.
func RegisterCompanion(derived func(u *manifest.Run) *manifest.Run) {
	companionsMu.Lock()
	defer companionsMu.Unlock()
	companions = append(companions, derived)
}

// Companions returns the derived runs registered for u.
func Companions(u *manifest.Run) []*manifest.Run {
	companionsMu.Lock()
	defer companionsMu.Unlock()
	var out []*manifest.Run
	for _, f := range companions {
		out = append(out, f(u))
	}
	return out
}
