package report

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// tweaks sets the ECharts options that go-echarts has no field for:
//   - progressive: 0 on every series, so that a heatmap of 40 000 cells is
//     drawn in one frame rather than in chunks (a screenshot or a reader
//     never sees half a chart);
//   - precision on a colour scale, whose labels ECharts rounds to integers;
//   - boundaryGap: false on a category x axis, so that offset 0 sits on the
//     axis like the first point of a value axis.
type tweaks struct {
	charts.BaseConfigurationVisitor
	noBoundaryGap bool
	precision     int // decimals of the colour scale's labels
	// Labels of category axes shown: every xEvery-th, yEvery-th (0: ECharts
	// decides, and on a heatmap's y axis it lets them overlap).
	xEvery, yEvery int
	// yNameLeft: the y axis' name starts at the axis and runs right, above
	// the grid, so that a long one is never cut at the chart's left edge.
	yNameLeft bool
}

type nameTextStyle struct {
	Align string `json:"align"`
}

// axisLabel is the part of an axis' axisLabel that tweaks sets.
type axisLabel struct {
	Interval int `json:"interval"`
}

type yAxis struct {
	opts.YAxis
	AxisLabel     any            `json:"axisLabel,omitempty"`
	NameTextStyle *nameTextStyle `json:"nameTextStyle,omitempty"`
}

func (t tweaks) VisitYAxis(ys []opts.YAxis) any {
	if t.yEvery == 0 && !t.yNameLeft {
		return ys
	}
	out := make([]yAxis, len(ys))
	for i, y := range ys {
		out[i] = yAxis{YAxis: y}
		if y.AxisLabel != nil {
			out[i].AxisLabel = y.AxisLabel
		}
		if t.yEvery > 0 {
			out[i].AxisLabel = &axisLabel{Interval: t.yEvery - 1}
		}
		if t.yNameLeft {
			out[i].NameTextStyle = &nameTextStyle{Align: "left"}
		}
	}
	return out
}

type visualMap struct {
	opts.VisualMap
	Precision int `json:"precision"`
}

func (t tweaks) VisitVisualMaps(vms []opts.VisualMap) any {
	out := make([]visualMap, len(vms))
	for i, v := range vms {
		out[i] = visualMap{VisualMap: v, Precision: t.precision}
	}
	return out
}

type series struct {
	charts.SingleSeries
	Progressive int `json:"progressive"`
}

type xAxis struct {
	opts.XAxis
	BoundaryGap *bool      `json:"boundaryGap,omitempty"`
	AxisLabel   *axisLabel `json:"axisLabel,omitempty"`
}

func (t tweaks) VisitSeriesOpt(ms charts.MultiSeries) any {
	out := make([]series, len(ms))
	for i, s := range ms {
		out[i] = series{SingleSeries: s}
	}
	return out
}

func (t tweaks) VisitXAxis(xs []opts.XAxis) any {
	if !t.noBoundaryGap && t.xEvery == 0 {
		return xs
	}
	out := make([]xAxis, len(xs))
	for i, x := range xs {
		out[i] = xAxis{XAxis: x}
		if t.noBoundaryGap {
			out[i].BoundaryGap = new(false)
		}
		if t.xEvery > 0 {
			out[i].AxisLabel = &axisLabel{Interval: t.xEvery - 1}
		}
	}
	return out
}
