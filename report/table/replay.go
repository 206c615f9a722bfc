package table

import (
	"slices"

	"ringwave/report/analysis"
)

// The replay columns (issue 21), one block to fold into the registry of
// measurements: what a run whose input is off after the initial phase does
// on its own (analysis.Replay says how each is measured). They are empty
// for runs driven throughout.
var replayMeasures = []measure{
	{"sustained", func(m *analysis.Measurements) any {
		if m.Sustained == nil {
			return nil
		}
		return *m.Sustained
	}},
	{"replay_direction", func(m *analysis.Measurements) any { return num(m.ReplayDirection) }},
	{"replay_period", func(m *analysis.Measurements) any { return num(m.ReplayPeriod) }},
	{"replay_speed", func(m *analysis.Measurements) any { return num(m.ReplaySpeed) }},
	{"replay_range", func(m *analysis.Measurements) any { return num(m.ReplayRange) }},
	{"replay_speed_predicted", func(m *analysis.Measurements) any { return num(m.ReplaySpeedPredicted) }},
	{"replay_period_predicted", func(m *analysis.Measurements) any { return num(m.ReplayPeriodPredicted) }},
	{"replay_speed_rel_diff", func(m *analysis.Measurements) any { return num(m.ReplaySpeedRelDiff) }},
	{"replay_period_over_t", func(m *analysis.Measurements) any { return num(m.ReplayPeriodOverT) }},
}

// replayTextColumns are shown by the text format when some row has them.
var replayTextColumns = []string{"sustained", "replay_direction", "replay_speed", "replay_period"}

func init() { Measures = append(Measures, replayMeasures...) }

// presentColumns returns the indices of the named columns that some row
// has a value in.
func (t *Table) presentColumns(names []string) []int {
	var cols []int
	for _, name := range names {
		c := slices.Index(t.Columns, name)
		if c >= 0 && slices.ContainsFunc(t.Cells, func(row []any) bool { return row[c] != nil }) {
			cols = append(cols, c)
		}
	}
	return cols
}
