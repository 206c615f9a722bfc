package table

import (
	"slices"
	"strings"
	"testing"
)

// queried is a small table as Build makes them: a swept key, a number with
// a missing value, a label, a law's relative difference.
func queried() *Table {
	return &Table{
		Columns: []string{"name", "point", "status", "key", "dynamics.lambda", "decay_rate", "regime", "law.decay_rate.rel_diff"},
		Swept:   1,
		Cells: [][]any{
			{"s", "dynamics.lambda=10", "cached", "a", 10.0, 1.0, "closed_form", 0.001},
			{"s", "dynamics.lambda=20", "cached", "b", 20.0, nil, "none", nil},
			{"s", "dynamics.lambda=40", "cached", "c", 40.0, 4.2, "closed_form", 0.05},
			{"s", "dynamics.lambda=80", "missing", "d", 80.0, 8.0, nil, -0.002},
		},
	}
}

func keys(t *Table) string {
	var k []string
	for _, row := range t.Cells {
		k = append(k, row[3].(string))
	}
	return strings.Join(k, "")
}

func TestWhere(t *testing.T) {
	for expr, want := range map[string]string{
		`regime == "closed_form"`:                          "ac",
		`dynamics.lambda >= 20 && regime != "closed_form"`: "bd",
		`abs(law.decay_rate.rel_diff) < 0.01`:              "ad", // missing is NaN: never < 0.01
		`decay_rate > 0`:                                   "acd",
		`not (decay_rate > 0)`:                             "b",
		`regime in ["none", ""]`:                           "bd",
	} {
		tb := queried()
		if err := tb.Where(expr); err != nil {
			t.Errorf("%s: %v", expr, err)
			continue
		}
		if got := keys(tb); got != want {
			t.Errorf("%s: rows %q, want %q", expr, got, want)
		}
	}
	for expr, want := range map[string]string{
		"dynamics.lambdaa > 1":   `no column "dynamics.lambdaa" (did you mean dynamics.lambda?)`,
		"regime ==":              "unexpected token",
		`decay_rate == "closed"`: "mismatched types",
	} {
		if err := queried().Where(expr); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", expr, err, want)
		}
	}
}

func TestSortBy(t *testing.T) {
	for keysArg, want := range map[string]string{
		"-decay_rate":              "dcab", // missing last, descending too
		"decay_rate":               "acdb",
		"regime,-key":              "cabd", // the tie broken by the second key; missing regime last
		"-law.decay_rate.rel_diff": "cadb",
	} {
		tb := queried()
		if err := tb.SortBy(strings.Split(keysArg, ",")); err != nil {
			t.Fatal(err)
		}
		if got := keys(tb); got != want {
			t.Errorf("-sort %s: %q, want %q", keysArg, got, want)
		}
	}
	if err := queried().SortBy([]string{"-decay_rat"}); err == nil || !strings.Contains(err.Error(), "did you mean decay_rate") {
		t.Errorf("unknown column: %v", err)
	}
}

func TestSelectAndWidth(t *testing.T) {
	tb := queried()
	if err := tb.Select([]string{"key", "law.*", "dynamics.*"}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range tb.Shown {
		got = append(got, tb.Columns[c])
	}
	if want := []string{"key", "law.decay_rate.rel_diff", "dynamics.lambda"}; !slices.Equal(got, want) {
		t.Errorf("selected %v, want %v", got, want)
	}
	if err := queried().Select([]string{"nothing*"}); err == nil {
		t.Error("a pattern that matches nothing is no error")
	}
	// Without a selection, text keeps to the width and names what it left out.
	var b strings.Builder
	left, err := queried().WriteText(&b, 40)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if n := len([]rune(line)); n > 40 {
			t.Errorf("a line of %d characters at width 40: %q", n, line)
		}
	}
	if len(left) == 0 {
		t.Error("nothing left out at width 40")
	}
	if !strings.Contains(b.String(), "+0.1 %") && !slices.Contains(left, "law.decay_rate.rel_diff") {
		t.Errorf("the law's relative difference is neither shown as a signed percentage nor left out:\n%s", b.String())
	}
}
