package report

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"

	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
)

// sweepPoint is what a sweep's summary keeps of one run: its page and its
// measurements (nil when it has none), never its arrays, so that a sweep of
// any size is summarised in memory proportional to its number of points.
type sweepPoint struct {
	Run    *manifest.Run
	Page   string
	Status string
	M      *analysis.Measurements
}

// palette colours the lines of a summary, one per value of the other axes.
var palette = []string{"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"}

// group is the points of a sweep that share the values of every axis but
// one, in sweep order along it.
type group struct {
	Label  string
	Color  string
	Points []sweepPoint
}

// groupsAlong splits the points into lines along axis i.
func groupsAlong(pts []sweepPoint, i int) []group {
	var gs []group
	index := map[string]int{}
	for _, p := range pts {
		var parts []string
		for j, a := range p.Run.Point {
			if j != i {
				parts = append(parts, a.Key+" = "+fmt.Sprint(a.Value))
			}
		}
		label := strings.Join(parts, ", ")
		k, ok := index[label]
		if !ok {
			k = len(gs)
			index[label] = k
			gs = append(gs, group{Label: label, Color: palette[k%len(palette)]})
		}
		gs[k].Points = append(gs[k].Points, p)
	}
	return gs
}

// axisValue returns the value of axis i at a point as a number, and false
// for a value that is not one (a model name, a boolean).
func axisValue(p sweepPoint, i int) (float64, bool) {
	switch v := p.Run.Point[i].Value.(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	}
	return 0, false
}

// quantity is one quantity of a summary chart: what it is called, how to read
// it from the measurements (or, for a law's prediction, from the point), and
// how to draw it.
type quantity struct {
	Name   string
	Get    func(m *analysis.Measurements) float64
	At     func(p sweepPoint) float64 // instead of Get: a value of the point itself
	Dashed bool
	Symbol string
	Width  float32
	// Color: one colour for every line of it (a tolerance); "" for the
	// palette's.
	Color string
	// Once: drawn once, not per line of the other axes (a tolerance).
	Once bool
}

func (q quantity) value(p sweepPoint) float64 {
	if q.At != nil {
		return q.At(p)
	}
	if p.M == nil {
		return math.NaN()
	}
	return q.Get(p.M)
}

// markers tell apart the measured quantities of one chart (a + to −
// crossing from a − to + one) when colours tell apart the lines.
var markers = []string{"circle", "triangle", "diamond", "rect", "pin"}

// RelFloor is the smallest relative difference a log axis shows: below it
// a difference is rounding (the measurements have about 6 significant
// digits), and a 0 is drawn on it rather than dropped.
const RelFloor = 1e-6

// FlatSpread is the relative spread below which a linear axis is not
// zoomed to the data: ECharts would stretch 2 … 2.0004 over the whole
// height, and a 0.02 % difference would look like a gap.
const FlatSpread = 1e-3

// sweptAxisName is a swept key with its unit from the parameter table.
func sweptAxisName(key string) string {
	for _, p := range manifest.Params() {
		if p.Key == key {
			return key + " (" + cmp.Or(p.Unit, analysis.Dimensionless) + ")"
		}
	}
	return key
}

// summaryChart draws quantities against axis i, one line per group (the
// theory's lines dashed in the group's colour), and rings the points of
// runs that have not settled. It returns false, and no chart, when no
// quantity has a value at any point.
func summaryChart(cs *chartSet, name, title string, pts []sweepPoint, i int, y axis, qs []quantity, ringUnsettled bool) (chart, bool) {
	gs := groupsAlong(pts, i)
	numeric := true
	for _, p := range pts {
		if _, ok := axisValue(p, i); !ok {
			numeric = false
		}
	}
	x := axis{Name: sweptAxisName(pts[0].Run.Point[i].Key)}
	var labels []string
	if numeric {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range pts {
			v, _ := axisValue(p, i)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		x.Log = lo > 0 && hi/lo >= 20
	} else {
		for _, p := range gs[0].Points {
			labels = append(labels, fmt.Sprint(p.Run.Point[i].Value))
		}
		x.Labels = labels
	}
	var curves []curve
	var rx, ry []float64
	any, floored := false, false
	var all []float64
	for gi, g := range gs {
		for qi, q := range qs {
			if q.Once && gi > 0 {
				continue
			}
			// One line: a colour per quantity; several: one per line,
			// the theory dashed in its line's colour, the measured
			// quantities told apart by their markers.
			c := curve{Name: q.Name, Color: cmp.Or(q.Color, palette[qi%len(palette)]), Dashed: q.Dashed, Symbol: q.Symbol, Width: q.Width}
			if len(gs) > 1 && !q.Once {
				c.Name, c.Color = q.Name+" ("+g.Label+")", cmp.Or(q.Color, g.Color)
			}
			for k, p := range g.Points {
				v := q.value(p)
				if !math.IsNaN(v) && !q.Once {
					any = true
					all = append(all, v)
				}
				if y.Log && v < RelFloor && !math.IsNaN(v) {
					v, floored = RelFloor, true // 0 drawn on the floor, not dropped
				}
				xv, _ := axisValue(p, i)
				if !numeric {
					xv = float64(k)
				}
				c.X, c.Y = append(c.X, xv), append(c.Y, v)
				if ringUnsettled && q.Symbol != "" && p.M != nil && (p.M.Settled == nil || !*p.M.Settled) && !math.IsNaN(v) {
					rx, ry = append(rx, xv), append(ry, v)
				}
			}
			curves = append(curves, c)
		}
	}
	if !any {
		return chart{}, false
	}
	if y.Log && floored {
		y.Min = RelFloor
	}
	if !y.Log && y.Min == nil && y.Max == nil {
		y.Min, y.Max = flatRange(all)
	}
	if len(rx) > 0 {
		curves = append(curves, curve{Name: "not settled (no steady state)", X: rx, Y: ry, Color: "#000000", Symbol: "emptyCircle", NoLine: true})
	}
	return cs.line(name, title, x, y, curves...), true
}

// flatRange returns an axis range for values whose spread is below
// FlatSpread of their size: their middle ± 1 % of it, so that equal
// values look equal. nil, nil: let ECharts fit the data.
func flatRange(vs []float64) (lo, hi any) {
	mn, mx := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		mn, mx = math.Min(mn, v), math.Max(mx, v)
	}
	mid := (mn + mx) / 2
	if len(vs) == 0 || mid == 0 || (mx-mn) > FlatSpread*math.Abs(mid) {
		return nil, nil
	}
	half := 0.01 * math.Abs(mid)
	// Round numbers at the ends, which ECharts labels as they are.
	// Dividing by a whole 1/step keeps 2.03 from becoming 2.0300000000000002.
	step := math.Pow(10, math.Floor(math.Log10(half)))
	if step < 1 {
		inv := math.Round(1 / step)
		return math.Floor((mid-half)*inv) / inv, math.Ceil((mid+half)*inv) / inv
	}
	return math.Floor((mid-half)/step) * step, math.Ceil((mid+half)/step) * step
}

// sci writes a power of ten as README does: 1e-6, not 1e-06.
func sci(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	s = strings.Replace(s, "e-0", "e-", 1)
	return strings.Replace(s, "e+0", "e", 1)
}

// constant returns a tolerance drawn once as a grey dashed line, its
// legend in the same grey.
func constant(name string, v float64) quantity {
	return quantity{Name: name, Dashed: true, Color: "#555555", Once: true, At: func(sweepPoint) float64 { return v }}
}
