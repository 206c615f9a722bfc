package report

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
)

// A chart is a go-echarts chart ready to be placed in a page: its <div> and
// the <script> that draws it.
type chart struct {
	ID      string
	Element template.HTML
	Script  template.HTML
}

// chartSet hands out the charts of one page. Every chart of a report is
// made through its options method, which gives it
//   - an ID derived from its name (go-echarts would draw a random one), so
//     that the same runs render byte-identical pages;
//   - the local asset host: the page loads echarts.min.js from beside
//     itself (see page.go), never from the network;
//   - no animation, so that a chart is complete on its first frame.
type chartSet struct {
	used map[string]bool
}

// assetsHost is where go-echarts would look for its scripts. The pages load
// echarts.min.js themselves; this only keeps go-echarts' default, a URL on
// the network, out of every chart's configuration.
const assetsHost = "./"

// options returns the global options of a chart named name (unique within
// the page: a programming error otherwise) with a title and a size.
func (s *chartSet) options(name, title string, width, height int) []charts.GlobalOpts {
	id := "chart_" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, name)
	if s.used == nil {
		s.used = map[string]bool{}
	}
	if s.used[id] {
		panic("report: two charts named " + id)
	}
	s.used[id] = true
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{
			ChartID: id, AssetsHost: assetsHost, PageTitle: title,
			Width: fmt.Sprintf("%dpx", width), Height: fmt.Sprintf("%dpx", height),
			Renderer: "canvas", Theme: "white",
		}),
		charts.WithAnimation(false),
		charts.WithTitleOpts(opts.Title{Title: title, Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		// ECharts' own tools: save the chart as a PNG named after it, zoom
		// into a box of data, and back.
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "10", Bottom: "5", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Type: "png", Name: strings.TrimPrefix(id, "chart_"), Title: "save as PNG"},
			DataZoom: &opts.ToolBoxFeatureDataZoom{Show: opts.Bool(true), Icon: dataZoomIcons,
				Title: map[string]string{"zoom": "zoom into a box", "back": "undo zoom"}},
			Restore: &opts.ToolBoxFeatureRestore{Show: opts.Bool(true), Title: "reset"},
		}}),
	}
}

// dataZoomIcons are ECharts' own icons of the data zoom tool: go-echarts
// writes "icon": null without them, and ECharts then draws no button.
var dataZoomIcons = map[string]string{
	"zoom": "path://M0,13.5h26.9 M13.5,26.9V0 M32.1,13.5H58V58H13.5 V32.1",
	"back": "path://M22,1.4L9.9,13.5l12.3,12.3 M10.3,13.5H54.9v44.6 H10.3v-26",
}

// configurable is what every go-echarts chart is.
type configurable interface {
	render.Renderer
	Accept(charts.ConfigurationVisitor)
}

// snippet renders a configured chart.
func snippet(id string, c configurable, v tweaks) chart {
	c.Accept(v)
	s := c.RenderSnippet()
	return chart{ID: id, Element: template.HTML(s.Element), Script: template.HTML(s.Script)}
}

// num formats a number for a chart: sig significant digits, enough for a
// plot and its tooltips, and much shorter than %v. NaN and ±Inf, which JSON
// has not, are null (a gap).
func num(v float64, sig int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return strconv.FormatFloat(v, 'g', sig, 64)
}

// points is series data [[x, y], …] with compact numbers.
type points struct {
	X, Y []float64
}

func (p points) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('[')
	for i := range p.X {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("[" + num(p.X[i], 6) + "," + num(p.Y[i], 5) + "]")
	}
	b.WriteByte(']')
	return []byte(b.String()), nil
}

// values is series data [y, …] over a category axis.
type values []float64

func (v values) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('[')
	for i, y := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(num(y, 5))
	}
	b.WriteByte(']')
	return []byte(b.String()), nil
}

// cells is heatmap data [[column, row, value], …] over category axes.
type cells struct{ Grid }

func (c cells) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.Grow(16 * len(c.Values))
	b.WriteByte('[')
	for r := range c.Rows {
		for col := range c.Cols {
			if r+col > 0 {
				b.WriteByte(',')
			}
			b.WriteString("[" + strconv.Itoa(col) + "," + strconv.Itoa(r) + "," + num(c.Values[r*c.Cols+col], 4) + "]")
		}
	}
	b.WriteByte(']')
	return []byte(b.String()), nil
}

