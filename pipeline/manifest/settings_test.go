package manifest

import (
	"reflect"
	"testing"

	"ringwave/sim"
)

// TestParamTableCoversSim: every field of sim.Params is set by exactly one
// manifest key, and the defaults resolve to sim.Default (the period aside,
// whose manifest default 0 means neurons·dt).
func TestParamTableCoversSim(t *testing.T) {
	count := map[string]int{}
	for _, p := range Params() {
		if p.Field != "" {
			count[p.Field]++
		}
		if p.Doc == "" {
			t.Errorf("%s has no doc", p.Key)
		}
	}
	pt := reflect.TypeOf(sim.Params{})
	for i := range pt.NumField() {
		if name := pt.Field(i).Name; count[name] != 1 {
			t.Errorf("sim.Params.%s is set by %d manifest keys, want 1", name, count[name])
		}
	}
	s := DefaultSettings()
	s.Network.Period = float64(s.Network.Neurons) * s.Network.Dt
	if got, want := s.params(), sim.Default(sim.Full); got != want {
		t.Errorf("defaults resolve to\n%+v\nwant sim.Default\n%+v", got, want)
	}
	if u := Units(); u["dynamics.tau_d"] != "s" || u["record.weights_every"] != "steps" || u["dynamics.lambda"] != "" {
		t.Errorf("units %v", u)
	}
}
