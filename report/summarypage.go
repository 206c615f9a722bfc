package report

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"slices"
	"strings"

	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// maxOverlay is the most runs whose kernels one chart overlays; a larger
// sweep shows them on the points' own pages.
const maxOverlay = 12

// summarySections lays out a sweep: a table of its points, then for each
// swept key every measurement against it with the theory's prediction.
func summarySections(cs *chartSet, m *manifest.Manifest, pts []sweepPoint) []section {
	sections := []section{{Anchor: "points", Title: "Points", Blocks: []block{{Text: regimeText(), Table: pointTable(m, pts)}}}}
	if len(m.Laws) > 0 {
		sections = append(sections, section{Anchor: "laws", Title: "Laws", Blocks: lawBlocks(cs, m, pts)})
	}
	if len(m.Axes()) >= 2 {
		sections = append(sections, section{Anchor: "maps", Title: "Maps over " + m.Axes()[0].Key + " × " + m.Axes()[1].Key, Blocks: heatBlocks(cs, m, pts)})
	}
	for i, a := range m.Axes() {
		id := fmt.Sprintf("axis%d", i+1)
		sections = append(sections, section{Anchor: id, Title: "Against " + a.Key, Blocks: axisBlocks(cs, id, pts, i)})
	}
	if len(m.Axes()) == 1 && len(pts) <= maxOverlay {
		sections = append(sections, section{Anchor: "kernels", Title: "Kernels and the activity that explains them", Blocks: overlayBlocks(cs, pts)})
	}
	return sections
}

func regimeText() template.HTML {
	return htmlf("Each point is one run (its page has every chart). <b>Regime</b> names the most specific theory that holds for it "+
		"(its kernel within %s of the theory's, RMS): <i>closed_form</i>, the low-passed square wave of a saturated drive (in the exact form of "+
		"the simulation's discrete scheme); <i>travelling_wave</i>, the steady state computed from neuron 0's last period assuming every neuron fires it "+
		"shifted by its phase; <i>steady_state</i>, only the rule's own steady state computed from the whole recorded activity "+
		"(an identity for settled weights), and it passes the fixed-point test (frozen at it, the network gives it back within %s); "+
		"<i>untested</i>, the same without a fixed-point run (<code>ringwave run -fixed-point</code>). <i>not_settled</i>: the weights moved by more than %s over the rule's "+
		"memory τ<sub>w</sub>/λ somewhere in the second half of the learning, so there is no steady state to compare with; <i>unknown</i>: no snapshots to tell. "+
		"A full matrix more than %s from circulant has no kernel regime.",
		pct(analysis.AgreeTolerance), pct(analysis.FixedPointTolerance), pct(analysis.DriftTolerance), pct(analysis.NoncirculantMax))
}

