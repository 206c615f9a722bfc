package manifest

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"ringwave/sim"
)

// Settings are the parameters of one run as a manifest spells them, and the
// one table of them: each field's tags give its manifest key (toml, also its
// name in run.json), its unit, what it means, and the sim.Params field it
// sets (sim; negate:"true" for a bool that sim spells the other way
// round). A field without a sim tag is the manifest's own (how the
// initial weights are made, what is recorded). Defaults are sim.Default's
// values, or the default tag where the manifest has its own. Everything
// else (the list of keys, units in run.json, `ringwave help manifest`, the
// mapping to sim.Params and back for errors) is derived from these tags.
type Settings struct {
	Model    string   `toml:"model" json:"model" sim:"Model" doc:"{models}"`
	Seed     int64    `toml:"seed" json:"seed" default:"1" doc:"seed of the randn initial weights"`
	Network  Network  `toml:"network" json:"network"`
	Dynamics Dynamics `toml:"dynamics" json:"dynamics"`
	Input    Input    `toml:"input" json:"input"`
	Phi      Phi      `toml:"phi" json:"phi"`
	Init     Init     `toml:"init" json:"init"`
	Record   Record   `toml:"record" json:"record"`
}

type Network struct {
	Neurons int     `toml:"neurons" json:"neurons" sim:"Neurons" doc:"N, neurons on the ring"`
	Dt      float64 `toml:"dt" json:"dt" sim:"Dt" unit:"s" doc:"integration step"`
	Period  float64 `toml:"period" json:"period" sim:"Period" unit:"s" default:"0" doc:"T, the input's period; 0: neurons·dt"`
	Periods float64 `toml:"periods" json:"periods" sim:"Periods" unit:"periods" doc:"duration of the run"`
}

type Dynamics struct {
	TauX   float64 `toml:"tau_x" json:"tau_x" sim:"TauX" unit:"s" doc:"time constant of the rates"`
	TauD   float64 `toml:"tau_d" json:"tau_d" sim:"TauD" unit:"s" doc:"synaptic delay"`
	TauW   float64 `toml:"tau_w" json:"tau_w" sim:"TauW" unit:"s" doc:"time constant of learning"`
	Lambda float64 `toml:"lambda" json:"lambda" sim:"Lambda" doc:"weight decay λ"`
	Learn  bool    `toml:"learn" json:"learn" sim:"Frozen" negate:"true" default:"true" doc:"false: the weights stay as they start (dw = 0), every model"`
}

type Input struct {
	Amplitude float64 `toml:"amplitude" json:"amplitude" sim:"Amplitude" doc:"A, amplitude of the travelling input"`
	Stimulate bool    `toml:"stimulate" json:"stimulate" sim:"Stimulate" doc:"false: no input after the initial phase"`
}

type Phi struct {
	Gain float64 `toml:"gain" json:"gain" sim:"Gain" doc:"g, gain of the sigmoid"`
}

type Init struct {
	Weights   string  `toml:"weights" json:"weights" default:"randn" doc:"\"randn\" | \"zeros\" | \"path/to/w0.npy\" (relative to the manifest)"`
	From      string  `toml:"from" json:"from,omitempty" default:"" doc:"\"other.toml\": start from that manifest's final weights (relative to this one)"`
	Scale     float64 `toml:"scale" json:"scale" default:"0.05" doc:"of randn"`
	Travel    float64 `toml:"travel" json:"travel" sim:"InitTravel" doc:"speed of the input in the initial phase"`
	Stimulate bool    `toml:"stimulate" json:"stimulate" sim:"InitStimulate" doc:"input on during the initial phase"`
	Steps     int     `toml:"steps" json:"steps" sim:"InitSteps" unit:"steps" doc:"length of the initial phase; 0: the notebook's rule"`
}

