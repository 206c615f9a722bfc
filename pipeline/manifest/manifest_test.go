package manifest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeManifest writes a manifest into dir and returns its path.
func writeManifest(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func expandOne(t *testing.T, path string) []*Run {
	t.Helper()
	m, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := Expand(m)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

const baseManifest = `
name = "k"
model = "kernel"
seed = 3
[network]
neurons = 32
periods = 5
[dynamics]
lambda = 20.0
tau_w = 50.0
`

func TestKeyIgnoresCosmetics(t *testing.T) {
	dir := t.TempDir()
	want := expandOne(t, writeManifest(t, dir, "a.toml", baseManifest))[0].Key
	cosmetic := map[string]string{
		"comments and blank lines": "# a comment\n" + strings.ReplaceAll(baseManifest, "\n", "  # note\n\n"),
		"key order": `
seed = 3
model = "kernel"
name = "k"
[dynamics]
tau_w = 50.0
lambda = 20
[network]
periods = 5.0
neurons = 32
`,
		"name and title":       strings.Replace(baseManifest, `name = "k"`, `name = "other"`+"\ntitle = \"A title\"\ndescription = \"words\"", 1),
		"explicit defaults":    baseManifest + "[input]\namplitude = 5000.0\nstimulate = true\n[phi]\ngain = 10\n",
		"explicit period N·dt": strings.Replace(baseManifest, "periods = 5", "periods = 5\nperiod = 0.0064\ndt = 2e-4", 1),
		"a reference":          baseManifest[:strings.Index(baseManifest, "[network]")] + "reference = \"x.toml\"\n" + baseManifest[strings.Index(baseManifest, "[network]"):],
	}
	for name, body := range cosmetic {
		t.Run(name, func(t *testing.T) {
			got := expandOne(t, writeManifest(t, t.TempDir(), "b.toml", body))[0].Key
			if got != want {
				t.Errorf("key changed: %.12s, want %.12s", got, want)
			}
		})
	}
}

func TestKeyFollowsNumbers(t *testing.T) {
	dir := t.TempDir()
	base := expandOne(t, writeManifest(t, dir, "a.toml", baseManifest))[0].Key
	changes := map[string][2]string{
		"lambda":          {"lambda = 20.0", "lambda = 20.000001"},
		"tau_w":           {"tau_w = 50.0", "tau_w = 49.0"},
		"neurons":         {"neurons = 32", "neurons = 33"},
		"periods":         {"periods = 5", "periods = 6"},
		"seed":            {"seed = 3", "seed = 4"},
		"model":           {`model = "kernel"`, `model = "kernel_single"`},
		"record":          {"[dynamics]", "[record]\nactivity_every = 2\n[dynamics]"},
		"init travel":     {"[dynamics]", "[init]\ntravel = 2\n[dynamics]"},
		"stimulate":       {"[dynamics]", "[input]\nstimulate = false\n[dynamics]"},
		"period not N·dt": {"periods = 5", "periods = 5\nperiod = 0.0065"},
	}
	for name, c := range changes {
		t.Run(name, func(t *testing.T) {
			body := strings.Replace(baseManifest, c[0], c[1], 1)
			if body == baseManifest {
				t.Fatalf("edit %q did not apply", c[0])
			}
			if got := expandOne(t, writeManifest(t, t.TempDir(), "b.toml", body))[0].Key; got == base {
				t.Errorf("key unchanged by %s", name)
			}
		})
	}
}

func TestSweepAddsRunsWithoutChangingOthers(t *testing.T) {
	dir := t.TempDir()
	two := expandOne(t, writeManifest(t, dir, "a.toml", baseManifest+"[sweep]\n\"dynamics.lambda\" = [10.0, 20.0]\n\"network.neurons\" = [32, 48]\n"))
	three := expandOne(t, writeManifest(t, dir, "b.toml", baseManifest+"[sweep]\n\"dynamics.lambda\" = [10.0, 15.0, 20.0]\n\"network.neurons\" = [32, 48]\n"))
	if len(two) != 4 || len(three) != 6 {
		t.Fatalf("got %d and %d runs, want 4 and 6", len(two), len(three))
	}
	// Order: first axis slowest.
	wantNames := []string{"k[dynamics.lambda=10,network.neurons=32]", "k[dynamics.lambda=10,network.neurons=48]",
		"k[dynamics.lambda=20,network.neurons=32]", "k[dynamics.lambda=20,network.neurons=48]"}
	keys := map[string]string{}
	seeds := map[uint64]bool{}
	for i, r := range two {
		if r.Name != wantNames[i] {
			t.Errorf("run %d is %s, want %s", i, r.Name, wantNames[i])
		}
		keys[r.Name] = r.Key
		seeds[r.Init.Seed] = true
	}
	if len(seeds) != 4 {
		t.Errorf("sweep points share seeds: %v", seeds)
	}
	for _, r := range three {
		if k, ok := keys[r.Name]; ok && k != r.Key {
			t.Errorf("%s: key changed when a sweep value was added", r.Name)
		}
	}
	// The order of the axes does not matter, nor does a record.* axis.
	swapped := expandOne(t, writeManifest(t, dir, "d.toml", baseManifest+"[sweep]\n\"network.neurons\" = [32, 48]\n\"dynamics.lambda\" = [10.0, 20.0]\n"))
	for _, r := range swapped {
		found := false
		for _, o := range two {
			found = found || (o.Key == r.Key && o.Init.Seed == r.Init.Seed)
		}
		if !found {
			t.Errorf("%s: swapping the axes changed its key or seed", r.Name)
		}
	}
	strided := expandOne(t, writeManifest(t, dir, "e.toml", baseManifest+"[sweep]\n\"dynamics.lambda\" = [10.0]\n\"record.activity_every\" = [1, 2]\n"))
	if strided[0].Init.Seed != strided[1].Init.Seed {
		t.Errorf("record.activity_every changed the initial weights: seeds %d and %d", strided[0].Init.Seed, strided[1].Init.Seed)
	}
	// A sweep over seed alone uses the seeds as given.
	for _, r := range expandOne(t, writeManifest(t, dir, "c.toml", baseManifest+"[sweep]\nseed = [7, 8]\n")) {
		if want := uint64(r.Point[0].Value.(int64)); r.Init.Seed != want {
			t.Errorf("%s: seed %d, want %d", r.Name, r.Init.Seed, want)
		}
	}
}

func TestInitialWeightsFileKeyedByValues(t *testing.T) {
	dir := t.TempDir()
	values := make([]float64, 32)
	for i := range values {
		values[i] = float64(i) / 100
	}
	writeNpy(t, filepath.Join(dir, "w0.npy"), values, 32)
	writeNpy(t, filepath.Join(dir, "copy.npy"), values, 32)
	body := strings.Replace(baseManifest, "[network]", "[init]\nweights = \"w0.npy\"\n[network]", 1)
	a := expandOne(t, writeManifest(t, dir, "a.toml", body))[0]
	b := expandOne(t, writeManifest(t, dir, "b.toml", strings.Replace(body, "w0.npy", "copy.npy", 1)))[0]
	if a.Key != b.Key {
		t.Error("the same weights under another file name changed the key")
	}
	values[5] = 1
	writeNpy(t, filepath.Join(dir, "other.npy"), values, 32)
	c := expandOne(t, writeManifest(t, dir, "c.toml", strings.Replace(body, "w0.npy", "other.npy", 1)))[0]
	if c.Key == a.Key {
		t.Error("different initial weights kept the key")
	}
}

func TestManifestErrors(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []string // substrings of the error, in order of appearance
	}{
		{"syntax", "name = \"x\"\n[network\nneurons = 3\n", []string{"bad.toml:2:", "syntax error", "^"}},
		{"unknown keys all at once", "name = \"x\"\n[network]\nnuerons = 3\n[dynamics]\ntau_q = 1.0\nbogus = 1\n",
			[]string{"bad.toml:3: network.nuerons is not a manifest key (did you mean network.neurons?)",
				"bad.toml:5: dynamics.tau_q is not a manifest key (did you mean dynamics.tau_",
				"bad.toml:6: dynamics.bogus is not a manifest key"}},
		{"unknown table", "name = \"x\"\n[netwrk]\nneurons = 3\nfoo = 1\n", []string{"bad.toml:2: netwrk is not a manifest table (did you mean network?)"}},
		{"unquoted dotted sweep key", "name = \"x\"\n[sweep]\ndynamics.lambda = [1.0]\n", []string{"bad.toml:3: sweep.dynamics.lambda needs quotes in [sweep]: write \"dynamics.lambda\" = [...]"}},
		{"unexpected end of value", "name = \"x\"\n[network]\ndt =\n", []string{"bad.toml:3: syntax error", "dt =", "    ^"}},
		{"wrong type", "name = \"x\"\n[network]\nneurons = \"many\"\n", []string{"bad.toml:3: network.neurons has the wrong type"}},
		{"duplicate key", "name = \"x\"\n[network]\nneurons = 3\nneurons = 4\n", []string{"bad.toml:4:", "already been defined"}},
		{"missing name", "model = \"full\"\n", []string{"bad.toml: name is required"}},
		{"bad name", "name = \"a b\"\n", []string{"bad.toml:1: name must be"}},
		{"empty sweep", "name = \"x\"\n[sweep]\n\"dynamics.lambda\" = []\n", []string{"bad.toml:3: sweep.dynamics.lambda must list at least one value"}},
		{"sweep unknown key", "name = \"x\"\n[sweep]\n\"dynamics.lamda\" = [1.0]\n", []string{"bad.toml:3: sweep.dynamics.lamda value 1: unknown key dynamics.lamda (did you mean dynamics.lambda?)"}},
		{"sweep wrong type", "name = \"x\"\n[sweep]\n\"network.neurons\" = [32, \"x\"]\n", []string{"bad.toml:3: sweep.network.neurons value 2: network.neurons must be an integer (got string x)"}},
		{"sweep not a list", "name = \"x\"\n[sweep]\n\"network.neurons\" = 32\n", []string{"bad.toml:3: sweep.network.neurons must be a list"}},
		{"name too long", "name = \"" + strings.Repeat("n", MaxName+1) + "\"\n", []string{"bad.toml:1: name must be at most 200 bytes (got 201)"}},
		{"name index", "name = \"index\"\n", []string{`bad.toml:1: name "index" is taken: the reports' index is results/reports/index.html`}},
		{"name Index", "name = \"Index\"\n", []string{`bad.toml:1: name "Index" is taken`}},
		{"sweep same value", "name = \"x\"\n[sweep]\n\"dynamics.lambda\" = [1.0, 2.0, 1.0]\n", []string{"bad.toml:3: sweep.dynamics.lambda values 1 and 3 (1 and 1) are the same"}},
		{"sweep zero and minus zero", "name = \"x\"\n[sweep]\n\"dynamics.lambda\" = [0.0, -0.0]\n", []string{"bad.toml:3: sweep.dynamics.lambda values 1 and 2 (0 and -0) are the same"}},
		{"sweep int and float", "name = \"x\"\n[sweep]\n\"dynamics.lambda\" = [1, 1.0]\n", []string{"bad.toml:3: sweep.dynamics.lambda values 1 and 2 (1 and 1) are the same"}},
		{"sweep int key", "name = \"x\"\n\n[sweep]\n\"network.neurons\" = [32, 32.0]\n", []string{"bad.toml:4: sweep.network.neurons values 1 and 2 (32 and 32) are the same"}},
		{"sweep same seed", "name = \"x\"\n[sweep]\nseed = [1, 1]\n", []string{"bad.toml:3: sweep.seed values 1 and 2 (1 and 1) are the same"}},
		{"sweep same model", "name = \"x\"\n[sweep]\nmodel = [\"full\", \"full\"]\n", []string{`bad.toml:3: sweep.model values 1 and 2 ("full" and "full") are the same`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeManifest(t, t.TempDir(), "bad.toml", c.body)
			_, err := Load(path)
			if err == nil {
				t.Fatal("accepted")
			}
			msg := strings.ReplaceAll(err.Error(), filepath.Dir(path)+"/", "")
			rest := msg
			for _, w := range c.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error\n%s\ndoes not contain %q (in order)", msg, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func TestRunErrorsNameKeyAndLine(t *testing.T) {
	cases := []struct {
		name, edit, want string
	}{
		{"negative tau", "tau_w = 50.0|tau_w = -1.0", "a.toml:10: dynamics.tau_w must be a positive finite number (got -1)"},
		{"nan", "tau_w = 50.0|tau_w = nan", "a.toml:10: dynamics.tau_w must be a positive finite number (got NaN)"},
		{"inf lambda", "lambda = 20.0|lambda = inf", "a.toml:9: dynamics.lambda must be a finite number (got +Inf)"},
		{"delay under a step", "tau_w = 50.0|tau_w = 50.0\ntau_d = 1e-5", "a.toml:11: dynamics.tau_d must be at least half a step"},
		{"unknown model", `model = "kernel"|model = "kernal"`, `a.toml:3: model must be one of full, kernel, kernel_single (got "kernal")`},
		{"zero neurons", "neurons = 32|neurons = 0", "a.toml:6: network.neurons must be ≥ 2 (got 0)"},
		{"zero period", "periods = 5|periods = 5\nperiod = 0.0", "a.toml:8: network.period must be a positive number"},
		{"stride", "tau_w = 50.0|tau_w = 50.0\n[record]\nactivity_every = 0", "a.toml:12: record.activity_every must be from 1 to the run's 160 steps (got 0)"},
		// (rows = ⌈steps/stride⌉ overflowed to 0: "shape [0 32]")
		{"huge stride", "tau_w = 50.0|tau_w = 50.0\n[record]\nactivity_every = 9223372036854775807", "a.toml:12: record.activity_every must be from 1 to the run's 160 steps (got 9223372036854775807)"},
		{"huge weights stride", "tau_w = 50.0|tau_w = 50.0\n[record]\nweights_every = 9223372036854775807", "a.toml:12: record.weights_every must be from 0 (the final weights only) to the run's 160 steps"},
		{"negative weights stride", "tau_w = 50.0|tau_w = 50.0\n[record]\nweights_every = -1", "a.toml:12: record.weights_every must be from 0"},
		{"missing weights file", "tau_w = 50.0|tau_w = 50.0\n[init]\nweights = \"nope.npy\"", "a.toml:12: init.weights file"},
		// Unit slips: the error is on the key the user wrote, never on one
		// derived from it (init.steps), with the likely slip.
		{"tau_d in ms", "tau_w = 50.0|tau_w = 50.0\ntau_d = 15", "a.toml:11: dynamics.tau_d = 15 s makes the delay 75000 steps (τ_d/dt), no shorter than the whole run, 160 steps (periods·period/dt); did you mean 15e-3 (15 ms)? These come from dynamics.tau_d = 15 s (line 11), network.dt = 0.0002 s (default), network.periods = 5 (line 7)"},
		{"tau_d swept in ms", "tau_w = 50.0|tau_w = 50.0\n[sweep]\n\"dynamics.tau_d\" = [0.015, 15.0]", "a.toml:12: dynamics.tau_d = 15 s makes the delay 75000 steps (τ_d/dt), no shorter than the whole run, 160 steps (periods·period/dt); did you mean 15e-3 (15 ms)? These come from dynamics.tau_d = 15 s (swept, line 12)"},
		{"dt in ms", "neurons = 32|neurons = 32\ndt = 0.2", "a.toml:7: network.dt = 0.2 s makes the delay round(τ_d/dt) = 0 steps; it must be at least 1; did you mean 0.2e-3 (0.2 ms)?"},
		{"run too short", "periods = 5|periods = 0.5", "a.toml:7: network.periods = 0.5 makes the run 16 steps (periods·period/dt), not longer than its initial phase (96 steps, the first multiple of round(neurons/init.travel) = 32 steps beyond the delay; the delay is 75 steps)."},
		{"init.steps written", "tau_w = 50.0|tau_w = 50.0\n[init]\nsteps = 1000", "a.toml:12: init.steps the initial phase (1000 steps) must be shorter than the run (160 steps)"},
		// The largest int64 overflowed init.travel's time grid, and the
		// error blamed init.travel and network.neurons (issue 23).
		{"init.steps huge", "tau_w = 50.0|tau_w = 50.0\n[init]\nsteps = 9223372036854775807", "a.toml:12: init.steps the initial phase (9223372036854775807 steps) must be shorter than the run (160 steps)"},
		{"init.steps huge, travel set", "tau_w = 50.0|tau_w = 50.0\n[init]\ntravel = 2.0\nsteps = 9223372036854775807", "a.toml:13: init.steps the initial phase (9223372036854775807 steps) must be shorter than the run (160 steps)"},
		{"swept bad value", "tau_w = 50.0|tau_w = 50.0\n[sweep]\n\"dynamics.tau_x\" = [1e-3, -1.0]", "a.toml:12: dynamics.tau_x must be a positive finite number (got -1) in sweep point dynamics.tau_x=-1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			from, to, _ := strings.Cut(c.edit, "|")
			body := strings.Replace(baseManifest, from, to, 1)
			path := writeManifest(t, t.TempDir(), "a.toml", body)
			m, err := Load(path)
			if err == nil {
				_, err = Expand(m)
			}
			if err == nil {
				t.Fatal("accepted")
			}
			var merr *Error
			if !errors.As(err, &merr) {
				t.Errorf("error %v is not a *pipeline.Error", err)
			}
			if msg := strings.ReplaceAll(err.Error(), filepath.Dir(path)+"/", ""); !strings.Contains(msg, c.want) {
				t.Errorf("error\n%s\nwant it to contain\n%s", msg, c.want)
			}
		})
	}
}

func TestLoadAllOrdersReferencesFirst(t *testing.T) {
	dir := t.TempDir()
	writeManifest(t, dir, "full.toml", "name = \"full\"\n")
	b := writeManifest(t, dir, "kernel.toml", "name = \"kernel\"\nreference = \"full.toml\"\n")
	ms, err := LoadAll([]string{b, filepath.Join(dir, "full.toml")})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Name != "full" || ms[1].Name != "kernel" {
		t.Errorf("order %v", names(ms))
	}
	writeManifest(t, dir, "x.toml", "name = \"x\"\nreference = \"y.toml\"\n")
	writeManifest(t, dir, "y.toml", "name = \"y\"\nreference = \"x.toml\"\n")
	if _, err := LoadAll([]string{filepath.Join(dir, "x.toml")}); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("cycle: %v", err)
	}
	// A broken manifest named directly and as a reference is reported once.
	writeManifest(t, dir, "broken.toml", "name = \"broken\"\nbogus = 1\n")
	writeManifest(t, dir, "user.toml", "name = \"user\"\nreference = \"broken.toml\"\n")
	_, err = LoadAll([]string{filepath.Join(dir, "broken.toml"), filepath.Join(dir, "user.toml")})
	if err == nil || strings.Count(err.Error(), "bogus is not a manifest key") != 1 {
		t.Errorf("broken manifest reported as: %v", err)
	}
	writeManifest(t, dir, "dup.toml", "name = \"full\"\n")
	if _, err := LoadAll([]string{filepath.Join(dir, "full.toml"), filepath.Join(dir, "dup.toml")}); err == nil || !strings.Contains(err.Error(), "also the name of") {
		t.Errorf("duplicate names: %v", err)
	}
}

func names(ms []*Manifest) []string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Name)
	}
	return s
}