// curve is one line of a line chart.
type curve struct {
	Name   string
	X, Y   []float64
	Color  string
	Dashed bool
	Width  float32
	Symbol string // a marker at each point ("circle", "emptyCircle", …); "" for none
	NoLine bool   // markers only
}

// axis describes an axis: a value axis, or a category axis when Labels
// is set (then the curves' X are ignored: point i is at label i).
type axis struct {
	Name     string
	Log      bool
	Min, Max any // nil: automatic
	Labels   []string
}

func (s *chartSet) line(name, title string, x, y axis, curves ...curve) chart {
	c := charts.NewLine()
	c.SetGlobalOptions(s.options(name, title, chartWidth, 420)...)
	xa := valueAxis(x)
	if x.Log {
		xa.AxisLabel = &opts.AxisLabel{Formatter: powersOfTen}
	}
	ya := opts.YAxis{Name: y.Name, Type: axisType(y), Min: y.Min, Max: y.Max, Scale: opts.Bool(true)}
	if y.Log {
		ya.AxisLabel = &opts.AxisLabel{Formatter: powersOfTen}
	}
	top := 40 + 22*legendRows(curves, chartWidth-80)
	c.SetGlobalOptions(
		charts.WithXAxisOpts(xa),
		charts.WithYAxisOpts(ya),
		// Every curve in the legend, wrapped onto as many lines as it
		// takes (never paged), clear of the toolbox; the grid starts below
		// it and makes room for its axis labels (a log axis has long ones).
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "plain", Top: "28", Left: "40", Right: "40", Data: legend(curves)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Top: strconv.Itoa(top + 24), Left: "40", Right: "40", Bottom: "50", ContainLabel: opts.Bool(true)}),
	)
	if top > 62 { // a taller chart for a legend of several lines
		c.Initialization.Height = strconv.Itoa(420+top-62) + "px"
	}
	for _, cv := range curves {
		style := opts.LineStyle{Color: cv.Color, Width: cv.Width}
		if cv.Dashed {
			style.Type = "dashed"
		}
		if cv.NoLine {
			style.Opacity = opts.Float(0)
		}
		lc := opts.LineChart{ShowSymbol: opts.Bool(false)}
		if cv.Symbol != "" {
			lc.ShowSymbol, lc.Symbol, lc.SymbolSize = opts.Bool(true), cv.Symbol, 8
		}
		sopts := []charts.SeriesOpts{
			charts.WithLineStyleOpts(style),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: cv.Color}),
			charts.WithLineChartOpts(lc),
		}
		c.AddSeries(cv.Name, nil, sopts...)
		if x.Labels != nil {
			c.MultiSeries[len(c.MultiSeries)-1].Data = values(cv.Y)
		} else {
			c.MultiSeries[len(c.MultiSeries)-1].Data = points{cv.X, cv.Y}
		}
	}
	return snippet(c.ChartID, c, tweaks{noBoundaryGap: x.Labels != nil, yNameLeft: true})
}

// chartWidth is the width of a line chart, px: the page's column.
const chartWidth = 900

// powersOfTen labels a log axis 1e-10 … 1e10, and 0.01 … 100 as plain
// numbers: ECharts would write 0.0000000001 and 10,000,000,000.
var powersOfTen = opts.FuncOpts(`function (v) { var e = Math.round(Math.log10(v)); ` +
	`if (Math.abs(v / Math.pow(10, e) - 1) > 1e-9) return String(+v.toPrecision(3)); ` +
	`return e >= -2 && e <= 2 ? String(+v.toPrecision(3)) : '1e' + e; }`)

// legendRows is how many lines a plain legend of the curves takes in px
// of width: ECharts wraps it at about 6 px a character, 35 px for the
// icon and the gap.
func legendRows(curves []curve, px int) int {
	rows, used := 1, 0
	for _, c := range curves {
		w := 35 + 6*utf8.RuneCountInString(c.Name)
		if used > 0 && used+w > px {
			rows, used = rows+1, 0
		}
		used += w
	}
	return rows
}

