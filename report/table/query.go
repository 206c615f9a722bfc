package table

import (
	"fmt"
	"math"
	"path"
	"ringwave/pipeline/manifest"
	"slices"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
)

// Select shows only the columns that match patterns, in the patterns'
// order; a pattern is a column's name or a glob (law.*, *_rel_diff). A
// pattern that matches nothing is an error naming the columns.
func (t *Table) Select(patterns []string) error {
	t.Shown = nil
	for _, p := range patterns {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("bad pattern %q: %v", p, err)
		}
		found := false
		for i, c := range t.Columns {
			if ok, _ := path.Match(p, c); ok || p == c {
				found = true
				if !slices.Contains(t.Shown, i) {
					t.Shown = append(t.Shown, i)
				}
			}
		}
		if !found {
			return fmt.Errorf("no column matches %q%s", p, t.nearest(p))
		}
	}
	return nil
}

// nearest names the column closest to name, or lists them all.
func (t *Table) nearest(name string) string {
	if s := manifest.Suggest(name, t.Columns); s != "" {
		return s
	}
	return " (the columns are: " + strings.Join(t.Columns, ", ") + ")"
}

// SortBy orders the rows by several keys, the first deciding: "col"
// ascending, "-col" descending; numbers by value, missing values last
// either way, ties keep their order.
func (t *Table) SortBy(keys []string) error {
	type key struct {
		col  int
		desc bool
	}
	var ks []key
	for _, k := range keys {
		k = strings.TrimSpace(k)
		desc := strings.HasPrefix(k, "-")
		name := strings.TrimPrefix(k, "-")
		i := slices.Index(t.Columns, name)
		if i < 0 {
			return fmt.Errorf("no column %q%s", name, t.nearest(name))
		}
		ks = append(ks, key{i, desc})
	}
	slices.SortStableFunc(t.Cells, func(a, b []any) int {
		for _, k := range ks {
			c := compare(a[k.col], b[k.col])
			if k.desc && a[k.col] != nil && b[k.col] != nil {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	return nil
}

// Sort orders the rows by one column, ascending (see SortBy).
func (t *Table) Sort(column string) error { return t.SortBy([]string{column}) }

// Where keeps the rows for which src, an expression of
// github.com/expr-lang/expr over the columns (the language of [[law]]),
// is true: regime == "closed_form", dynamics.lambda >= 20 and
// abs(law.decay_rate.rel_diff) < 0.01. A missing number is NaN (every
// comparison with it is false), a missing label "" and a missing flag
// false. An unknown column is an error.
func (t *Table) Where(src string) error {
	rewritten, used, err := t.columnsAsVariables(src)
	if err != nil {
		return err
	}
	env := map[string]any{}
	for _, c := range used {
		env[variable(c)] = t.zero(c)
	}
	program, err := expr.Compile(rewritten, expr.Env(env), expr.AsBool())
	if err != nil {
		return fmt.Errorf("%s", strings.ReplaceAll(strings.ReplaceAll(err.Error(), rewritten, src), "\n", "\n    "))
	}
	var kept [][]any
	for _, row := range t.Cells {
		for _, c := range used {
			env[variable(c)] = t.value(c, row[c])
		}
		out, err := expr.Run(program, env)
		if err != nil {
			return fmt.Errorf("row %v: %v", row[0], err)
		}
		if out.(bool) {
			kept = append(kept, row)
		}
	}
	t.Cells = kept
	return nil
}

func variable(col int) string { return "col" + strconv.Itoa(col) + "_" }

// columnsAsVariables replaces the column names in src, outside string
// literals, by variables (a dotted name such as law.decay_rate.rel_diff
// is one column, not a member of law.decay_rate).
func (t *Table) columnsAsVariables(src string) (string, []int, error) {
	var b strings.Builder
	var used []int
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '"' || c == '\'' || c == '`':
			j := i + 1
			for j < len(src) && src[j] != c {
				if src[j] == '\\' && c != '`' {
					j++
				}
				j++
			}
			j = min(j+1, len(src))
			b.WriteString(src[i:j])
			i = j
		case isIdentStart(c):
			j := i
			for j < len(src) && (isIdentStart(src[j]) || src[j] >= '0' && src[j] <= '9' || src[j] == '.' && j+1 < len(src) && isIdentStart(src[j+1])) {
				j++
			}
			name := src[i:j]
			if col := slices.Index(t.Columns, name); col >= 0 {
				b.WriteString(variable(col))
				if !slices.Contains(used, col) {
					used = append(used, col)
				}
			} else if strings.Contains(name, ".") {
				return "", nil, fmt.Errorf("no column %q%s", name, t.nearest(name))
			} else {
				b.WriteString(name)
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), used, nil
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// kindOf is the type of a column's values: of its first value that is
// not missing, a number when none is.
func (t *Table) kindOf(col int) any {
	for _, row := range t.Cells {
		switch v := row[col].(type) {
		case nil:
			continue
		case int, int64, float64:
			return 0.0
		case []float64:
			return []float64{}
		case bool:
			return false
		default:
			_ = v
			return ""
		}
	}
	return 0.0
}

func (t *Table) zero(col int) any { return t.kindOf(col) }

// value is a cell as the expression sees it: every number a float64.
func (t *Table) value(col int, v any) any {
	switch v := v.(type) {
	case nil:
		switch t.kindOf(col).(type) {
		case float64:
			return math.NaN()
		case []float64:
			return []float64{}
		case bool:
			return false
		}
		return ""
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case float64, []float64, bool:
		return v
	}
	return fmt.Sprint(v)
}
