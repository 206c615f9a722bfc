package table

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"ringwave/report/analysis"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WriteCSV writes every column, numbers at full precision, a missing value
// as an empty cell, a list (zero_crossings) as its numbers joined by ";".
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cols := t.columns()
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = t.Columns[c]
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range t.Cells {
		rec := make([]string, len(cols))
		for i, c := range cols {
			rec[i] = format(row[c], -1, ";")
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes an array of objects, one per row, keyed by column, in
// column order; a missing value is null and a list an array.
func (t *Table) WriteJSON(w io.Writer) error {
	var b strings.Builder
	b.WriteString("[")
	for r, row := range t.Cells {
		if r > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for i, c := range t.columns() {
			if i > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(t.Columns[c])
			b.Write(k)
			b.WriteString(": ")
			b.WriteString(jsonValue(row[c]))
		}
		b.WriteString("}")
	}
	b.WriteString("\n]\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func jsonValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "null"
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []float64:
		s := make([]string, len(v))
		for i, x := range v {
			s[i] = jsonValue(x)
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// columns are the columns csv and json write: the selected ones, or all.
func (t *Table) columns() []int {
	if t.Shown != nil {
		return t.Shown
	}
	cols := make([]int, len(t.Columns))
	for i := range cols {
		cols[i] = i
	}
	return cols
}

// TextWidth is the width the text format fits by default: a terminal's
// 100 columns, the narrowest most users keep.
const TextWidth = 100

// WriteText writes the selected columns (Select), or else the run (its
// point only when no swept key says it, its status unless every run is
// cached), its swept keys, the laws' relative differences, TextColumns
// (verdicts first, then numbers), aligned, each measurement as its registry entry
// formats it (the swept keys' numbers to 4 significant digits), and "-"
// for a missing value. Without a selection it keeps to width characters
// (0: no limit) by leaving out the last columns, and returns their names.
func (t *Table) WriteText(w io.Writer, width int) (left []string, err error) {
	formats := map[int]func(any) string{}
	for _, m := range analysis.Registry {
		if c := slices.Index(t.Columns, m.Name); c >= 0 {
			formats[c] = m.Format
		}
	}
	cols := t.Shown
	if cols == nil {
		cols = []int{0}
		if t.Swept == 0 {
			cols = append(cols, 1)
		}
		if slices.ContainsFunc(t.Cells, func(row []any) bool { return row[2] != "cached" }) {
			cols = append(cols, 2) // status, when it says something
		}
		for i := 4; i < 4+t.Swept; i++ {
			cols = append(cols, i)
		}
		// The laws the user declared come first of the measurements, by
		// how far each measurement is from its prediction.
		for c, name := range t.Columns {
			if strings.HasPrefix(name, "law.") && strings.HasSuffix(name, ".rel_diff") {
				cols = append(cols, c)
			}
		}
		// Then the verdicts (regime, settled: a word each, what a reader
		// looks for first), then the numbers, so that a narrow terminal
		// drops numbers before verdicts.
		text := TextColumns()
		verdicts := slices.DeleteFunc(slices.Clone(text), func(m analysis.Measure) bool { return m.Kind != analysis.Label && m.Kind != analysis.Flag })
		numbers := slices.DeleteFunc(text, func(m analysis.Measure) bool { return m.Kind == analysis.Label || m.Kind == analysis.Flag })
		for _, m := range append(verdicts, numbers...) {
			if c := slices.Index(t.Columns, m.Name); c >= 0 {
				cols = append(cols, c)
			}
		}
		for _, m := range analysis.In(analysis.InTextIfAny) {
			c := slices.Index(t.Columns, m.Name)
			if c >= 0 && slices.ContainsFunc(t.Cells, func(row []any) bool { return row[c] != nil }) {
				cols = append(cols, c)
			}
		}
	}
	for c, name := range t.Columns {
		if strings.HasSuffix(name, ".rel_diff") && strings.HasPrefix(name, "law.") {
			formats[c] = func(v any) string {
				if f, ok := v.(float64); ok {
					return fmt.Sprintf("%+.3g %%", 100*f)
				}
				return ""
			}
		}
	}
	cols, left = t.fit(cols, formats, width)
	return left, t.writeGrid(w, cols, formats)
}

// fit keeps the columns, in their order of importance, that fit width
// characters (a column too wide for what is left is skipped, and a
// narrower one after it may still fit), and returns those it left out
// (none when width is 0 or a selection was made). The first two columns
// always stay.
func (t *Table) fit(cols []int, formats map[int]func(any) string, width int) ([]int, []string) {
	if width <= 0 || t.Shown != nil {
		return cols, nil
	}
	var kept []int
	var left []string
	total := 0
	for k, c := range cols {
		w := utf8.RuneCountInString(t.Columns[c])
		for _, row := range t.Cells {
			w = max(w, utf8.RuneCountInString(t.cell(row, c, formats)))
		}
		if k > 0 {
			w += 2 // the gap before it
		}
		if total+w > width && k > 1 {
			left = append(left, t.Columns[c])
			continue
		}
		kept = append(kept, c)
		total += w
	}
	return kept, left
}

func (t *Table) cell(row []any, c int, formats map[int]func(any) string) string {
	var s string
	if f, ok := formats[c]; ok {
		s = f(row[c])
	} else {
		s = format(row[c], 4, ",")
	}
	if s == "" {
		s = "-"
	}
	return s
}

func (t *Table) writeGrid(w io.Writer, cols []int, formats map[int]func(any) string) error {
	grid := [][]string{{}}
	for _, c := range cols {
		grid[0] = append(grid[0], t.Columns[c])
	}
	for _, row := range t.Cells {
		var line []string
		for _, c := range cols {
			line = append(line, t.cell(row, c, formats))
		}
		grid = append(grid, line)
	}
	width := make([]int, len(cols))
	for _, line := range grid {
		for i, s := range line {
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	var b strings.Builder
	for _, line := range grid {
		for i, s := range line {
			pad := width[i] - utf8.RuneCountInString(s)
			if _, isNum := number(parse(strings.TrimSuffix(s, " %"))); isNum && i > 0 {
				b.WriteString(strings.Repeat(" ", pad) + s) // numbers align right
			} else {
				b.WriteString(s)
				if i < len(line)-1 {
					b.WriteString(strings.Repeat(" ", pad))
				}
			}
			if i < len(line)-1 {
				b.WriteString("  ")
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// parse reads back a formatted number, to align it.
func parse(s string) any {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	return s
}

// format writes a cell: numbers with sig significant digits (-1: as many
// as needed to read it back exactly), lists joined by sep.
func format(v any, sig int, sep string) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', sig, 64)
	case []float64:
		s := make([]string, len(v))
		for i, x := range v {
			if sig > 0 {
				s[i] = strconv.FormatFloat(x, 'f', 1, 64) // offsets: tenths tell a shift of one
			} else {
				s[i] = strconv.FormatFloat(x, 'g', -1, 64)
			}
		}
		return strings.Join(s, sep)
	}
	return fmt.Sprint(v)
}
