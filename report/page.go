package report

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"ringwave/report/analysis"
)

// page is one HTML file: a title, and a section per run.
type page struct {
	File        string // name in the output directory
	Title       string
	Manifest    string
	Description string
	Reference   string
	Upstream    string        // the manifest whose final weights its runs start from ([init] from)
	Up          string        // a point's page: its sweep's summary
	Intro       template.HTML // under the title
	Sections    []section
	Index       *indexTable // index.html only
	Charts      bool        // whether the page loads echarts
	NoECharts   bool        // echarts.min.js was not found at render time
}

type section struct {
	Anchor string
	Title  string
	Meta   template.HTML
	Notice string // why the run cannot be shown; "" when it can
	Blocks []block
}

// block is a figure or a table with its explanation.
type block struct {
	Title string
	Text  template.HTML
	Chart *chart
	Table *table
}

type table struct {
	Head     []string
	Rows     [][]template.HTML
	Sortable bool // clicking a heading sorts the rows (the index)
}

// echartsFile is the script the pages load from their own directory.
const echartsFile = "echarts.min.js"

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; color: #222; max-width: 980px; margin: 0 auto; padding: 0 16px 64px; }
body.index { max-width: 1240px; font-size: 14px; }
#filter { font: inherit; padding: 4px 8px; width: 24em; margin: 4px 0 8px; }
tr.detail { display: none; background: #fafafa; } tr.open + tr.detail, tr.detail.shown { display: table-row; }
tr.gone td { color: #888; } .runs-ok { color: #17702b; } .runs-missing { color: #b00; font-weight: bold; } .gone-mark { color: #b00; font-weight: bold; font-size: 0.85em; }
button.toggle { border: none; background: none; cursor: pointer; font-size: 1em; padding: 0 4px; }
div.reports { overflow: auto; max-height: 85vh; border: 1px solid #ddd; } div.reports table { margin: 0; }
td.title { max-width: 18em; overflow: hidden; text-overflow: ellipsis; }
h1 { font-size: 1.6em; margin-top: 24px; } h2 { border-bottom: 1px solid #ccc; margin-top: 48px; } h3 { margin: 32px 0 4px; }
code { background: #f3f3f3; padding: 0 3px; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td code.key { word-break: break-all; font-size: 0.85em; }
th { background: #f6f6f6; }
.warning { background: #fff3cd; border: 1px solid #e0b400; padding: 10px 14px; margin: 16px 0; }
.notice { background: #fde2e1; border: 1px solid #d33; padding: 10px 14px; }
.meta { color: #555; }
.status-cached { color: #17702b; } .status-missing, .status-corrupt, .status-unreadable { color: #b00; font-weight: bold; }
.regime { color: #17702b; } .regime-off { color: #b00; font-weight: bold; }
table.sortable th { cursor: pointer; user-select: none; position: sticky; top: 0; z-index: 1; box-shadow: 0 1px 0 #ccc; }
table.sortable th:hover { background: #e8e8e8; }
table.sortable th::after { content: " ↕"; color: #bbb; } table.sortable th[data-dir=up]::after { content: " ▲"; color: #222; } table.sortable th[data-dir=down]::after { content: " ▼"; color: #222; }
section table { display: block; overflow-x: auto; max-width: 100%; } table.sortable td { white-space: nowrap; }
.container { margin: 8px 0; } .item { margin: 0 auto; }
</style>
{{- if .Charts}}
<script src="` + echartsFile + `"></script>
{{- end}}
</head>
<body{{if .Index}} class="index"{{end}}>
{{- if .Charts}}
<div id="echarts-missing" class="warning"><b>The charts of this page need ECharts.</b>
The page loads <code>` + echartsFile + `</code> (ECharts ` + echartsVersion + `) from its own directory{{if .NoECharts}}, and it was not found when the page was rendered{{end}}.
Fetch it once with <code>make echarts</code> (or <code>tools/fetch-echarts.sh</code>; it needs npm and the network),
then run <code>ringwave report</code> again; or copy <code>` + echartsFile + `</code> beside this page. The numbers below are complete without it.</div>
<script>if (window.echarts) { document.getElementById("echarts-missing").remove(); }</script>
{{- end}}
{{- if not .Index}}
<p class="meta"><a href="index.html">All reports</a>{{if .Up}} · <a href="{{.Up}}">the sweep's summary</a>{{end}}</p>
{{- end}}
<h1>{{.Title}}</h1>
{{- if .Manifest}}
<p class="meta">Manifest <code>{{.Manifest}}</code>{{if .Reference}}, compared with <code>{{.Reference}}</code>{{end}}{{if .Upstream}}, starting from the final weights of <code>{{.Upstream}}</code>{{end}}.{{if .Description}} {{.Description}}{{end}}</p>
{{- end}}
{{- with .Intro}}
<p>{{.}}</p>
{{- end}}
{{- with .Index}}
<p>{{.Text}}</p>
{{.Body}}
{{- end}}
{{- range .Sections}}
<section id="{{.Anchor}}">
<h2>{{.Title}}</h2>
<p class="meta">{{.Meta}}</p>
{{- if .Notice}}
<p class="notice">{{.Notice}}</p>
{{- end}}
{{- range .Blocks}}
{{- if .Title}}
<h3>{{.Title}}</h3>
{{- end}}
{{- if .Text}}
<p>{{.Text}}</p>
{{- end}}
{{- with .Chart}}
{{.Element}}
{{.Script}}
{{- end}}
{{- with .Table}}{{template "table" .}}{{end}}
{{- end}}
</section>
{{- end}}
<script>
// Sort the rows by the column clicked: numbers by value (a cell is read
// as the number it starts with), text in natural order (bulk_2 before
// bulk_10), missing values ("", "-", "n/a") last; clicking again
// reverses. A row's detail rows (class "detail") move with it.
document.querySelectorAll("table.sortable").forEach(table => table.querySelectorAll("tr.head th").forEach((th, col) => th.addEventListener("click", () => {
  const body = table.tBodies[0];
  const groups = [];
  [...body.rows].forEach(r => { if (r.classList.contains("head")) return; if (r.classList.contains("detail") && groups.length) groups[groups.length - 1].push(r); else groups.push([r]); });
  const dir = th.dataset.dir === "up" ? -1 : 1;
  table.querySelectorAll("tr.head th").forEach(h => delete h.dataset.dir);
  th.dataset.dir = dir > 0 ? "up" : "down";
  const key = g => { const s = g[0].cells[col] ? g[0].cells[col].textContent.trim() : ""; const f = parseFloat(s); return s === "" || s === "-" || s === "n/a" ? null : isNaN(f) || !/^[-+.\d]/.test(s) ? s : f; };
  const natural = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
  groups.sort((a, b) => {
    const x = key(a), y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x !== typeof y) return (typeof x === "number" ? -1 : 1) * dir;
    return (typeof x === "number" ? (x < y ? -1 : x > y ? 1 : 0) : natural.compare(x, y)) * dir;
  });
  groups.forEach(g => g.forEach(r => body.appendChild(r)));
})));
</script>
</body>
</html>
{{define "table"}}<table{{if .Sortable}} class="sortable"{{end}}>
<tr class="head">{{range .Head}}<th>{{.}}</th>{{end}}</tr>
{{- range .Rows}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</table>{{end}}
`))

// render returns the page's HTML.
func (p *page) render() ([]byte, error) {
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// htmlf formats like fmt.Sprintf into HTML; format is trusted markup, the
// string arguments are escaped.
func htmlf(format string, args ...any) template.HTML {
	for i, a := range args {
		switch a := a.(type) {
		case string:
			args[i] = template.HTMLEscapeString(a)
		case template.HTML:
			args[i] = string(a)
		}
	}
	return template.HTML(fmt.Sprintf(format, args...))
}

// g formats a number with 4 significant digits, a whole number below a
// million without exponent.
func g(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return analysis.FormatNumber(v, 4)
}

// pct formats a ratio as a percentage, as the registry does.
func pct(v float64) string { return analysis.Percent(v) }

// cellsOf turns strings into escaped table cells.
func cellsOf(s ...string) []template.HTML {
	out := make([]template.HTML, len(s))
	for i, v := range s {
		out[i] = template.HTML(template.HTMLEscapeString(v))
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

func joinSpace(s []string) string { return strings.Join(s, " ") }

// g6 formats a number with 6 significant digits, for measured rates that
// agree with their prediction to 4.
func g6(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// signedPct formats a relative difference as a signed percentage.
func signedPct(v float64) string {
	return fmt.Sprintf("%+.3g %%", 100*v)
}
