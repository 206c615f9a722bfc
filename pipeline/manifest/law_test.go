package manifest

import (
	"math"
	"strings"
	"testing"
)

const lawManifest = baseManifest + `
[sweep]
"dynamics.lambda" = [10.0, 40.0]

[[law]]
measure = "decay_rate"
predict = "dynamics.lambda / dynamics.tau_w"
tolerance = 0.01

[[law]]
measure = "zero_crossing_down"
predict = "network.neurons - round(dynamics.tau_d / network.dt)"
`

// A law is evaluated at each run's own settings, swept values included,
// and is no part of the runs' keys.
func TestLawPredictsAtEachPoint(t *testing.T) {
	dir := t.TempDir()
	runs := expandOne(t, writeManifest(t, dir, "l.toml", lawManifest))
	plain := expandOne(t, writeManifest(t, dir, "p.toml", baseManifest+"[sweep]\n\"dynamics.lambda\" = [10.0, 40.0]\n"))
	const tol = 1e-15 // one division: exact up to rounding
	for i, r := range runs {
		if r.Key != plain[i].Key {
			t.Errorf("%s: a law changed the key", r.Name)
		}
		laws := r.Manifest.Laws
		if len(laws) != 2 || laws[0].Tolerance != 0.01 || laws[1].Tolerance != 0 {
			t.Fatalf("laws: %+v", laws)
		}
		want := r.Settings.Dynamics.Lambda / r.Settings.Dynamics.TauW
		if got := laws[0].Prediction(r.Settings); math.Abs(got-want) > tol*want {
			t.Errorf("%s: decay_rate predicted %v, want %v", r.Name, got, want)
		}
		// 32 − round(15e-3 / 2e-4) = 32 − 75 = −43, an integer made a float.
		if got := laws[1].Prediction(r.Settings); got != -43 {
			t.Errorf("%s: zero_crossing_down predicted %v, want -43", r.Name, got)
		}
	}
	if laws := runs[0].Manifest.Laws; laws[0].Holds(0.009) != "holds" || laws[0].Holds(-0.011) != "fails" || laws[1].Holds(0.5) != "" {
		t.Error("Holds does not follow the tolerance")
	}
	if rel := RelDiff(2.02, 2); math.Abs(rel-0.01) > 1e-12 {
		t.Errorf("RelDiff(2.02, 2) = %v", rel)
	}
}

// A bad law is a FILE:LINE: error at load, for each way it can be bad.
func TestLawErrors(t *testing.T) {
	cases := map[string]struct{ law, want string }{
		"unknown key":  {"measure = \"decay_rate\"\npredict = \"dynamics.lambda / dynamics.tau_ww\"\n", "l.toml:14: law.predict no manifest key dynamics.tau_ww (did you mean dynamics.tau_w?)"},
		"syntax":       {"measure = \"decay_rate\"\npredict = \"dynamics.lambda / \"\n", "l.toml:14: law.predict"},
		"no measure":   {"predict = \"1\"\n", "l.toml:12: law.measure is required"},
		"no predict":   {"measure = \"decay_rate\"\n", "l.toml:12: law.predict is required"},
		"tolerance":    {"measure = \"decay_rate\"\npredict = \"1\"\ntolerance = -1.0\n", "l.toml:15: law.tolerance must be"},
		"a string":     {"measure = \"decay_rate\"\npredict = \"model\"\n", "l.toml:14: law.predict"},
		"unknown term": {"measure = \"decay_rate\"\npredict = \"1\"\ntolerence = 0.1\n", "l.toml:15: law.tolerence is not a manifest key"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := Load(writeManifest(t, dir, "l.toml", baseManifest+"\n[[law]]\n"+c.law))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
	dir := t.TempDir()
	m, err := Load(writeManifest(t, dir, "l.toml", baseManifest+"\n[[law]]\nmeasure = \"decay_rat\"\npredict = \"1\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = m.CheckLaws(func(s string) bool { return s == "decay_rate" }, []string{"decay_rate"})
	if err == nil || !strings.Contains(err.Error(), `l.toml:13: law.measure "decay_rat" is not a measurement (did you mean decay_rate?)`) {
		t.Errorf("unknown measure: %v", err)
	}
}
