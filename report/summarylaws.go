package report

import (
	"fmt"
	"html/template"
	"math"

	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
	rtable "ringwave/report/table"
)

// lawPoint is a law at one point: the measurement, the prediction and
// their relative difference (NaN when missing).
func lawPoint(l manifest.Law, p sweepPoint) (measured, predicted, rel float64) {
	predicted, rel = rtable.LawValues(l, p.Run, p.M)
	measured = math.NaN()
	if e, ok := analysis.Lookup(l.Measure); ok {
		measured = e.Float(p.M)
	}
	return measured, predicted, rel
}

// lawCell is a law's relative difference at a point with its verdict,
// coloured as the pages colour verdicts.
func lawCell(l manifest.Law, p sweepPoint) template.HTML {
	_, _, rel := lawPoint(l, p)
	if math.IsNaN(rel) {
		return "n/a"
	}
	switch l.Holds(rel) {
	case "holds":
		return htmlf(`<span class="regime">%s holds</span>`, signedPct(rel))
	case "fails":
		return htmlf(`<span class="regime-off">%s fails</span>`, signedPct(rel))
	}
	return template.HTML(template.HTMLEscapeString(signedPct(rel)))
}

// lawBlocks are, for each [[law]] of the manifest, its table of points
// (measured, predicted, ratio, relative difference, verdict) and, against
// each swept key, the measurement with its prediction and their ratio
// with the tolerance band.
func lawBlocks(cs *chartSet, m *manifest.Manifest, pts []sweepPoint) []block {
	var blocks []block
	for li, l := range m.Laws {
		e, _ := analysis.Lookup(l.Measure)
		t := &table{Sortable: true}
		for _, a := range m.Axes() {
			t.Head = append(t.Head, sweptAxisName(a.Key))
		}
		t.Head = append(t.Head, heading(e), "predicted", "measured / predicted", "relative difference", "verdict")
		held, failed := 0, 0
		for _, p := range pts {
			var row []template.HTML
			for _, a := range p.Run.Point {
				row = append(row, template.HTML(template.HTMLEscapeString(fmt.Sprint(a.Value))))
			}
			measured, predicted, rel := lawPoint(l, p)
			verdict := l.Holds(rel)
			switch verdict {
			case "holds":
				held++
			case "fails":
				failed++
			case "":
				verdict = "no tolerance"
			}
			why := ""
			if math.IsNaN(rel) {
				verdict, why = "n/a", lawMissing(e, p, measured, predicted)
			}
			class := map[string]string{"holds": "regime", "fails": "regime-off"}[verdict]
			row = append(row, cellsOf(numOrNA(measured), numOrNA(predicted), numOrNA(measured/predicted), signedPctOrNA(rel))...)
			row = append(row, htmlf(`<span class="%s" title="%s">%s</span>`, class, why, verdict))
			t.Rows = append(t.Rows, row)
		}
		text := htmlf("<code>%s = %s</code>, declared in the manifest (line %d)", l.Measure, l.Predict, l.Line)
		if l.Tolerance > 0 {
			text += htmlf(", holds where the measurement is within %s of the prediction: <b>it holds at %d of %d points, fails at %d</b>.", pct(l.Tolerance), held, len(pts), failed)
		} else {
			text += " with no tolerance: drawn, not judged."
		}
		text += " A verdict of n/a: no measurement or no prediction at that point (hover over it for why)."
		blocks = append(blocks, block{Title: "Law: " + l.Measure, Text: text, Table: t})
		for i, a := range m.Axes() {
			id := fmt.Sprintf("law%d_axis%d", li+1, i+1)
			qs := []quantity{
				{Name: e.Label + " (measured)", Get: e.Float, Symbol: "circle", Width: 2},
				{Name: "predicted (the law)", At: func(p sweepPoint) float64 { _, v, _ := lawPoint(l, p); return v }, Dashed: true, Symbol: "emptyDiamond"},
			}
			y := axis{Name: withUnit(e)}
			y.Log = logScale(pts, qs)
			if c, ok := summaryChart(cs, id+"_values", l.Measure+": measured and predicted against "+a.Key, pts, i, y, qs, false); ok {
				blocks = append(blocks, block{Chart: &c})
			}
			ratio := []quantity{{Name: "measured / predicted", Symbol: "circle", Width: 2,
				At: func(p sweepPoint) float64 { mv, pv, _ := lawPoint(l, p); return mv / pv }}}
			ry := axis{Name: "measured / predicted (1)"}
			// The band of the tolerance and every point in view, and never
			// a zoom that makes a 1e-4 spread look like a gap.
			half := math.Max(2*l.Tolerance, 0.01)
			for _, p := range pts {
				if mv, pv, _ := lawPoint(l, p); !math.IsNaN(mv/pv) && !math.IsInf(mv/pv, 0) {
					half = math.Max(half, 1.1*math.Abs(mv/pv-1))
				}
			}
			ry.Min, ry.Max = 1-half, 1+half
			if l.Tolerance > 0 {
				ratio = append(ratio, constant(fmt.Sprintf("1 + tolerance (%s)", pct(l.Tolerance)), 1+l.Tolerance),
					constant(fmt.Sprintf("1 − tolerance (%s)", pct(l.Tolerance)), 1-l.Tolerance))
				ratio[2].Color = "#999999"
			} else {
				ratio = append(ratio, quantity{Name: "1 (exact)", Dashed: true, Color: "#555555", Once: true, At: func(sweepPoint) float64 { return 1 }})
			}
			if c, ok := summaryChart(cs, id+"_ratio", l.Measure+": measured / predicted against "+a.Key, pts, i, ry, ratio, false); ok {
				blocks = append(blocks, block{Chart: &c})
			}
		}
	}
	return blocks
}

// lawMissing says why a law has no relative difference at a point.
func lawMissing(e analysis.Measure, p sweepPoint, measured, predicted float64) string {
	switch {
	case p.M == nil:
		return "not computed"
	case math.IsNaN(measured):
		if e.Note != nil {
			if n := e.Note(p.M); n != "" {
				return n
			}
		}
		return "no " + e.Name
	case math.IsNaN(predicted):
		return "the prediction has no finite value here"
	}
	return "the prediction is 0"
}

func signedPctOrNA(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return signedPct(v)
}

// numOrNA is a number to 6 digits, "n/a" when missing.
func numOrNA(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return g6(v)
}