// legend lists the curves.
func legend(curves []curve) []string {
	names := make([]string, len(curves))
	for i, c := range curves {
		names[i] = c.Name
	}
	return names
}

// heat draws a Grid with rows along y (bottom to top) and columns along x,
// labelled by xLabels and yLabels, coloured by value between lo and hi on a
// colour bar named by quantity (with its unit).
func (s *chartSet) heat(name, title string, g Grid, xName, yName string, xLabels, yLabels []string, lo, hi float64, colors []string, quantity string) chart {
	if !(hi > lo) {
		hi = lo + 1
	}
	c := charts.NewHeatMap()
	c.SetGlobalOptions(s.options(name, title, 900, 520)...)
	c.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Name: xName, Type: "category", NameLocation: "middle", NameGap: 30, Data: xLabels}),
		charts.WithYAxisOpts(opts.YAxis{Name: yName, Type: "category", Data: yLabels}),
		charts.WithVisualMapOpts(opts.VisualMap{
			Type: "continuous", Calculable: opts.Bool(true), Min: float32(lo), Max: float32(hi),
			Orient: "vertical", Right: "10", Top: "middle", Text: []string{quantity, ""},
			InRange: &opts.VisualMapInRange{Color: colors},
		}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "50", Left: "80", Right: "110", Bottom: "60"}),
	)
	c.AddSeries(title, nil)
	c.MultiSeries[0].Data = cells{g}
	return snippet(c.ChartID, c, tweaks{precision: decimals(hi - lo),
		xEvery: labelEvery(g.Cols, 710), yEvery: max(1, (g.Rows*16+409)/410)})
}

// labelEvery is how many cells of a category x axis of width px (a grid of
// 710 px in a heatmap) one label takes, at about 70 px a label ("14.7240").
func labelEvery(cells, px int) int { return max(1, (cells*70+px-1)/px) }

// scatter draws sets of points of the complex plane on equal axes ±r.
func (s *chartSet) complexPlane(name, title string, r float64, sets []curve, symbols []string) chart {
	c := charts.NewScatter()
	c.SetGlobalOptions(s.options(name, title, 640, 640)...)
	lim := niceCeil(r)
	c.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Name: "Re", Type: "value", Min: -lim, Max: lim, NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{Name: "Im", Type: "value", Min: -lim, Max: lim}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "28"}),
		charts.WithGridOpts(opts.Grid{Top: "70", Left: "70", Right: "40", Bottom: "50"}),
		// Most eigenvalues sit near 0: the wheel zooms in.
		charts.WithDataZoomOpts(opts.DataZoom{Type: "inside", XAxisIndex: 0, FilterMode: "none"},
			opts.DataZoom{Type: "inside", YAxisIndex: 0, FilterMode: "none"}),
	)
	for i, set := range sets {
		c.AddSeries(set.Name, nil,
			charts.WithItemStyleOpts(opts.ItemStyle{Color: set.Color}),
			charts.WithScatterChartOpts(opts.ScatterChart{Symbol: symbols[i], SymbolSize: 7}))
		c.MultiSeries[i].Data = points{set.X, set.Y}
	}
	return snippet(c.ChartID, c, tweaks{})
}

// decimals returns how many decimals show a range of width w in about
// three significant digits.
func decimals(w float64) int {
	if !(w > 0) || math.IsInf(w, 0) {
		return 0
	}
	return max(0, 2-int(math.Floor(math.Log10(w))))
}

// niceCeil rounds r > 0 up to 1, 2 or 5 times a power of ten, so that
// equal axes get round ticks.
func niceCeil(r float64) float64 {
	if !(r > 0) || math.IsInf(r, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(r)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= r {
			return m * p
		}
	}
	return 10 * p
}

func valueAxis(a axis) opts.XAxis {
	x := opts.XAxis{Name: a.Name, Type: axisType(a), Min: a.Min, Max: a.Max, NameLocation: "middle", NameGap: 28}
	if a.Labels != nil {
		x.Data = a.Labels
	}
	return x
}

func axisType(a axis) string {
	if a.Labels != nil {
		return "category"
	}
	if a.Log {
		return "log"
	}
	return "value"
}

// Colour maps: diverging for signed weights, sequential for rates.
var (
	diverging  = []string{"#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"}
	sequential = []string{"#ffffff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"}
)
