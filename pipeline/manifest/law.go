package manifest

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// A Law is a prediction a manifest declares for one measurement:
//
//	[[law]]
//	measure = "decay_rate"                        # a measurement of the registry
//	predict = "dynamics.lambda / dynamics.tau_w"  # over the run's parameters
//	tolerance = 0.01                              # optional, relative
//
// Predict is an expression of github.com/expr-lang/expr over every manifest
// key as it is written (dynamics.tau_w, network.neurons, model), the
// constants pi and e, and expr's functions (abs, round, floor, …). It is
// compiled, and so type-checked, when the manifest loads: an unknown key is
// an error there, not a missing number later. Laws change no simulation,
// so they are not part of any run's key.
type Law struct {
	Measure   string
	Predict   string
	Tolerance float64 // relative; 0: the law is drawn, never judged
	Line      int     // of its [[law]] header
	lines     map[string]int
	program   *vm.Program
}

// lawFile is one [[law]] as TOML decodes it.
type lawFile struct {
	Measure   string   `toml:"measure"`
	Predict   string   `toml:"predict"`
	Tolerance *float64 `toml:"tolerance"`
}

// Prediction evaluates the law at a run's settings: NaN when the
// expression has no finite value there (a division by zero).
func (l Law) Prediction(s Settings) float64 {
	out, err := expr.Run(l.program, lawEnv(s).Interface())
	if err != nil {
		return math.NaN()
	}
	v, ok := out.(float64)
	if !ok || math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

// PredictionAt evaluates the law at run r: its settings, with the values
// of its sweep point, which for a chained run include its upstream's (the
// values its table row shows under those keys).
func (l Law) PredictionAt(r *Run) float64 {
	s := r.Settings
	for _, a := range r.Point {
		_ = s.set(a.Key, a.Value) // a value Expand accepted
	}
	return l.Prediction(s)
}

// RelDiff is measured/predicted − 1, the relative difference the
// law.<measure>.rel_diff column shows (NaN when either is missing or the
// prediction is 0).
func RelDiff(measured, predicted float64) float64 {
	if predicted == 0 || math.IsNaN(predicted) || math.IsNaN(measured) {
		return math.NaN()
	}
	return (measured - predicted) / math.Abs(predicted)
}

// Holds says whether a relative difference is within the law's tolerance:
// "holds", "fails", or "" when there is no tolerance or no number.
func (l Law) Holds(rel float64) string {
	switch {
	case l.Tolerance == 0 || math.IsNaN(rel):
		return ""
	case math.Abs(rel) <= l.Tolerance:
		return "holds"
	}
	return "fails"
}

// LawColumns are the two columns a law adds to tables.
func LawColumns(measure string) (predicted, relDiff string) {
	return "law." + measure, "law." + measure + ".rel_diff"
}

// CheckLaws reports each law whose measure is not one known returns true
// for, with the line of its measure and the closest name.
func (m *Manifest) CheckLaws(known func(string) bool, names []string) error {
	var errs []error
	for _, l := range m.Laws {
		if !known(l.Measure) {
			errs = append(errs, &Error{File: m.Path, Line: l.lines["measure"], Key: "law.measure",
				Msg: fmt.Sprintf("%q is not a measurement%s (README's table of columns lists them)", l.Measure, Suggest(l.Measure, names))})
		}
	}
	return errors.Join(errs...)
}

// decodeLaws compiles the [[law]] tables of src.
func (m *Manifest) decodeLaws(src string, laws []lawFile) []error {
	headers, lines := lawLines(src)
	var errs []error
	for i, f := range laws {
		l := Law{Measure: f.Measure, Predict: f.Predict, lines: map[string]int{}}
		if i < len(headers) {
			l.Line, l.lines = headers[i], lines[i]
		}
		fail := func(key, format string, args ...any) {
			line := l.lines[key]
			if line == 0 {
				line = l.Line
			}
			errs = append(errs, &Error{File: m.Path, Line: line, Key: "law." + key, Msg: fmt.Sprintf(format, args...)})
		}
		if f.Measure == "" {
			fail("measure", "is required: the measurement the law predicts (e.g. measure = \"decay_rate\")")
		}
		if f.Tolerance != nil {
			if l.Tolerance = *f.Tolerance; !(l.Tolerance >= 0) || math.IsInf(l.Tolerance, 0) {
				fail("tolerance", "must be a relative tolerance ≥ 0 (got %v)", l.Tolerance)
			}
		}
		if strings.TrimSpace(f.Predict) == "" {
			fail("predict", "is required: an expression over the manifest's keys (e.g. predict = \"dynamics.lambda / dynamics.tau_w\")")
		} else {
			p, err := expr.Compile(f.Predict, expr.Env(lawEnv(DefaultSettings()).Interface()), expr.AsFloat64())
			if err != nil {
				fail("predict", "%s", lawCompileError(err, f.Predict))
			}
			l.program = p
		}
		m.Laws = append(m.Laws, l)
	}
	return errs
}

var noFieldRE = regexp.MustCompile(`type struct \{[^}]*\} has no field (\w+)`)

// lawCompileError words expr's error in manifest keys: "no manifest key
// dynamics.tau_ww (did you mean dynamics.tau_w?)" rather than a Go type.
func lawCompileError(err error, predict string) string {
	msg := err.Error()
	if sub := noFieldRE.FindStringSubmatch(msg); sub != nil {
		key := sub[1]
		if dotted := regexp.MustCompile(`[A-Za-z_][\w.]*\.` + regexp.QuoteMeta(sub[1]) + `\b`).FindString(predict); dotted != "" {
			key = dotted
		}
		msg = strings.Replace(msg, sub[0], "no manifest key "+key+Suggest(key, settingKeys()), 1)
	}
	return strings.ReplaceAll(msg, "\n", "\n    ")
}

// lawLines finds the line of each [[law]] header and of the keys under it.
func lawLines(src string) (headers []int, keys []map[string]int) {
	in := false
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "[[") && strings.Trim(line[2:strings.IndexByte(line+"]", ']')], " ") == "law":
			in = true
			headers = append(headers, i+1)
			keys = append(keys, map[string]int{})
		case strings.HasPrefix(line, "["):
			in = false
		case in:
			if k, _, ok := strings.Cut(line, "="); ok {
				keys[len(keys)-1][strings.Trim(strings.TrimSpace(k), `"'`)] = i + 1
			}
		}
	}
	return headers, keys
}

