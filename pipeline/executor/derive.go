package executor

import (
	"sync"

	"ringwave/pipeline/cache"
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
