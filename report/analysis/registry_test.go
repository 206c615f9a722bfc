package analysis

import (
	"encoding/json"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ringwave/pipeline/manifest"
	"ringwave/sim"
)

// The registry is the one list of measurements: every JSON field of
// Measurements is an entry and every entry a field, each with a unit, a
// meaning and a value of its declared kind.
func TestRegistry(t *testing.T) {
	var tags []string
	ty := reflect.TypeOf(Measurements{})
	for i := range ty.NumField() {
		name, _, _ := strings.Cut(ty.Field(i).Tag.Get("json"), ",")
		if name != "model" && name != "curves" { // a parameter column, and the summaries' curves
			tags = append(tags, name)
		}
	}
	var names []string
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	settled := true
	m := &Measurements{Settled: &settled, Saturated: &settled, Sustained: &settled, Locked: &settled, SteadyFromStep: new(int), SteadyToStep: new(int), WaveFromStep: new(int), WaveToStep: new(int), ZeroCrossings: []Num{1.5}}
	kinds := map[Kind]reflect.Kind{Number: reflect.Float64, Count: reflect.Int, Numbers: reflect.Slice, Flag: reflect.Bool, Label: reflect.String}
	for _, e := range Registry {
		names = append(names, e.Name)
		if !snake.MatchString(e.Name) {
			t.Errorf("%q is not snake_case", e.Name)
		}
		if e.Meaning == "" || strings.ContainsAny(e.Meaning, "\n") || e.Label == "" || e.Get == nil {
			t.Errorf("%s: meaning %q, label %q: each entry needs a one-line meaning, a label and a getter", e.Name, e.Meaning, e.Label)
		}
		// Units: "1" declares a dimensionless number; "" is only for what
		// is not a quantity.
		quantity := e.Kind == Number || e.Kind == Count || e.Kind == Numbers
		if quantity && e.Unit == "" || !quantity && e.Unit != "" {
			t.Errorf("%s: unit %q for a %v (numbers need a unit, %q if dimensionless; flags and labels none)", e.Name, e.Unit, e.Kind, Dimensionless)
		}
		if got := reflect.ValueOf(e.Value(m)); !got.IsValid() || got.Kind() != kinds[e.Kind] {
			t.Errorf("%s: value %#v is not of its kind %v", e.Name, e.Value(m), e.Kind)
		}
		for _, th := range e.TheoriesOf() {
			if !slices.ContainsFunc(Theories, func(c TheoryColumn) bool { return c.Column == th.Column }) {
				t.Errorf("%s is compared with %s, which names no theory column (%q)", e.Name, th.Name, th.Column)
			}
		}
		if e.Column != "" && e.Views&(InText|InIndex|InPoints|OnPage) != 0 {
			t.Errorf("%s is a theory (column %q): it shows in its measurement's row, not in views of its own", e.Name, e.Column)
		}
		if e.Against != "" && !slices.ContainsFunc(manifest.Params(), func(p manifest.Param) bool { return p.Key == e.Against }) {
			t.Errorf("%s is drawn only against %q, which is no manifest key", e.Name, e.Against)
		}
		if e.Tolerance != 0 && !slices.Contains([]float64{AgreeTolerance, DriftTolerance, WaveTolerance, PredictionTolerance, NoncirculantMax, FixedPointTolerance}, e.Tolerance) {
			t.Errorf("%s: tolerance %v is none of the named ones", e.Name, e.Tolerance)
		}
	}
	if !slices.Equal(names, slices.Compact(slices.Clone(names))) || len(names) != len(tags) {
		t.Errorf("%d entries for %d fields, or a name twice", len(names), len(tags))
	}
	for _, tag := range tags {
		if !slices.Contains(names, tag) {
			t.Errorf("Measurements has %s, which the registry does not list", tag)
		}
	}
	for _, n := range names {
		if !slices.Contains(tags, n) {
			t.Errorf("the registry lists %s, which Measurements does not have", n)
		}
	}
	// Each summary chart draws at least one measurement.
	charts := map[string]bool{}
	for _, e := range Registry {
		if e.Chart != "" {
			charts[e.Chart] = charts[e.Chart] || e.Column == ""
		}
	}
	for c, ok := range charts {
		if !ok {
			t.Errorf("chart %q draws only theories", c)
		}
	}
}

