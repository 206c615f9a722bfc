package analysis

import (
	"math"
	"strconv"
	"strings"
)

// Kind is what a measurement's value is, as Measure.Value returns it.
type Kind int

const (
	Number  Kind = iota // float64; NaN when missing
	Count               // int: an offset, a number of periods
	Numbers             // []float64: a list (zero crossings)
	Flag                // bool; nil when unknown
	Label               // string: a verdict or a note
)

// Dimensionless is the unit of a number without dimension: a ratio, a
// weight, an R². Every Number, Count and Numbers has a unit, "1" when it
// is dimensionless; only a Flag or a Label, which is not a quantity, has
// the unit "" (TestRegistry holds every entry to this).
const Dimensionless = "1"

// View is a set of the places where a measurement is shown besides csv
// and json, which have every one.
type View uint8

const (
	InText   View = 1 << iota // `ringwave table`'s text format
	InIndex                   // the row of a run in index.html
	InPoints                  // the sweep summary's table of points
	OnPage                    // the run page's table of numbers
	// InTextIfAny: the text format shows it when some row has a value
	// (measurements of some runs only, such as a replay's).
	InTextIfAny
)

// A TheoryColumn is a theory measurements are compared with, as a run
// page's table heads it, with what it assumes ("" for a prediction).
type TheoryColumn struct{ Column, Assumes string }

// Theories are the theory columns, in the order pages show them.
var Theories = []TheoryColumn{
	{ColSteady, "settled weights"},
	{ColWave, "r(x, t) = R(t + θ_x), settled"},
	{ColClosed, "a saturated drive, settled"},
	{ColDiscrete, "a saturated drive, settled"},
	{ColPredicted, ""},
}

const (
	ColSteady    = "rule's steady state"
	ColWave      = "travelling wave (neuron 0)"
	ColClosed    = "closed form, continuous time"
	ColDiscrete  = "closed form, discrete (exact)"
	ColPredicted = "predicted"
)

// A Measure is one measurement of a run: the one place that says what it
// is called, what it means, how it is read from Measurements, how it is
// shown and what it is compared with. `ringwave table`, the run pages'
// tables, the sweep summaries' tables and charts, the index and README's
// table of columns are all made from Registry.
type Measure struct {
	Name    string // the column, snake_case; Measurements' JSON name
	Unit    string // "1": dimensionless; "": not a quantity (Flag, Label)
	Label   string // a few words, for headings
	Meaning string // one line
	Kind    Kind
	Get     func(m *Measurements) any // nil, float64, int, []float64, bool or string (see Kind)
	// Digits: significant digits shown (decimals for Numbers); Percent: a
	// ratio shown as a percentage.
	Digits  int
	Percent bool
	// Theory names the measures this one is compared with; a measure that
	// is a theory names its run-page column (Col…).
	Theory []string
	Column string
	// Tolerance: the comparison holds at or below it (0: not a comparison).
	Tolerance float64
	// Settled: a property of settled weights; for a run that has not
	// settled it is a snapshot (charts ring it; a comparison with a
	// tolerance is "not settled").
	Settled bool
	// Note explains a missing value, when one can be missing.
	Note func(m *Measurements) string
	// Good says whether a value is a good outcome (pages colour it); nil
	// for a measurement that is no verdict.
	Good  func(v any) bool
	Views View
	// Chart is the title of the sweep summary's chart that draws it
	// ("": none), against every swept key or only Against.
	Chart, Against string
}

// Value returns the measurement of m: nil when m is nil or the value is
// missing (NaN, an unknown flag).
func (e Measure) Value(m *Measurements) any {
	if m == nil {
		return nil
	}
	v := e.Get(m)
	if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return nil
	}
	if b, ok := v.(*bool); ok {
		if b == nil {
			return nil
		}
		return *b
	}
	return v
}

// Float returns the measurement as a number for charts: NaN when missing
// or not a number.
func (e Measure) Float(m *Measurements) float64 {
	switch v := e.Value(m).(type) {
	case float64:
		return v
	case int:
		return float64(v)
	}
	return math.NaN()
}

// Format writes a value of this measure (from Value) as every view shows
// it: Digits significant digits (a whole number below a million without
// exponent), a percentage when Percent, a list's numbers to Digits
// decimals joined by ", ". A missing value is "".
func (e Measure) Format(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		if e.Percent {
			return Percent(v)
		}
		return FormatNumber(v, e.Digits)
	case []float64:
		s := make([]string, len(v))
		for i, x := range v {
			s[i] = strconv.FormatFloat(x, 'f', e.Digits, 64)
		}
		return strings.Join(s, ", ")
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return v
	}
	return ""
}

// FormatNumber writes v with digits significant digits, a whole number
// below a million without exponent.
func FormatNumber(v float64, digits int) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e6 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', digits, 64)
}

// Percent writes a ratio as a percentage to 3 significant digits, the way
// every page and README state tolerances.
func Percent(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(100*v, 'g', 3, 64) + " %"
}

// Lookup returns the measure of a name.
func Lookup(name string) (Measure, bool) {
	for _, e := range Registry {
		if e.Name == name {
			return e, true
		}
	}
	return Measure{}, false
}

// In returns the measures shown in view, in column order.
func In(view View) []Measure {
	var out []Measure
	for _, e := range Registry {
		if e.Views&view != 0 {
			out = append(out, e)
		}
	}
	return out
}

// TheoriesOf returns the measures e is compared with.
func (e Measure) TheoriesOf() []Measure {
	var out []Measure
	for _, name := range e.Theory {
		t, ok := Lookup(name)
		if !ok {
			panic("analysis: " + e.Name + " is compared with the unregistered " + name)
		}
		out = append(out, t)
	}
	return out
}

// FitCriterion states when a fitted decay is a decay rate, from the one
// pair of constants Decay.Good uses; pages, notes and README say it so.
func FitCriterion() string {
	return "R² ≥ " + strconv.FormatFloat(FitR2Min, 'f', -1, 64) + " and a typical error under " + Percent(FitTypicalErrorMax)
}
