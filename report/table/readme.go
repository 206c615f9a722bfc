package table

import (
	"strings"
)

//go:generate go test -run TestReadmeColumnsAreTheRegistry -update-readme

// Markdown returns README's table of the columns, in their order: the run,
// its swept keys and parameters, then every measurement of
// analysis.Registry with its unit and meaning. README holds a copy that a
// test keeps equal (go generate ./report/table rewrites it).
func Markdown() string {
	var b strings.Builder
	b.WriteString("| column | unit | meaning |\n|---|---|---|\n")
	row := func(cols, unit, meaning string) {
		b.WriteString("| " + cols + " | " + unit + " | " + strings.ReplaceAll(meaning, "|", `\|`) + " |\n")
	}
	row("`name`, `point`, `status`, `key`", "",
		"the manifest's name, the sweep point (`dynamics.lambda=10`), `cached`/`missing`/`corrupt`/`unreadable`, or `upstream-missing` (missing, and so is the run it starts from), the cache key")
	row("each swept key", "", "by its dotted name, e.g. `dynamics.lambda`; for a chained run, its upstream's swept keys come first, with the upstream point's values")
	row(codeList(Params), "as in the manifest", "the main parameters not swept (`ringwave help manifest` gives their units: seconds, steps)")
	for _, m := range Measures() {
		unit := m.Unit
		if unit != "" {
			unit = "`" + unit + "`"
		}
		row("`"+m.Name+"`", unit, m.Meaning)
	}
	row("`law.<measure>`", "the measure's", "for each `[[law]]` of the manifests (after every measurement): the law's prediction at the run's parameters")
	row("`law.<measure>.rel_diff`", "`1`", "measured/predicted − 1; the law holds where its absolute value is at most the law's tolerance")
	return b.String()
}

func codeList(names []string) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = "`" + n + "`"
	}
	return strings.Join(s, ", ")
}
