package manifest

import (
	"fmt"
	"strings"
)

// topKeys are the manifest's keys outside its tables, none of them part of
// a run's key but name (which names its results).
var topKeys = []struct{ key, example, doc string }{
	{"name", `"full_connectivity"`, "required; names results/runs/<name>"},
	{"title", `"…"`, "free text, not part of the cache key"},
	{"reference", `"other.toml"`, "a manifest this one is compared against (reports)"},
	{"description", `"…"`, "free text shown on its report page"},
}

// topKeyNames lists topKeys' names.
func topKeyNames() []string {
	names := make([]string, len(topKeys))
	for i, k := range topKeys {
		names[i] = k.key
	}
	return names
}

// Language returns the whole manifest language as a commented TOML
// document: the keys outside tables, every table's keys with default, unit
// and meaning (Reference), and a sweep. `ringwave help manifest` prints
// it; README shows it.
func Language() string {
	var b strings.Builder
	for _, k := range topKeys {
		fmt.Fprintf(&b, "%-28s # %s\n", k.key+" = "+k.example, k.doc)
	}
	b.WriteString(Reference())
	fmt.Fprintf(&b, "\n%-28s # %s\n%s\n", "[sweep]", "every combination is one run", `"dynamics.lambda" = [10.0, 20.0, 40.0]`)
	fmt.Fprintf(&b, "\n%-28s # %s\n", "[[law]]", "a prediction table, summary and compare test (any number of them)")
	fmt.Fprintf(&b, "%-28s # %s\n", `measure = "decay_rate"`, "a measurement (README's table of columns)")
	fmt.Fprintf(&b, "%-28s # %s\n", `predict = "dynamics.lambda / dynamics.tau_w"`, "an expression over the keys above, pi and e")
	fmt.Fprintf(&b, "%-28s # %s\n", "tolerance = 0.01", "optional, relative; not part of the cache key")
	return b.String()
}
