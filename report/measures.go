package report

import (
	"html/template"

	"ringwave/report/analysis"
)

// The pages show measurements only through analysis.Registry: a heading
// is an entry's label and unit, a cell its value as the entry formats it.

// heading is a measure's column heading: its label and, for a dimensional
// number, its unit.
func heading(e analysis.Measure) string {
	if e.Unit == "" || e.Unit == analysis.Dimensionless {
		return e.Label
	}
	return e.Label + " (" + e.Unit + ")"
}

// measureCell shows measure e of m: its value as the registry formats it,
// coloured when it is a verdict; for a comparison with a steady state of a
// run that has not settled, "not settled" (with the value when full);
// "n/a" for a missing value, with its note when full; "" when m is nil.
func measureCell(e analysis.Measure, m *analysis.Measurements, full bool) template.HTML {
	if m == nil {
		return ""
	}
	v := e.Value(m)
	s := e.Format(v)
	if e.Settled && e.Tolerance > 0 && m.Settled != nil && !*m.Settled {
		if full && s != "" {
			return htmlf("%s (not settled)", s)
		}
		return "not settled"
	}
	if s == "" {
		if why := noteOf(e, m); full && why != "" {
			return htmlf("n/a: %s", why)
		}
		return "n/a"
	}
	if e.Good != nil {
		class := "regime-off"
		if e.Good(v) {
			class = "regime"
		}
		return htmlf(`<span class="%s">%s</span>`, class, s)
	}
	return template.HTML(template.HTMLEscapeString(s))
}

func noteOf(e analysis.Measure, m *analysis.Measurements) string {
	if e.Note == nil {
		return ""
	}
	return e.Note(m)
}

// missing reports whether measure e of m has no value and nothing to say
// why.
func missing(e analysis.Measure, m *analysis.Measurements) bool {
	return m == nil || e.Value(m) == nil && noteOf(e, m) == ""
}

// numbersTable is a run page's table of numbers: every measurement the
// registry puts on pages, the run's value, each theory it is compared with
// in that theory's column, and the reference full run's value when there
// is one (ref); then the cache keys.
func numbersTable(model string, m *analysis.Measurements, key string, ref *analysis.Measurements, refKey string) *table {
	rows := []analysis.Measure{}
	for _, e := range analysis.In(analysis.OnPage) {
		if e.Column == "" {
			rows = append(rows, e)
		}
	}
	used := map[string]bool{}
	for _, e := range rows {
		for _, th := range e.TheoriesOf() {
			if !missing(th, m) {
				used[th.Column] = true
			}
		}
	}
	head := []string{"quantity", model + " model"}
	var cols []string
	for _, th := range analysis.Theories {
		if used[th.Column] {
			cols = append(cols, th.Column)
			h := th.Column
			if th.Assumes != "" {
				h += " (assumes " + th.Assumes + ")"
			}
			head = append(head, h)
		}
	}
	if ref != nil {
		head = append(head, "full model")
	}
	head = append(head, "meaning")
	t := &table{Head: head}
	for _, e := range rows {
		theory := map[string]template.HTML{}
		empty := missing(e, m) && (ref == nil || missing(e, ref))
		for _, th := range e.TheoriesOf() {
			if !missing(th, m) {
				theory[th.Column] = measureCell(th, m, true)
				empty = false
			}
		}
		if empty {
			continue // does not apply to this kind of run
		}
		row := []template.HTML{template.HTML(template.HTMLEscapeString(heading(e))), measureCell(e, m, true)}
		for _, c := range cols {
			row = append(row, theory[c])
		}
		if ref != nil {
			row = append(row, measureCell(e, ref, false))
		}
		row = append(row, template.HTML(template.HTMLEscapeString(e.Meaning)))
		t.Rows = append(t.Rows, row)
	}
	keys := []template.HTML{"cache key", keyCell(key)}
	for range cols {
		keys = append(keys, "")
	}
	if ref != nil {
		keys = append(keys, keyCell(refKey))
	}
	t.Rows = append(t.Rows, append(keys, ""))
	return t
}
