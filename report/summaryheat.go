package report

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// maxMaps bounds the maps of one quantity in a sweep of more than two
// keys (one map per combination of the others): beyond it the point
// table, sortable by any key, says the rest.
const maxMaps = 6

// heatBlocks map each measurement the summary charts, and each law's
// relative difference, over the first two swept keys: a cell per point,
// its colour the value. A sweep of more keys has a map per combination of
// the others, up to maxMaps.
func heatBlocks(cs *chartSet, m *manifest.Manifest, pts []sweepPoint) []block {
	axes := m.Axes()
	xl, yl := labelsOf(axes[0]), labelsOf(axes[1])
	// The points by the values of the keys other than the first two.
	var slices_ []string
	bySlice := map[string][]sweepPoint{}
	for _, p := range pts {
		var rest []string
		for _, a := range p.Run.Point[2:] {
			rest = append(rest, a.Key+" = "+fmt.Sprint(a.Value))
		}
		k := strings.Join(rest, ", ")
		if _, ok := bySlice[k]; !ok {
			slices_ = append(slices_, k)
		}
		bySlice[k] = append(bySlice[k], p)
	}
	type mapped struct {
		name, title, unit string
		get               func(p sweepPoint) float64
		signed, relative  bool
	}
	var qs []mapped
	for _, e := range analysis.Registry {
		if e.Chart != "" && e.Column == "" && (e.Against == "" || e.Against == axes[0].Key || e.Against == axes[1].Key) {
			qs = append(qs, mapped{e.Name, e.Label, e.Unit, func(p sweepPoint) float64 { return e.Float(p.M) }, false, e.Percent})
		}
	}
	for _, l := range m.Laws {
		qs = append(qs, mapped{"law." + l.Measure + ".rel_diff", "law " + l.Measure + ": relative difference", "1",
			func(p sweepPoint) float64 { _, _, rel := lawPoint(l, p); return rel }, true, false})
	}
	text := htmlf("A cell per point: %s across, %s up, its colour the value (the scale on the right; drag its handles to "+
		"pick a range). A blank cell has no value. Hover over a cell for its number.", sweptAxisName(axes[0].Key), sweptAxisName(axes[1].Key))
	blocks := []block{{Text: text}}
	for qi, q := range qs {
		for si, sl := range slices_ {
			if si == maxMaps {
				blocks = append(blocks, block{Text: htmlf("%d more maps of %s left out: the table of points has every value.", len(slices_)-maxMaps, q.name)})
				break
			}
			g := Grid{Rows: len(yl), Cols: len(xl), Values: make([]float64, len(xl)*len(yl))}
			for i := range g.Values {
				g.Values[i] = math.NaN()
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, p := range bySlice[sl] {
				c := slices.Index(xl, fmt.Sprint(p.Run.Point[0].Value))
				r := slices.Index(yl, fmt.Sprint(p.Run.Point[1].Value))
				v := q.get(p)
				if c < 0 || r < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
					continue
				}
				g.Values[r*g.Cols+c] = v
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			title := q.title + " over " + axes[0].Key + " × " + axes[1].Key
			if sl != "" {
				title += " at " + sl
			}
			if math.IsInf(lo, 1) {
				blocks = append(blocks, block{Title: title, Text: htmlf("No map: no point has a value of %s.", q.name)})
				continue
			}
			colors := viridis
			note := template.HTML("")
			switch {
			case q.signed:
				// Symmetric around 0, so that white is "as predicted".
				lim := math.Max(math.Abs(lo), math.Abs(hi))
				lo, hi, colors = -lim, lim, diverging
			case q.relative && lo >= 0 && hi > 100*math.Max(lo, RelFloor):
				// Relative differences over decades: their decade.
				for i, v := range g.Values {
					if !math.IsNaN(v) {
						g.Values[i] = math.Log10(math.Max(v, RelFloor))
					}
				}
				lo, hi = math.Log10(math.Max(lo, RelFloor)), math.Log10(hi)
				note = htmlf("Coloured by log<sub>10</sub> of %s (−2 is 1 %%), values below %s drawn at log<sub>10</sub> %s.", q.name, sci(RelFloor), sci(RelFloor))
				q.name = "log10 " + q.name
			default:
				lo, hi = flatScale(lo, hi)
			}
			unit := q.name
			if q.unit != "" && q.unit != analysis.Dimensionless {
				unit += " (" + q.unit + ")"
			}
			c := cs.sweepHeat(fmt.Sprintf("map%d_%d", qi+1, si+1), title, g, sweptAxisName(axes[0].Key), sweptAxisName(axes[1].Key), xl, yl, lo, hi, colors, unit)
			blocks = append(blocks, block{Chart: &c, Text: note})
		}
	}
	return blocks
}

// labelsOf are an axis' values as the map labels them, in sweep order.
func labelsOf(a manifest.Axis) []string {
	var out []string
	for _, v := range a.Values {
		s := fmt.Sprint(v)
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// viridis is the sequential scale of the maps: dark to light, none of it
// white, so that a low value is never mistaken for a blank cell.
var viridis = []string{"#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"}

// flatScale widens a colour scale whose spread is below FlatSpread of its
// size to its middle ± 1 %, so that equal values look equal.
func flatScale(lo, hi float64) (float64, float64) {
	if l, h := flatRange([]float64{lo, hi}); l != nil {
		return l.(float64), h.(float64)
	}
	return lo, hi
}

// maxLabelled is the most cells whose maps write each cell's value.
const maxLabelled = 150

// sweepHeat is heat for a sweep's map: the same colour bar, and each
// cell's value written in it when there are few.
func (s *chartSet) sweepHeat(name, title string, g Grid, xName, yName string, xLabels, yLabels []string, lo, hi float64, colors []string, quantity string) chart {
	if !(hi > lo) {
		hi = lo + 1
	}
	c := charts.NewHeatMap()
	c.SetGlobalOptions(s.options(name, title, chartWidth, 120+max(300, 40*len(yLabels)))...)
	c.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Name: xName, Type: "category", NameLocation: "middle", NameGap: 30, Data: xLabels}),
		charts.WithYAxisOpts(opts.YAxis{Name: yName, Type: "category", Data: yLabels}),
		charts.WithVisualMapOpts(opts.VisualMap{
			Type: "continuous", Calculable: opts.Bool(true), Min: float32(lo), Max: float32(hi),
			Orient: "vertical", Right: "10", Top: "middle", Text: []string{quantity, ""},
			InRange: &opts.VisualMapInRange{Color: colors},
		}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "60", Left: "40", Right: "170", Bottom: "60", ContainLabel: opts.Bool(true)}),
	)
	c.AddSeries(title, nil, charts.WithLabelOpts(opts.Label{Show: opts.Bool(g.Rows*g.Cols <= maxLabelled), Color: "#ffffff",
		Formatter: string(opts.FuncOpts(`function (p) { return p.value[2] == null ? '' : (+p.value[2].toPrecision(4)).toString(); }`))}))
	c.MultiSeries[0].Data = cells{g}
	return snippet(c.ChartID, c, tweaks{precision: decimals(hi - lo), yNameLeft: true,
		xEvery: labelEvery(g.Cols, 690), yEvery: max(1, (g.Rows*16+409)/410)})
}