// A missing value is nil, shown as nothing; a stored value survives JSON.
func TestRegistryValues(t *testing.T) {
	m := &Measurements{KernelPeak: Num(math.NaN()), DecayRate: 2.5}
	peak, _ := Lookup("kernel_peak")
	rate, _ := Lookup("decay_rate")
	settled, _ := Lookup("settled")
	if peak.Value(m) != nil || peak.Format(peak.Value(m)) != "" || settled.Value(m) != nil {
		t.Errorf("missing values: %v %q %v", peak.Value(m), peak.Format(peak.Value(m)), settled.Value(m))
	}
	if peak.Value(nil) != nil {
		t.Error("no measurements gave a value")
	}
	b, _ := json.Marshal(m)
	var back Measurements
	if err := json.Unmarshal(b, &back); err != nil || rate.Value(&back) != 2.5 || peak.Value(&back) != nil {
		t.Errorf("round trip: %v %v %v", err, rate.Value(&back), peak.Value(&back))
	}
	for _, c := range []struct {
		name string
		v    any
		want string
	}{
		{"decay_rate", 1.00012345678, "1.00012"},
		{"kernel_peak", 0.0123456, "0.01235"},
		{"kernel_peak", 20.0, "20"},
		{"theory_rel_diff", 0.0123456, "1.23 %"},
		{"zero_crossings", []float64{95.52, 45.5}, "95.5, 45.5"},
		{"kernel_peak_offset", 7, "7"},
		{"settled", false, "false"},
	} {
		e, _ := Lookup(c.name)
		if got := e.Format(c.v); got != c.want {
			t.Errorf("%s: Format(%v) = %q, want %q", c.name, c.v, got, c.want)
		}
	}
}

// The decay fit's criterion is stated from its constants, one way: the
// typical error is e^FitRMSLogMax − 1 = 10.5 %, not a rounding of it.
func TestFitCriterionText(t *testing.T) {
	want := "R² ≥ 0.99 and a typical error under 10.5 %"
	if got := FitCriterion(); got != want {
		t.Errorf("FitCriterion() = %q, want %q", got, want)
	}
	if v := fitVerdict(Decay{R2: 0.5, RMSLog: 0.3, Points: 5}); !strings.Contains(v, want) || !strings.Contains(v, "35 %") {
		t.Errorf("the note of a poor fit: %q", v)
	}
}

// SquareError tells a saturated drive from one that is not: the square
// wave itself, shifted, is 0 from it; a sine of the same period is not.
func TestSquareErrorTellsSaturation(t *testing.T) {
	const p, period, tau = 200, 0.1, 5e-3
	h := period / p
	sq, shifted, sine := make([]float64, p), make([]float64, p), make([]float64, p)
	for m := range p {
		sq[m] = SquareWave(float64(m)*h, period, tau)
		shifted[m] = SquareWave(float64(m+37)*h, period, tau)
		sine[m] = 0.5 + 0.5*math.Sin(2*math.Pi*float64(m)/p)
	}
	const tol = 1e-12 // the same samples, reordered: rounding only
	if e := SquareError(shifted, sq); e > tol {
		t.Errorf("a shifted square wave is %v from it", e)
	}
	if e := SquareError(sine, sq); e <= WaveTolerance {
		t.Errorf("a sine passes for a saturated drive: %v ≤ %v", e, WaveTolerance)
	}
}

// The closed form's crossings for any period: −(τ_d − dt/2)·N/T and
// N/2 − (τ_d − dt/2)·N/T mod N (issue 20: with T = 2N·dt and d = 75 that
// is 62.75, where −d mod N = 25 was drawn).
func TestPredictedCrossing(t *testing.T) {
	p := sim.Default(sim.Kernel)
	p.Neurons, p.Dt = 100, 1e-3
	for _, c := range []struct {
		tauD, period, down, up float64
	}{
		{15e-3, 0.1, 85.5, 35.5}, // T = N·dt: −d + 1/2
		{70e-3, 0.1, 30.5, 80.5}, // d > N/2: N/2 − d wraps
		{75e-3, 0.2, 62.75, 12.75},
		{15e-3, 0.05, 71, 21},
	} {
		p.TauD, p.Period = c.tauD, c.period
		const tol = 1e-9 // a few roundings of numbers below 100
		if down, up := PredictedCrossing(p, false), PredictedCrossing(p, true); math.Abs(down-c.down) > tol || math.Abs(up-c.up) > tol {
			t.Errorf("τ_d = %v, T = %v: crossings %v, %v; want %v, %v", c.tauD, c.period, down, up, c.down, c.up)
		}
	}
}
