package pipeline

import (
	"fmt"
	"math"
	"reflect"

	"ringwave/sim"
)

// Settings are the parameters of one run as a manifest spells them. Their
// TOML keys are the manifest keys; zero values are replaced by defaults
// before decoding, so an absent key keeps the notebook's value.
type Settings struct {
	Model    string   `toml:"model" json:"model"`
	Seed     int64    `toml:"seed" json:"seed"`
	Network  Network  `toml:"network" json:"network"`
	Dynamics Dynamics `toml:"dynamics" json:"dynamics"`
	Input    Input    `toml:"input" json:"input"`
	Phi      Phi      `toml:"phi" json:"phi"`
	Init     Init     `toml:"init" json:"init"`
	Record   Record   `toml:"record" json:"record"`
}

type Network struct {
	Neurons int     `toml:"neurons" json:"neurons"`
	Dt      float64 `toml:"dt" json:"dt"`           // seconds
	Period  float64 `toml:"period" json:"period"`   // seconds; 0: neurons·dt
	Periods float64 `toml:"periods" json:"periods"` // duration, in periods
}

type Dynamics struct {
	TauX   float64 `toml:"tau_x" json:"tau_x"` // seconds
	TauD   float64 `toml:"tau_d" json:"tau_d"` // seconds
	TauW   float64 `toml:"tau_w" json:"tau_w"` // seconds
	Lambda float64 `toml:"lambda" json:"lambda"`
}

type Input struct {
	Amplitude float64 `toml:"amplitude" json:"amplitude"`
	Stimulate bool    `toml:"stimulate" json:"stimulate"`
}

type Phi struct {
	Gain float64 `toml:"gain" json:"gain"`
}

type Init struct {
	Weights   string  `toml:"weights" json:"weights"` // "randn", "zeros" or a path to an .npy
	Scale     float64 `toml:"scale" json:"scale"`     // of randn
	Travel    float64 `toml:"travel" json:"travel"`
	Stimulate bool    `toml:"stimulate" json:"stimulate"`
	Steps     int     `toml:"steps" json:"steps"` // 0: the notebook's rule
}

type Record struct {
	ActivityEvery int `toml:"activity_every" json:"activity_every"` // steps
	WeightsEvery  int `toml:"weights_every" json:"weights_every"`   // steps; 0: final weights only
}

// DefaultSettings returns the notebook's constants.
func DefaultSettings() Settings {
	p := sim.Default(sim.Full)
	return Settings{
		Model:    string(sim.Full),
		Seed:     1,
		Network:  Network{Neurons: p.Neurons, Dt: p.Dt, Period: 0, Periods: p.Periods},
		Dynamics: Dynamics{TauX: p.TauX, TauD: p.TauD, TauW: p.TauW, Lambda: p.Lambda},
		Input:    Input{Amplitude: p.Amplitude, Stimulate: p.Stimulate},
		Phi:      Phi{Gain: p.Gain},
		Init: Init{Weights: "randn", Scale: 0.05, Travel: p.InitTravel,
			Stimulate: p.InitStimulate, Steps: p.InitSteps},
		Record: Record{ActivityEvery: 1, WeightsEvery: 0},
	}
}

// units gives the unit of every dimensional key, for run.json and docs.
var units = map[string]string{
	"network.dt": "s", "network.period": "s", "network.periods": "periods",
	"dynamics.tau_x": "s", "dynamics.tau_d": "s", "dynamics.tau_w": "s",
	"init.steps": "steps", "record.activity_every": "steps", "record.weights_every": "steps",
}

// params returns the simulation parameters of resolved settings (the period
// filled in).
func (s Settings) params() sim.Params {
	return sim.Params{
		Model: sim.Model(s.Model), Neurons: s.Network.Neurons, Dt: s.Network.Dt,
		Period: s.Network.Period, Periods: s.Network.Periods,
		TauX: s.Dynamics.TauX, TauD: s.Dynamics.TauD, TauW: s.Dynamics.TauW, Lambda: s.Dynamics.Lambda,
		Amplitude: s.Input.Amplitude, Stimulate: s.Input.Stimulate, Gain: s.Phi.Gain,
		InitTravel: s.Init.Travel, InitSteps: s.Init.Steps, InitStimulate: s.Init.Stimulate,
	}
}

// settingKeys lists every dotted key of Settings in declaration order.
func settingKeys() []string {
	var keys []string
	walkSettings(reflect.ValueOf(&Settings{}).Elem(), "", func(key string, _ reflect.Value) {
		keys = append(keys, key)
	})
	return keys
}

func walkSettings(v reflect.Value, prefix string, visit func(key string, field reflect.Value)) {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		key := prefix + f.Tag.Get("toml")
		if f.Type.Kind() == reflect.Struct {
			walkSettings(v.Field(i), key+".", visit)
			continue
		}
		visit(key, v.Field(i))
	}
}

// set assigns a TOML value to the setting named by a dotted key.
func (s *Settings) set(key string, value any) error {
	var field reflect.Value
	walkSettings(reflect.ValueOf(s).Elem(), "", func(k string, f reflect.Value) {
		if k == key {
			field = f
		}
	})
	if !field.IsValid() {
		return fmt.Errorf("unknown key %s%s", key, suggest(key, settingKeys()))
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
