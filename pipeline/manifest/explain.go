package manifest

import (
	"fmt"
	"math"
	"strconv"
)

// Some of sim's errors are about a quantity derived from several keys (the
// delay in steps, the length of the run, the initial phase), and name a
// key the user may never have written: tau_d = 15 (meant in ms) made the
// initial phase longer than the run, and the error blamed init.steps.
// explain puts such an error on the keys the user did set, the likeliest
// culprit first (its line is the error's), shows every key that enters the
// quantity with its value and where it came from, and suggests the unit
// slip when a time is a thousand times its default.

// culprits lists, for a sim.Params field whose error may come from other
// keys, the keys that enter it, the likeliest culprit first.
var culprits = map[string][]string{
	"InitSteps":  {"dynamics.tau_d", "network.dt", "network.periods", "network.period", "init.travel", "network.neurons"},
	"InitTravel": {"dynamics.tau_d", "network.dt", "network.neurons", "init.travel"},
	"TauD":       {"network.dt", "dynamics.tau_d"},
	"Periods":    {"network.dt", "network.period", "network.neurons", "network.periods"},
}

// explain returns the key to blame for sim's error about field (message
// msg) and the message to give, given the resolved settings s and whether
// the user set each key (in the file or the sweep).
func (m *Manifest) explain(s Settings, set func(string) bool, field, msg string) (string, string) {
	key := keyOfField()[field]
	if set(key) || culprits[field] == nil {
		return key, msg
	}
	p := s.params()
	d := math.RoundToEven(p.TauD / p.Dt)
	steps := p.Steps()
	if field == "InitTravel" && d >= float64(steps) {
		field = "InitSteps" // the delay alone outlasts the run
	}
	var blamed string
	for _, k := range culprits[field] {
		if set(k) {
			blamed = k
			break
		}
	}
	if blamed == "" {
		return key, msg
	}
	var what string
	from := m.values(s, set, culprits[field]...)
	switch field {
	case "InitSteps":
		rule := "as long as the delay (init.travel = 0)"
		if p.InitTravel != 0 {
			per := math.Abs(math.RoundToEven(float64(p.Neurons) / p.InitTravel))
			rule = fmt.Sprintf("the first multiple of round(neurons/init.travel) = %g steps beyond the delay", per)
		}
		phase := fmt.Sprintf("%d steps, %s", p.InitPhaseSteps(), rule)
		switch {
		case d >= float64(steps) && (blamed == "dynamics.tau_d" || blamed == "network.dt"):
			what = fmt.Sprintf("makes the delay %g steps (τ_d/dt), no shorter than the whole run, %d steps (periods·period/dt)", d, steps)
		case blamed == "dynamics.tau_d" || blamed == "network.dt":
			what = fmt.Sprintf("makes the delay %g steps (τ_d/dt), and the initial phase (%s) is not shorter than the run, %d steps (periods·period/dt)", d, phase, steps)
		case blamed == "network.periods" || blamed == "network.period":
			what = fmt.Sprintf("makes the run %d steps (periods·period/dt), not longer than its initial phase (%s; the delay is %g steps)", steps, phase, d)
		default:
			what = fmt.Sprintf("makes the initial phase %s, not shorter than the run, %d steps (periods·period/dt)", phase, steps)
		}
	case "TauD":
		what = fmt.Sprintf("makes the delay round(τ_d/dt) = %g steps; it must be at least 1", d)
	default:
		what = fmt.Sprintf("leads to: %s %s", key, msg)
	}
	hint := slip(s, blamed)
	if hint == "" {
		hint = "."
	}
	return blamed, fmt.Sprintf("= %s %s%s These come from %s", valueWithUnit(s, blamed), what, hint, from)
}

// values describes keys as "key = value unit (line N)", "(default)", or
// "(swept)".
func (m *Manifest) values(s Settings, set func(string) bool, keys ...string) string {
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += ", "
		}
		where := "default"
		switch {
		case m.given[k] && m.lines[k] > 0:
			where = "line " + strconv.Itoa(m.lines[k])
		case set(k) && m.lines["sweep."+k] > 0:
			where = "swept, line " + strconv.Itoa(m.lines["sweep."+k])
		case set(k):
			where = "swept"
		case k == "network.period":
			where = "default: neurons·dt"
		}
		out += fmt.Sprintf("%s = %s (%s)", k, valueWithUnit(s, k), where)
	}
	return out
}

// valueWithUnit formats a setting's value with its unit.
func valueWithUnit(s Settings, key string) string {
	v := formatValue(s.get(key))
	for _, p := range Params() {
		if p.Key == key && p.Unit != "" && p.Unit != "steps" && p.Unit != "periods" {
			v += " " + p.Unit
		}
	}
	return v
}

// slip suggests the value in milliseconds for a time in seconds that is
// about a thousand times its default (15 for 15e-3).
func slip(s Settings, key string) string {
	v, ok := s.get(key).(float64)
	var unit string
	var def float64
	for _, p := range Params() {
		if p.Key == key {
			unit = p.Unit
			def, _ = p.Default.(float64)
		}
	}
	if !ok || unit != "s" || !(def > 0) || !(v > 0) {
		return ""
	}
	if r := v * 1e-3 / def; r < 1.0/30 || r > 30 {
		return ""
	}
	return fmt.Sprintf("; did you mean %se-3 (%s ms)?", formatValue(v), formatValue(v))
}