// lawEnvType is the type of a law's environment: a struct per table
// ([dynamics] → dynamics.tau_w), fields named by their manifest keys, so
// that expr rejects an unknown key when it compiles.
var lawEnvType = sync.OnceValue(func() reflect.Type {
	tables := map[string][]reflect.StructField{}
	var order []string
	var top []reflect.StructField
	for _, p := range Params() {
		table, key, ok := strings.Cut(p.Key, ".")
		f := reflect.StructField{Name: exported(key), Type: reflect.TypeOf(p.Default)}
		if !ok {
			f.Name = exported(p.Key)
			f.Tag = reflect.StructTag(`expr:"` + p.Key + `"`)
			top = append(top, f)
			continue
		}
		f.Tag = reflect.StructTag(`expr:"` + key + `"`)
		if _, seen := tables[table]; !seen {
			order = append(order, table)
		}
		tables[table] = append(tables[table], f)
	}
	for _, t := range order {
		top = append(top, reflect.StructField{Name: exported(t), Type: reflect.StructOf(tables[t]), Tag: reflect.StructTag(`expr:"` + t + `"`)})
	}
	top = append(top,
		reflect.StructField{Name: "Pi", Type: reflect.TypeOf(0.0), Tag: `expr:"pi"`},
		reflect.StructField{Name: "E", Type: reflect.TypeOf(0.0), Tag: `expr:"e"`})
	return reflect.StructOf(top)
})

// lawEnv is a law's environment at settings s.
func lawEnv(s Settings) reflect.Value {
	env := reflect.New(lawEnvType()).Elem()
	for _, p := range Params() {
		v, _ := s.Value(p.Key)
		f := env
		if table, key, ok := strings.Cut(p.Key, "."); ok {
			f = env.FieldByName(exported(table))
			f.FieldByName(exported(key)).Set(reflect.ValueOf(v))
			continue
		}
		f.FieldByName(exported(p.Key)).Set(reflect.ValueOf(v))
	}
	env.FieldByName("Pi").SetFloat(math.Pi)
	env.FieldByName("E").SetFloat(math.E)
	return env
}

// exported makes a manifest key a Go field name: tau_w → Tau_w.
func exported(key string) string {
	key = strings.ReplaceAll(key, ".", "_")
	return "F" + key
}
