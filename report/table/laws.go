package table

import (
	"math"
	"slices"

	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// lawsOf returns the measures the rows' manifests declare laws for, in
// the order they first appear: each adds two columns.
func lawsOf(rows []Row) []string {
	var out []string
	for _, r := range rows {
		for _, l := range r.Run.Manifest.Laws {
			if !slices.Contains(out, l.Measure) {
				out = append(out, l.Measure)
			}
		}
	}
	return out
}

// LawValues returns a law's prediction at run r and the measurement's
// relative difference from it (NaN when missing).
func LawValues(l manifest.Law, r *manifest.Run, m *analysis.Measurements) (predicted, relDiff float64) {
	predicted = l.PredictionAt(r)
	e, ok := analysis.Lookup(l.Measure)
	if !ok {
		return predicted, math.NaN()
	}
	return predicted, manifest.RelDiff(e.Float(m), predicted)
}

// lawCells are the two cells of the law on measure at row r: nil when its
// manifest declares none.
func lawCells(r Row, measure string) []any {
	i := slices.IndexFunc(r.Run.Manifest.Laws, func(l manifest.Law) bool { return l.Measure == measure })
	if i < 0 {
		return []any{nil, nil}
	}
	pred, rel := LawValues(r.Run.Manifest.Laws[i], r.Run, r.Measurements)
	return []any{orNil(pred), orNil(rel)}
}

func orNil(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}
