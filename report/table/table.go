// Package table lays out runs and their measurements as one row per run,
// for `ringwave table`: aligned text for a terminal, CSV for pandas and
// spreadsheets, JSON for scripts. It computes nothing; the rows come with
// their measurements (package analysis) or a status saying why they have
// none.
//
// Columns, in this order (README lists them; notebooks rely on the names):
//
//	name, point, status, key         the run; status is cached, missing, corrupt or unreadable
//	<swept keys>                     each swept key, by its dotted name (dynamics.lambda)
//	model, seed, network.neurons, …  the main parameters not swept (Params)
//	kernel_peak, …                   the measurements (Measures)
//
// A missing value is an empty CSV cell, JSON null, and "-" in text.
package table

import (
	"cmp"
	"fmt"
	"math"
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

// Params are the parameter columns every table has, by manifest key.
var Params = []string{
	"model", "seed", "network.neurons", "network.dt", "network.period", "network.periods",
	"dynamics.tau_x", "dynamics.tau_d", "dynamics.tau_w", "dynamics.lambda",
	"input.amplitude", "phi.gain", "record.activity_every", "record.weights_every",
}

// A measure is one measurement column: its name and how to read it.
type measure struct {
	name string
	get  func(m *analysis.Measurements) any
}

func num(v analysis.Num) any {
	if math.IsNaN(float64(v)) {
		return nil
	}
	return float64(v)
}

// Measures are the measurement columns, in order. Their meanings are in
// package analysis (Measurements) and in README.
var Measures = []measure{
	{"kernel_peak", func(m *analysis.Measurements) any { return num(m.KernelPeak) }},
	{"kernel_peak_offset", func(m *analysis.Measurements) any { return m.KernelPeakOffset }},
	{"kernel_trough", func(m *analysis.Measurements) any { return num(m.KernelTrough) }},
	{"kernel_trough_offset", func(m *analysis.Measurements) any { return m.KernelTroughOffset }},
	{"zero_crossings", func(m *analysis.Measurements) any { return list(m.ZeroCrossings) }},
	{"zero_crossing_down", func(m *analysis.Measurements) any { return num(m.ZeroDown) }},
	{"zero_crossing_up", func(m *analysis.Measurements) any { return num(m.ZeroUp) }},
	{"steady_zero_crossing_down", func(m *analysis.Measurements) any { return num(m.SteadyZeroDown) }},
	{"steady_zero_crossing_up", func(m *analysis.Measurements) any { return num(m.SteadyZeroUp) }},
	{"closed_zero_crossing_down", func(m *analysis.Measurements) any { return num(m.ClosedZeroDown) }},
	{"closed_zero_crossing_up", func(m *analysis.Measurements) any { return num(m.ClosedZeroUp) }},
	{"steady_peak", func(m *analysis.Measurements) any { return num(m.SteadyPeak) }},
	{"wave_peak", func(m *analysis.Measurements) any { return num(m.WavePeak) }},
	{"closed_peak", func(m *analysis.Measurements) any { return num(m.ClosedPeak) }},
	{"closed_euler_peak", func(m *analysis.Measurements) any { return num(m.ClosedEulerPeak) }},
	{"decay_rate", func(m *analysis.Measurements) any { return num(m.DecayRate) }},
	{"decay_rate_predicted", func(m *analysis.Measurements) any { return num(m.DecayRatePredicted) }},
	{"decay_fit_r2", func(m *analysis.Measurements) any { return num(m.DecayFitR2) }},
	{"theory_rel_diff", func(m *analysis.Measurements) any { return num(m.TheoryRelDiff) }},
	{"steady_rel_diff", func(m *analysis.Measurements) any { return num(m.SteadyRelDiff) }},
	{"steady_from_step", func(m *analysis.Measurements) any { return step(m.SteadyFromStep) }},
	{"steady_to_step", func(m *analysis.Measurements) any { return step(m.SteadyToStep) }},
	{"steady_synapse_rel_diff", func(m *analysis.Measurements) any { return num(m.SteadySynapseRelDiff) }},
	{"closed_rel_diff", func(m *analysis.Measurements) any { return num(m.ClosedRelDiff) }},
	{"closed_euler_rel_diff", func(m *analysis.Measurements) any { return num(m.EulerClosedRel) }},
	{"theory_vs_closed", func(m *analysis.Measurements) any { return num(m.TheoryVsClosed) }},
	{"circulant_residual", func(m *analysis.Measurements) any { return num(m.CirculantResidual) }},
	{"eigen_dft_dist", func(m *analysis.Measurements) any { return num(m.EigenDFTDist) }},
	{"weights_drift", func(m *analysis.Measurements) any { return num(m.WeightsDrift) }},
	{"drift_window", func(m *analysis.Measurements) any { return num(m.DriftWindow) }},
	{"settled", func(m *analysis.Measurements) any {
		if m.Settled == nil {
			return nil
		}
		return *m.Settled
	}},
	{"regime", func(m *analysis.Measurements) any { return string(m.Regime) }},
	{"period_error", func(m *analysis.Measurements) any { return num(m.PeriodError) }},
	{"wave_from_step", func(m *analysis.Measurements) any { return step(m.WaveFromStep) }},
	{"wave_to_step", func(m *analysis.Measurements) any { return step(m.WaveToStep) }},
	{"wave_error", func(m *analysis.Measurements) any { return num(m.WaveError) }},
	{"rate_min", func(m *analysis.Measurements) any { return num(m.RateMin) }},
	{"rate_max", func(m *analysis.Measurements) any { return num(m.RateMax) }},
	{"wall_seconds", func(m *analysis.Measurements) any { return num(m.WallSeconds) }},
}

// TextColumns are the columns the text format shows besides the run and
// its swept keys: a terminal is too narrow for all of them.
var TextColumns = []string{"kernel_peak", "kernel_peak_offset", "zero_crossings", "decay_rate",
	"theory_rel_diff", "steady_rel_diff", "weights_drift", "settled", "regime"}

// Table is rows of typed cells: nil, bool, int, int64, float64, string or
// []float64.
type Table struct {
	Columns []string
	Cells   [][]any
	Swept   int // how many columns after the first four are swept keys
}

// Build makes the table of rows, in their order.
func Build(rows []Row) *Table {
	var swept []string
	for _, r := range rows {
		for _, a := range r.Run.Manifest.Sweep {
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
	for _, m := range Measures {
		t.Columns = append(t.Columns, m.name)
	}
	for _, r := range rows {
		cells := []any{r.Run.Manifest.Name, r.Run.PointLabel(), r.Status, r.Run.Key}
		for _, k := range append(swept, params...) {
			v, _ := r.Run.Settings.Value(k)
			if k == "model" && v == "" {
				v = nil
			}
			cells = append(cells, v)
		}
		for _, m := range Measures {
			if r.Measurements == nil {
				cells = append(cells, nil)
			} else {
				cells = append(cells, m.get(r.Measurements))
			}
		}
		t.Cells = append(t.Cells, cells)
	}
	return t
}

// Sort orders the rows by a column, numbers by value, missing values last;
// rows that tie keep their order.
func (t *Table) Sort(column string) error {
	i := slices.Index(t.Columns, column)
	if i < 0 {
		return fmt.Errorf("no column %q (the columns are: %v)", column, t.Columns)
	}
	slices.SortStableFunc(t.Cells, func(a, b []any) int { return compare(a[i], b[i]) })
	return nil
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

// step is a step number, or missing.
func step(s *int) any {
	if s == nil {
		return nil
	}
	return *s
}

func list(v []analysis.Num) any {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