// TestLongLabelsAreShortened: a sweep point whose label would not fit in a
// file name gets a path label of at most MaxLabel bytes that is the same
// for the same point, different for different points, and begins as the
// label does.
func TestLongLabelsAreShortened(t *testing.T) {
	var axes strings.Builder
	for _, k := range []string{"dynamics.lambda", "dynamics.tau_w", "dynamics.tau_x", "input.amplitude", "phi.gain", "init.scale", "init.travel"} {
		// Values whose shortest form is 17 digits: a label of ~230 bytes.
		axes.WriteString(`"` + k + `" = [1.0000000000000002, 1.0000000000000004]` + "\n")
	}
	path := writeManifest(t, t.TempDir(), "long.toml", baseManifest+"[sweep]\n"+axes.String())
	runs := expandOne(t, path)
	again := expandOne(t, path)
	seen := map[string]bool{}
	for i, r := range runs {
		label := r.PathLabel()
		if len(r.PointLabel()) <= MaxLabel {
			t.Fatalf("label %q is not long: the test does not test", r.PointLabel())
		}
		if len(label) > MaxLabel || !strings.HasPrefix(r.PointLabel(), label[:100]) {
			t.Errorf("path label %q (%d bytes)", label, len(label))
		}
		if seen[label] {
			t.Errorf("two points share the path label %q", label)
		}
		seen[label] = true
		if again[i].PathLabel() != label {
			t.Errorf("the path label changed between loads: %q, %q", label, again[i].PathLabel())
		}
	}
}