// pointTable is a sweep's points, a column per swept key (with its unit),
// with the measurements the registry puts in it (analysis.InPoints) and
// each law's relative difference and verdict; a click on a heading sorts
// it.
func pointTable(m *manifest.Manifest, pts []sweepPoint) *table {
	cols := analysis.In(analysis.InPoints)
	t := &table{Sortable: true}
	for _, a := range m.Axes() {
		t.Head = append(t.Head, sweptAxisName(a.Key))
	}
	t.Head = append(t.Head, "status")
	for _, l := range m.Laws {
		t.Head = append(t.Head, "law "+l.Measure+": rel. diff")
	}
	for _, e := range cols {
		t.Head = append(t.Head, heading(e))
	}
	for _, p := range pts {
		var row []template.HTML
		for k, a := range p.Run.Point {
			v := template.HTML(template.HTMLEscapeString(fmt.Sprint(a.Value)))
			if k == 0 {
				v = htmlf(`<a href="%s" title="%s">%s</a>`, url.PathEscape(p.Page), p.Run.PointLabel(), fmt.Sprint(a.Value))
			}
			row = append(row, v)
		}
		row = append(row, htmlf(`<span class="status-%s">%s</span>`, p.Status, p.Status))
		for _, l := range m.Laws {
			row = append(row, lawCell(l, p))
		}
		for _, e := range cols {
			row = append(row, measureCell(e, p.M, false))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// chartTexts explain the summary charts, by title; a chart without one is
// explained by its measures' meanings.
var chartTexts = map[string]template.HTML{
	"Kernel peak": "The largest weight of the learned kernel (circles), the peak of the rule's steady state computed from each run's own " +
		"activity, and the closed form for a low-passed square wave, (1 − 2e<sup>−T/4τ<sub>x</sub></sup>/(1 + e<sup>−T/2τ<sub>x</sub></sup>))/(λT), " +
		"which holds only where the drive saturates (continuous time), and the exact closed form of the simulation's discrete scheme, " +
		"with ρ = 1 − dt/τ<sub>x</sub>, P steps a period and r = ρ<sup>P/2</sup>: λ·w*[j] = (2/(1+ρ))·(ρ<sup>m</sup> + ρ<sup>P/2+1−m</sup>)/(T(1+r)) − 1/T " +
		"at the lag of m steps, antiperiodic beyond P/2; the continuous form misses it by a few % at small T, which is the discretisation, not the drive. Ringed points have not settled: their kernel is a snapshot of weights still moving.",
	"Kernel peak × λ": "w* = C(Δθ + τ<sub>d</sub>)/λ: the activity does not depend on λ where the drive saturates, so peak·λ is constant; " +
		"the theory drawn is the discrete scheme's exact closed form, the one the regime is judged by (the continuous form beside it).",
	"Zero crossings": "Where the learned kernel changes sign, interpolated (the steepest crossing of each direction), against the closed form's " +
		"−(τ<sub>d</sub> − dt/2)·N/T and N/2 − (τ<sub>d</sub> − dt/2)·N/T mod N, τ<sub>d</sub> = d·dt the simulated delay (d = round(τ<sub>d</sub>/dt) steps): " +
		"C(a) vanishes at lags a = j·T/N + τ<sub>d</sub> − dt/2 of 0 and T/2 (the discrete rule pairs dx at a step, centred half a step earlier, " +
		"with the delayed rates), so each crossing moves N/T·dt offsets per step of delay, one when T = N·dt.",
	"Decay rate": htmlf("The rate of an exponential fitted to the distance of the weights from their last snapshot (snapshots a whole "+
		"number of periods apart), shown only where the fit describes the points (%s); a "+
		"convergence that is not exponential has no rate.", analysis.FitCriterion()),
	"Agreement with each theory": "Below the tolerance a theory holds. The rule's steady state over a window, ⟨pairing⟩/(λ·dt), equals the mean weights " +
		"plus the drift term for any run (an identity of the discrete rule), so it is close for every settled run and is no evidence by itself; " +
		"the fixed-point test (frozen at w*, simulated again with learning off, w** against w*) is the one that can fail. " +
		"The travelling wave and the closed form hold or fail run by run, as the points show.",
	"Activity": "Over the last period, relative to the spread of the rates: the travelling-wave theory assumes the first two errors vanish, " +
		"the closed form also the third (neuron 0's rate against the low-passed square wave). A saturated drive gives 0, drawn on the floor of the log axis.",
}

// axisBlocks are the summary's charts against swept key i: one per chart
// title of the registry, with its measures (circles), the theories they
// are compared with that the registry draws there (dashed), and their
// tolerances.
func axisBlocks(cs *chartSet, id string, pts []sweepPoint, i int) []block {
	key := pts[0].Run.Point[i].Key
	var titles []string
	for _, e := range analysis.Registry {
		if e.Chart != "" && !slices.Contains(titles, e.Chart) {
			titles = append(titles, e.Chart)
		}
	}
	var blocks []block
	for n, title := range titles {
		var qs []quantity
		var measured []analysis.Measure
		tolerances := map[float64]bool{}
		ring, against := false, ""
		for _, e := range analysis.Registry {
			if e.Chart != title {
				continue
			}
			if e.Column == "" {
				measured = append(measured, e)
				ring = ring || e.Settled
				against = cmp.Or(against, e.Against)
				qs = append(qs, quantity{Name: e.Label, Get: e.Float, Symbol: markers[(len(measured)-1)%len(markers)], Width: 2})
				if e.Tolerance > 0 && !tolerances[e.Tolerance] {
					tolerances[e.Tolerance] = true
					qs = append(qs, constant("tolerance "+pct(e.Tolerance), e.Tolerance))
				}
			} else {
				qs = append(qs, quantity{Name: e.Label, Get: e.Float, Dashed: true})
			}
		}
		if against != "" && against != key {
			continue
		}
		text, ok := chartTexts[title]
		if !ok {
			for _, e := range measured {
				text += htmlf("<i>%s</i>: %s. ", e.Label, e.Meaning)
			}
		}
		y := axis{Name: measured[0].Unit, Log: logScale(pts, qs)}
		if y.Name == analysis.Dimensionless {
			y.Name = "1 (dimensionless)"
		}
		if measured[0].Percent {
			y.Name = "relative (1 = 100 %)"
		}
		if len(measured) == 1 {
			y.Name = withUnit(measured[0])
		}
		c, ok := summaryChart(cs, fmt.Sprintf("%s_chart%d", id, n+1), title+" against "+key, pts, i, y, qs, ring)
		if !ok {
			blocks = append(blocks, block{Title: title, Text: htmlf("No chart: no point of this sweep has a value of %s. %s", names(measured), text)})
			continue
		}
		if y.Log {
			text += htmlf(" Log axis; values below %s (a difference of 0 included) are drawn at %s.", sci(RelFloor), sci(RelFloor))
		}
		blocks = append(blocks, block{Title: title, Chart: &c, Text: text})
	}
	return blocks
}

// withUnit is a measure's heading with its unit, "1" for a dimensionless
// one: every axis says its unit.
func withUnit(e analysis.Measure) string {
	if e.Unit == analysis.Dimensionless {
		return e.Label + " (1)"
	}
	return heading(e)
}

// names lists the measures' names.
func names(es []analysis.Measure) string {
	var s []string
	for _, e := range es {
		s = append(s, e.Name)
	}
	return strings.Join(s, ", ")
}

// logScale reports whether the values of qs at the points span two decades
// or more: ratios that do are drawn on a log axis (where 0 has no place).
func logScale(pts []sweepPoint, qs []quantity) bool {
	lo, hi := math.Inf(1), 0.0
	for _, p := range pts {
		for _, q := range qs {
			if v := q.value(p); v > 0 && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return hi >= 100*math.Max(lo, RelFloor)
}

// overlayBlocks draw the kernels of a small 1-D sweep on one chart, with
// their rule's steady states, and neuron 0's last period of each run.
func overlayBlocks(cs *chartSet, pts []sweepPoint) []block {
	var kc, rc []curve
	for k, p := range pts {
		if p.M == nil {
			continue
		}
		c := p.M.Curves
		color := palette[k%len(palette)]
		label := p.Run.PointLabel()
		kc = append(kc, curve{Name: label, X: ints(c.Offsets), Y: floats(c.Kernel), Color: color, Width: 2})
		if len(c.Steady) > 0 {
			kc = append(kc, curve{Name: label + " steady state", X: ints(c.Offsets), Y: floats(c.Steady), Color: color, Dashed: true})
		}
		rc = append(rc, curve{Name: label, X: floats(c.Phase), Y: floats(c.Rate), Color: color, Width: 1.5})
	}
	if len(kc) == 0 {
		return nil
	}
	k := cs.line("overlay_kernels", "Learned kernels (solid) and the rule's steady state from each run's activity (dashed)", axis{Name: "offset j"}, axis{Name: "weight"}, kc...)
	r := cs.line("overlay_rates", "Neuron 0's rate over the last period", axis{Name: "phase (s)"}, axis{Name: "rate", Min: 0, Max: 1}, rc...)
	return []block{
		{Title: "Kernels", Chart: &k, Text: htmlf("Sampled at most %d offsets each.", analysis.CurvePoints)},
		{Title: "Activity", Chart: &r, Text: "A saturated drive makes neuron 0 a low-passed square wave between 0 and 1; a weak one does not, and its range is what each run's " +
			"rate_min and rate_max give; its activity need not repeat after one period of the input (activity_period and locked in the table)."},
	}
}

func floats(v []analysis.Num) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func ints(v []int) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