type Record struct {
	ActivityEvery   int `toml:"activity_every" json:"activity_every" default:"1" unit:"steps" doc:"stride of the recorded activity (with windows: inside them)"`
	ActivityWindow  int `toml:"activity_window" json:"activity_window,omitempty" default:"0" unit:"periods" doc:"K: record only the first and the last K periods (windows); 0: the whole run"`
	ActivityBetween int `toml:"activity_between" json:"activity_between,omitempty" default:"0" unit:"steps" doc:"stride of the activity between the windows; 0: none"`
	WeightsEvery    int `toml:"weights_every" json:"weights_every" default:"0" unit:"steps" doc:"stride of the weight snapshots (with windows: inside them); 0: final weights only"`
	WeightsWindow   int `toml:"weights_window" json:"weights_window,omitempty" default:"0" unit:"periods" doc:"K: snapshots of the first and the last K periods only; 0: the whole run"`
	WeightsBetween  int `toml:"weights_between" json:"weights_between,omitempty" default:"0" unit:"steps" doc:"stride of the snapshots between the windows; 0: none"`
}

// A Param is one row of the parameter table (see Settings).
type Param struct {
	Key     string // the manifest key, "dynamics.tau_d"
	Unit    string // "s", "steps", … ; "" for dimensionless
	Doc     string
	Field   string // the sim.Params field it sets; "" for the manifest's own
	Default any    // float64, int64, bool or string
}

// Params returns the parameter table, in the order of the manifest.
func Params() []Param { return paramTable() }

var paramTable = sync.OnceValue(func() []Param {
	var table []Param
	defaults := DefaultSettings()
	walkSettings(reflect.ValueOf(&defaults).Elem(), "", func(key string, f reflect.StructField, v reflect.Value) {
		// The models are sim's registered ones, never a list of our own.
		doc := strings.ReplaceAll(f.Tag.Get("doc"), "{models}", sim.ModelNames(" | "))
		table = append(table, Param{Key: key, Unit: f.Tag.Get("unit"), Doc: doc,
			Field: f.Tag.Get("sim"), Default: tomlValue(v)})
	})
	return table
})

// DefaultSettings returns the notebook's constants: sim.Default's, and the
// manifest's own defaults.
func DefaultSettings() Settings {
	var s Settings
	p := reflect.ValueOf(sim.Default(sim.Full))
	walkSettings(reflect.ValueOf(&s).Elem(), "", func(key string, f reflect.StructField, v reflect.Value) {
		if def, ok := f.Tag.Lookup("default"); ok {
			if err := setString(v, def); err != nil {
				panic("manifest: bad default of " + key + ": " + err.Error())
			}
			return
		}
		v.Set(p.FieldByName(f.Tag.Get("sim")).Convert(v.Type()))
	})
	return s
}

// Units returns the unit of every dimensional key, for run.json.
func Units() map[string]string {
	units := map[string]string{}
	for _, p := range Params() {
		if p.Unit != "" {
			units[p.Key] = p.Unit
		}
	}
	return units
}

// keyOfField maps a sim.Params field to its manifest key.
var keyOfField = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, p := range Params() {
		if p.Field != "" {
			m[p.Field] = p.Key
		}
	}
	return m
})

// params returns the simulation parameters of resolved settings (the period
// filled in).
func (s Settings) params() sim.Params {
	var p sim.Params
	pv := reflect.ValueOf(&p).Elem()
	walkSettings(reflect.ValueOf(&s).Elem(), "", func(_ string, f reflect.StructField, v reflect.Value) {
		if name := f.Tag.Get("sim"); name != "" {
			dst := pv.FieldByName(name)
			if f.Tag.Get("negate") == "true" {
				// The manifest says what happens (learn), sim what is
				// switched off (Frozen), so that a learning run's
				// parameters, and key, are as they were.
				dst.SetBool(!v.Bool())
				return
			}
			dst.Set(v.Convert(dst.Type()))
		}
	})
	return p
}

// settingKeys lists every dotted key of Settings in declaration order.
func settingKeys() []string {
	var keys []string
	for _, p := range Params() {
		keys = append(keys, p.Key)
	}
	return keys
}

func walkSettings(v reflect.Value, prefix string, visit func(key string, f reflect.StructField, field reflect.Value)) {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		key := prefix + f.Tag.Get("toml")
		if f.Type.Kind() == reflect.Struct {
			walkSettings(v.Field(i), key+".", visit)
			continue
		}
		visit(key, f, v.Field(i))
	}
}

