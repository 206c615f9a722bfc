package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
	rtable "ringwave/report/table"
)

// A Comparison is runs side by side, as `ringwave compare` shows them: the
// parameters that differ (only those), and every measurement some run has,
// with its relative difference from the first run.
type Comparison struct {
	Runs       []Compared
	Parameters []Compare // the keys whose values differ
	Measures   []Compare // the measurements some run has, registry order, then laws
}

// Compared is one run of a comparison.
type Compared struct {
	Run    *manifest.Run
	Status string
	M      *analysis.Measurements // nil when it has none
	// Convergence: ‖w(t) − w_end‖/‖w_end‖ at Times (s); empty without
	// snapshots, or unless curves were asked for.
	Times, Distance []float64
}

// Compare is one row: a parameter or a measurement across the runs.
type Compare struct {
	Name   string
	Unit   string
	Values []any     // per run: nil, float64, int, int64, bool, string or []float64
	Rel    []float64 // per run: (value − first)/|first| for numbers; NaN otherwise or for the first
	format func(any) string
}

// NewComparison opens the runs (through the cache, computing their
// measurements once as `ringwave table` does) and lines them up. With
// curves it also analyses each run's arrays for its convergence (the html
// page), which takes as long as its run page.
func NewComparison(results string, runs []*manifest.Run, curves bool) (*Comparison, error) {
	c := cache.Cache{Dir: results}
	store := analysis.NewStore(results)
	cmp := &Comparison{}
	for _, r := range runs {
		res, state, _ := c.Open(r)
		cr := Compared{Run: r, Status: state.String()}
		if state == cache.Cached {
			info := analysis.NewInfo(r)
			m, _, err := store.Measure(res, info)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r.Name, err)
			}
			cr.M = m
			if curves {
				cr.Times, cr.Distance = convergenceOf(res, info)
			}
		}
		cmp.Runs = append(cmp.Runs, cr)
	}
	for _, p := range manifest.Params() {
		row := Compare{Name: p.Key, Unit: p.Unit, format: formatAny}
		if _, number := asFloat(p.Default); number && row.Unit == "" {
			row.Unit = analysis.Dimensionless // λ, a gain: a number without dimension
		}
		for _, cr := range cmp.Runs {
			v, _ := cr.Run.Settings.Value(p.Key)
			row.Values = append(row.Values, v)
		}
		if slices.ContainsFunc(row.Values, func(v any) bool { return fmt.Sprint(v) != fmt.Sprint(row.Values[0]) }) {
			row.Rel = relTo(row.Values)
			cmp.Parameters = append(cmp.Parameters, row)
		}
	}
	for _, e := range analysis.Registry {
		row := Compare{Name: e.Name, Unit: e.Unit, format: e.Format}
		for _, cr := range cmp.Runs {
			row.Values = append(row.Values, e.Value(cr.M))
		}
		if slices.ContainsFunc(row.Values, func(v any) bool { return v != nil }) {
			row.Rel = relTo(row.Values)
			cmp.Measures = append(cmp.Measures, row)
		}
	}
	var laws []string
	for _, cr := range cmp.Runs {
		for _, l := range cr.Run.Manifest.Laws {
			if !slices.Contains(laws, l.Measure) {
				laws = append(laws, l.Measure)
			}
		}
	}
	for _, measure := range laws {
		predName, relName := manifest.LawColumns(measure)
		pred := Compare{Name: predName, format: formatAny}
		rel := Compare{Name: relName, Unit: analysis.Dimensionless, format: func(v any) string {
			if f, ok := v.(float64); ok {
				return signedPct(f)
			}
			return ""
		}}
		for _, cr := range cmp.Runs {
			i := slices.IndexFunc(cr.Run.Manifest.Laws, func(l manifest.Law) bool { return l.Measure == measure })
			if i < 0 {
				pred.Values, rel.Values = append(pred.Values, nil), append(rel.Values, nil)
				continue
			}
			p, r := rtable.LawValues(cr.Run.Manifest.Laws[i], cr.Run, cr.M)
			pred.Values, rel.Values = append(pred.Values, orNil(p)), append(rel.Values, orNil(r))
		}
		// A relative difference of relative differences says nothing.
		pred.Rel, rel.Rel = relTo(pred.Values), relTo(make([]any, len(rel.Values)))
		cmp.Measures = append(cmp.Measures, pred, rel)
	}
	return cmp, nil
}

// convergenceOf analyses a run's arrays for the distance of its weights
// from the last snapshot; nil when there are no snapshots or they cannot
// be read (the page then says so).
func convergenceOf(res *cache.Result, info analysis.Info) (times, dist []float64) {
	spec, err := info.Spec()
	if err != nil {
		return nil, nil
	}
	if spec.Matrix {
		in, err := analysis.LoadFull(res, info)
		if err != nil {
			return nil, nil
		}
		a := analysis.AnalyseFull(in)
		return a.Outcome.HistoryTimes, a.Outcome.Distance
	}
	in, err := analysis.LoadSymmetry(res, info)
	if err != nil {
		return nil, nil
	}
	a := analysis.AnalyseSymmetry(in)
	return a.Outcome.HistoryTimes, a.Outcome.Distance
}

