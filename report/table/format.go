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
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	for _, row := range t.Cells {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = format(v, -1, ";")
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
		for i, v := range row {
			if i > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(t.Columns[i])
			b.Write(k)
			b.WriteString(": ")
			b.WriteString(jsonValue(v))
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

// WriteText writes the run, its swept keys and TextColumns, aligned, each
// measurement as its registry entry formats it (the swept keys' numbers to
// 4 significant digits), and "-" for a missing value.
func (t *Table) WriteText(w io.Writer) error {
	cols := []int{0, 1, 2}
	for i := 4; i < 4+t.Swept; i++ {
		cols = append(cols, i)
	}
	formats := map[int]func(any) string{}
	for _, m := range TextColumns() {
		c := slices.Index(t.Columns, m.Name)
		cols = append(cols, c)
		formats[c] = m.Format
	}
	for _, m := range analysis.In(analysis.InTextIfAny) {
		c := slices.Index(t.Columns, m.Name)
		if c >= 0 && slices.ContainsFunc(t.Cells, func(row []any) bool { return row[c] != nil }) {
			cols = append(cols, c)
			formats[c] = m.Format
		}
	}
	grid := [][]string{{}}
	for _, c := range cols {
		grid[0] = append(grid[0], t.Columns[c])
	}
	for _, row := range t.Cells {
		var line []string
		for _, c := range cols {
			var s string
			if f, ok := formats[c]; ok {
				s = f(row[c])
			} else {
				s = format(row[c], 4, ",")
			}
			if s == "" {
				s = "-"
			}
			line = append(line, s)
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