// set assigns a TOML value to the setting named by a dotted key.
func (s *Settings) set(key string, value any) error {
	var field reflect.Value
	walkSettings(reflect.ValueOf(s).Elem(), "", func(k string, _ reflect.StructField, f reflect.Value) {
		if k == key {
			field = f
		}
	})
	if !field.IsValid() {
		return fmt.Errorf("unknown key %s%s", key, Suggest(key, settingKeys()))
	}
	switch field.Kind() {
	case reflect.Float64:
		switch v := value.(type) {
		case float64:
			field.SetFloat(v)
			return nil
		case int64:
			field.SetFloat(float64(v))
			return nil
		}
	case reflect.Int, reflect.Int64:
		switch v := value.(type) {
		case int64:
			field.SetInt(v)
			return nil
		case float64:
			if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
				field.SetInt(int64(v))
				return nil
			}
		}
	case reflect.Bool:
		if v, ok := value.(bool); ok {
			field.SetBool(v)
			return nil
		}
	case reflect.String:
		if v, ok := value.(string); ok {
			field.SetString(v)
			return nil
		}
	}
	return fmt.Errorf("%s must be %s (got %s %v)", key, kindName(field.Kind()), tomlType(value), value)
}

// get returns the value of the setting named by a dotted key, as the TOML
// decoder gives it, or nil for an unknown key.
func (s *Settings) get(key string) any {
	var value any
	walkSettings(reflect.ValueOf(s).Elem(), "", func(k string, _ reflect.StructField, f reflect.Value) {
		if k == key {
			value = tomlValue(f)
		}
	})
	return value
}

// checkSweepValues checks that each value of a sweep's axis can be set and
// that no two set the same value: [1.0, 1.0], [0.0, -0.0], or [1, 1.0] for
// a number would run the same point twice under two names.
func checkSweepValues(base Settings, key string, values []any) error {
	var set []any // the values as the settings hold them
	for i, v := range values {
		if err := base.set(key, v); err != nil {
			return fmt.Errorf("value %d: %v", i+1, err)
		}
		got := base.get(key)
		for j, prev := range set {
			if prev == got { // == on float64: 0 == -0
				return fmt.Errorf("values %d and %d (%s and %s) are the same; each point of a sweep must differ",
					j+1, i+1, formatValue(values[j]), formatValue(v))
			}
		}
		set = append(set, got)
	}
	return nil
}

// setString sets a field from the text of a default tag.
func setString(v reflect.Value, s string) error {
	switch v.Kind() {
	case reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		v.SetFloat(f)
		return err
	case reflect.Int, reflect.Int64:
		i, err := strconv.ParseInt(s, 10, 64)
		v.SetInt(i)
		return err
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		v.SetBool(b)
		return err
	}
	v.SetString(s)
	return nil
}

// tomlValue returns a field's value as the TOML decoder gives it.
func tomlValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Float64:
		return v.Float()
	case reflect.Int, reflect.Int64:
		return v.Int()
	case reflect.Bool:
		return v.Bool()
	}
	return v.String()
}

func kindName(k reflect.Kind) string {
	switch k {
	case reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int64:
		return "an integer"
	case reflect.Bool:
		return "true or false"
	}
	return "a string"
}

func tomlType(v any) string {
	switch v.(type) {
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "table"
	}
	return fmt.Sprintf("%T", v)
}

// Reference returns the manifest language as a commented TOML document: every
// table and key with its default, unit and meaning. `ringwave help manifest`
// prints it; README shows it.
func Reference() string {
	var b strings.Builder
	table := ""
	for _, p := range Params() {
		t, k, ok := strings.Cut(p.Key, ".")
		if !ok {
			k, t = t, ""
		}
		if t != table {
			fmt.Fprintf(&b, "\n[%s]\n", t)
			table = t
		}
		value := formatValue(p.Default)
		if f, ok := p.Default.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1e15 {
			value += ".0" // a float, as a manifest would write it
		}
		doc := p.Doc
		if p.Unit != "" {
			doc = "(" + p.Unit + ") " + doc
		}
		fmt.Fprintf(&b, "%-28s # %s\n", k+" = "+value, doc)
	}
	return strings.TrimPrefix(b.String(), "\n")
}

// Value returns the setting named by a dotted key ("dynamics.lambda") as
// the TOML decoder gives it (float64, int64, bool or string), and false
// for an unknown key.
func (s Settings) Value(key string) (any, bool) {
	var out any
	found := false
	walkSettings(reflect.ValueOf(s), "", func(k string, _ reflect.StructField, v reflect.Value) {
		if k == key {
			out, found = tomlValue(v), true
		}
	})
	return out, found
}
