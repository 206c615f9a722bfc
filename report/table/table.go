// Package table lays out runs and their measurements as one row per run,
// for `ringwave table`: aligned text for a terminal, CSV for pandas and
// spreadsheets, JSON for scripts. It computes nothing; the rows come with
// their measurements (package analysis) or a status saying why they have
// none.
//
// Columns, in this order (README lists them; notebooks rely on the names):
//
//	name, point, status, key         the run; status is cached, missing, corrupt, unreadable
//	                                 or upstream-missing (missing, and so is the run it starts from)
//	<swept keys>                     each swept key, by its dotted name (dynamics.lambda)
//	model, seed, network.neurons, …  the main parameters not swept (Params)
//	kernel_peak, …                   the measurements (analysis.Registry)
//
// A missing value is an empty CSV cell, JSON null, and "-" in text.
package table

import (
	"cmp"
	"fmt"
	"slices"

	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// Row is one run with its measurements (nil when it has none).
type Row struct {
	Run          *manifest.Run
	Status       string
	Measurements *analysis.Measurements
}

// UpstreamMissing is the status of a run that is missing and starts from
// another run ([init] from) that is missing too.
const UpstreamMissing = "upstream-missing"

// Params are the parameter columns every table has, by manifest key.
var Params = []string{
	"model", "seed", "network.neurons", "network.dt", "network.period", "network.periods",
	"dynamics.tau_x", "dynamics.tau_d", "dynamics.tau_w", "dynamics.lambda",
	"input.amplitude", "phi.gain", "record.activity_every", "record.weights_every",
}

// Measures are the measurement columns, in order: analysis.Registry, the
// one list of them, with their units and meanings.
func Measures() []analysis.Measure { return analysis.Registry }

// TextColumns are the measurements the text format shows besides the run
// and its swept keys (analysis.InText): a terminal is too narrow for all.
func TextColumns() []analysis.Measure { return analysis.In(analysis.InText) }

// Table is rows of typed cells: nil, bool, int, int64, float64, string or
// []float64.
type Table struct {
	Columns []string
	Cells   [][]any
	Swept   int // how many columns after the first four are swept keys
	// Shown are the columns Select chose, in order; nil: every column
	// (csv, json) or the text format's own choice.
	Shown []int
}

// Build makes the table of rows, in their order.
func Build(rows []Row) *Table {
	var swept []string
	for _, r := range rows {
		for _, a := range r.Run.Manifest.Axes() {
			if !slices.Contains(swept, a.Key) {
				swept = append(swept, a.Key)
			}
		}
	}
	t := &Table{Columns: append([]string{"name", "point", "status", "key"}, swept...), Swept: len(swept)}
	var params []string
	for _, p := range Params {
		if !slices.Contains(swept, p) {
			params = append(params, p)
		}
	}
	t.Columns = append(t.Columns, params...)
	for _, m := range Measures() {
		t.Columns = append(t.Columns, m.Name)
	}
	laws := lawsOf(rows)
	for _, l := range laws {
		pred, rel := manifest.LawColumns(l)
		t.Columns = append(t.Columns, pred, rel)
	}
	for _, r := range rows {
		cells := []any{r.Run.Manifest.Name, r.Run.PointLabel(), r.Status, r.Run.Key}
		for _, k := range append(swept, params...) {
			v, _ := r.Run.Settings.Value(k)
			if a := slices.IndexFunc(r.Run.Point, func(a manifest.Assign) bool { return a.Key == k }); a >= 0 {
				v = r.Run.Point[a].Value // an upstream's point: not this run's own setting
			}
			if k == "model" && v == "" {
				v = nil
			}
			cells = append(cells, v)
		}
		for _, m := range Measures() {
			cells = append(cells, m.Value(r.Measurements))
		}
		for _, measure := range laws {
			cells = append(cells, lawCells(r, measure)...)
		}
		t.Cells = append(t.Cells, cells)
	}
	return t
}

func compare(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	x, xok := number(a)
	y, yok := number(b)
	if xok && yok {
		return cmp.Compare(x, y)
	}
	return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case []float64:
		if len(v) > 0 {
			return v[0], true
		}
	}
	return 0, false
}