func orNil(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// RoundingFloor is the relative difference below which two measurements
// are equal: a few ulps of float64 (2.2e-16) through an analysis of some
// thousand operations.
const RoundingFloor = 1e-12

// relTo is each value's relative difference from the first.
func relTo(vs []any) []float64 {
	out := make([]float64, len(vs))
	first, ok := asFloat(vs[0])
	for i, v := range vs {
		out[i] = math.NaN()
		if x, okx := asFloat(v); i > 0 && ok && okx && first != 0 {
			out[i] = (x - first) / math.Abs(first)
			if math.Abs(out[i]) < RoundingFloor {
				out[i] = 0 // the last bits of a float64: equal
			}
		}
	}
	return out
}

func asFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	}
	return 0, false
}

func formatAny(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		return analysis.FormatNumber(v, 6)
	}
	return fmt.Sprint(v)
}

// RunLabel names run i of the comparison in headings: its name, and its
// index when two runs share a name.
func (c *Comparison) RunLabel(i int) string { return c.Runs[i].Run.Name }

// WriteText writes the parameters that differ, then the measurements,
// one row each, a column per run and, for each run after the first, its
// relative difference from the first ("-": missing).
func (c *Comparison) WriteText(w io.Writer) error {
	var b strings.Builder
	for i, cr := range c.Runs {
		fmt.Fprintf(&b, "run %d: %s  (%s, %s, key %s)\n", i+1, cr.Run.Name, cr.Run.Manifest.Path, cr.Status, shortKey(cr.Run.Key))
	}
	head := []string{""}
	for i := range c.Runs {
		head = append(head, fmt.Sprintf("run %d", i+1))
		if i > 0 {
			head = append(head, fmt.Sprintf("%d vs 1", i+1))
		}
	}
	for _, part := range []struct {
		title string
		rows  []Compare
	}{{"parameters that differ", c.Parameters}, {"measurements", c.Measures}} {
		b.WriteString("\n" + part.title + ":\n")
		if len(part.rows) == 0 {
			b.WriteString("  none\n")
			continue
		}
		grid := [][]string{append([]string{}, head...)}
		for _, row := range part.rows {
			line := []string{row.Name}
			if row.Unit != "" && row.Unit != analysis.Dimensionless {
				line[0] += " (" + row.Unit + ")"
			}
			for i, v := range row.Values {
				s := row.format(v)
				if s == "" {
					s = "-"
				}
				if r := []rune(s); len(r) > maxTextCell {
					s = string(r[:maxTextCell-1]) + "…" // a note: json has it whole
				}
				line = append(line, s)
				if i > 0 {
					line = append(line, signedPctOrNA(row.Rel[i]))
				}
			}
			grid = append(grid, line)
		}
		writeAligned(&b, grid)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// maxTextCell bounds a cell of the text format, so that a long note (why
// a run has no decay rate) does not push the runs off the screen.
const maxTextCell = 40

func writeAligned(b *strings.Builder, grid [][]string) {
	width := make([]int, len(grid[0]))
	for _, line := range grid {
		for i, s := range line {
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	for _, line := range grid {
		b.WriteString("  ")
		for i, s := range line {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(s))
			if i == 0 {
				b.WriteString(s + pad)
			} else {
				b.WriteString("  " + pad + s)
			}
		}
		b.WriteString("\n")
	}
}

// WriteJSON writes {"runs": [...], "parameters": [...], "measurements":
// [...]}, each row {"name", "unit", "values", "rel_diff"}, a missing value
// null.
func (c *Comparison) WriteJSON(w io.Writer) error {
	type run struct {
		Name     string `json:"name"`
		Manifest string `json:"manifest"`
		Point    string `json:"point"`
		Key      string `json:"key"`
		Status   string `json:"status"`
	}
	type row struct {
		Name   string `json:"name"`
		Unit   string `json:"unit"`
		Values []any  `json:"values"`
		Rel    []any  `json:"rel_diff"`
	}
	rows := func(cs []Compare) []row {
		out := []row{}
		for _, c := range cs {
			r := row{Name: c.Name, Unit: c.Unit}
			for i, v := range c.Values {
				if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
					v = nil
				}
				r.Values = append(r.Values, v)
				r.Rel = append(r.Rel, orNil(c.Rel[i]))
			}
			out = append(out, r)
		}
		return out
	}
	out := struct {
		Runs       []run `json:"runs"`
		Parameters []row `json:"parameters"`
		Measures   []row `json:"measurements"`
	}{Parameters: rows(c.Parameters), Measures: rows(c.Measures)}
	for _, cr := range c.Runs {
		out.Runs = append(out.Runs, run{cr.Run.Name, cr.Run.Manifest.Path, cr.Run.PointLabel(), cr.Run.Key, cr.Status})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
