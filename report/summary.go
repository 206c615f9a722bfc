package report

import (
	"fmt"
	"math"
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
// it from the measurements, and how to draw it.
type quantity struct {
	Name   string
	Get    func(m *analysis.Measurements) float64
	Dashed bool
	Symbol string
	Width  float32
}

// summaryChart draws quantities against axis i, one line per group (the
// theory's lines dashed in the group's colour), and rings the points of
// runs that have not settled.
func summaryChart(cs *chartSet, name, title string, pts []sweepPoint, i int, y axis, qs []quantity, ringUnsettled bool) chart {
	gs := groupsAlong(pts, i)
	numeric := true
	for _, p := range pts {
		if _, ok := axisValue(p, i); !ok {
			numeric = false
		}
	}
	x := axis{Name: pts[0].Run.Point[i].Key}
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
	for _, g := range gs {
		for qi, q := range qs {
			// One line: a colour per quantity; several: one per line,
			// the theory dashed in its line's colour.
			c := curve{Name: q.Name, Color: palette[qi%len(palette)], Dashed: q.Dashed, Symbol: q.Symbol, Width: q.Width}
			if len(gs) > 1 {
				c.Name, c.Color = q.Name+" ("+g.Label+")", g.Color
			}
			for k, p := range g.Points {
				v := math.NaN()
				if p.M != nil {
					v = q.Get(p.M)
				}
				if y.Log && !(v > 0) {
					v = math.NaN() // a log axis has no place for it
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
	if len(rx) > 0 {
		curves = append(curves, curve{Name: "not settled (no steady state)", X: rx, Y: ry, Color: "#000000", Symbol: "emptyCircle", NoLine: true})
	}
	return cs.line(name, title, x, y, curves...)
}

// constant returns a series that is the same for every point, a tolerance
// drawn as a line.
func constant(name string, v float64) quantity {
	return quantity{Name: name, Dashed: true, Get: func(*analysis.Measurements) float64 { return v }}
}
