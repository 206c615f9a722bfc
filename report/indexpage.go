package report

import (
	"errors"
	"fmt"
	"html/template"
	"math"
	"os"
	"slices"
	"strings"
	"unicode"

	"ringwave/report/analysis"
)

// writeIndex writes index.html from every record in the output
// directory: one row per report, in natural order of names (bulk_2 before
// bulk_10), with its swept keys as columns, which a click expands to a row
// per point; a filter box; headings that sort and stay in view. A report
// whose manifest is gone is marked.
func (w *writer) writeIndex() (string, error) {
	recs := loadRecords(w.opt.Out)
	slices.SortStableFunc(recs, func(a, b loadedRecord) int { return naturalCompare(a.Name, b.Name) })
	cols := analysis.In(analysis.InIndex)
	var swept []string
	for _, rec := range recs {
		for _, r := range rec.Runs {
			for _, kv := range pointOf(rec.Name, r.Name) {
				if !slices.Contains(swept, kv[0]) {
					swept = append(swept, kv[0])
				}
			}
		}
	}
	head := []string{"", "report", "title", "runs", "status"}
	head = append(head, swept...)
	head = append(head, "model", "N")
	for _, e := range cols {
		head = append(head, heading(e))
	}
	var b strings.Builder
	b.WriteString(`<input id="filter" type="search" placeholder="filter: a name, a value, a regime…" aria-label="filter the reports"> <span id="shown"></span>` + "\n")
	// The table scrolls in its own box, both ways, under headings that
	// stay in view: wide enough for every column, never wider than the page.
	b.WriteString(`<div class="reports"><table class="sortable" id="reports">` + "\n<tr class=\"head\">")
	for _, h := range head {
		b.WriteString("<th>" + template.HTMLEscapeString(h) + "</th>")
	}
	b.WriteString("</tr>\n")
	var runs, cached int
	var gone []string
	for _, rec := range recs {
		_, err := os.Stat(rec.Abs)
		isGone := errors.Is(err, os.ErrNotExist)
		if isGone {
			gone = append(gone, rec.Manifest)
		}
		ok := 0
		for _, r := range rec.Runs {
			runs++
			if r.M != nil {
				cached++
				ok++
			}
		}
		class := "report"
		if isGone {
			class += " gone"
		}
		report := htmlf(`<a href="%s">%s</a>`, escapeLink(rec.File), rec.Name)
		if isGone {
			report += htmlf(` <span class="gone-mark" title="%s no longer exists; ringwave report -prune deletes these pages">manifest gone</span>`, rec.Manifest)
		}
		if rec.Upstream != "" {
			report += htmlf(` <small>from <a href="%s">%s</a></small>`, escapeLink(rec.UpstreamFile), rec.Upstream)
		}
		toggle := template.HTML("")
		if len(rec.Runs) > 1 {
			toggle = `<button class="toggle" aria-label="show the points">▸</button>`
		}
		// A run's own status; a sweep's count of its computed points.
		var status template.HTML
		switch {
		case len(rec.Runs) == 1:
			status = htmlf(`<span class="status-%s">%s</span>`, rec.Runs[0].Status, rec.Runs[0].Status)
		case ok == len(rec.Runs):
			status = htmlf(`<span class="runs-ok">%d computed</span>`, ok)
		default:
			status = htmlf(`<span class="runs-missing">%d of %d computed</span>`, ok, len(rec.Runs))
		}
		row := []template.HTML{toggle, report, htmlf(`<span title="%s">%s</span>`, rec.Title, rec.Title), template.HTML(itoa(len(rec.Runs))), status}
		for _, k := range swept {
			row = append(row, template.HTML(template.HTMLEscapeString(sweptRange(rec.pageRecord, k))))
		}
		row = append(row, cellsOf(uniform(rec.pageRecord, func(r runRecord) string { return r.Model }), uniform(rec.pageRecord, func(r runRecord) string { return itoa(r.Neurons) }))...)
		for _, e := range cols {
			switch {
			case len(rec.Runs) == 1:
				row = append(row, measureCell(e, rec.Runs[0].M, false))
			case e.Name == "regime":
				row = append(row, template.HTML(template.HTMLEscapeString(regimeCounts(rec.pageRecord))))
			default:
				row = append(row, template.HTML(template.HTMLEscapeString(spread(rec.pageRecord, e))))
			}
		}
		writeRow(&b, class, row, 2)
		if len(rec.Runs) < 2 {
			continue
		}
		for _, r := range rec.Runs {
			link := r.Page
			if r.Page == rec.File {
				link += "#" + r.Anchor
			}
			point := pointOf(rec.Name, r.Name)
			label := r.Name
			if len(point) > 0 {
				label = strings.TrimPrefix(r.Name, rec.Name)
			}
			row := []template.HTML{"", htmlf(`<a href="%s">%s</a>`, escapeLink(link), label), "", "", htmlf(`<span class="status-%s">%s</span>`, r.Status, r.Status)}
			for _, k := range swept {
				v := ""
				for _, kv := range point {
					if kv[0] == k {
						v = kv[1]
					}
				}
				row = append(row, template.HTML(template.HTMLEscapeString(v)))
			}
			row = append(row, cellsOf(r.Model, itoa(r.Neurons))...)
			for _, e := range cols {
				row = append(row, measureCell(e, r.M, false))
			}
			writeRow(&b, "detail", row, -1)
		}
	}
	b.WriteString("</table></div>\n")
	b.WriteString(indexScript)
	compares, titles := comparePages(w.opt.Out)
	text := htmlf("<b>%d reports, %d runs, %d shown, %d not computed or unreadable.</b> "+
		"Every manifest reported into this directory is listed, with the numbers of its last <code>ringwave report</code>: one row per report, "+
		"▸ opens a row per point of a sweep. Type in the box to keep the reports whose text (or any point's) contains it; "+
		"click a column's heading to sort by it (again to reverse). A sweep's row gives the range of each swept key with its number of values, "+
		"of each measurement its range over the points, and how many points are in each regime. "+
		"<i>vs steady state</i> is the learned kernel's relative difference from the rule's steady state computed from the run's own activity; "+
		"<i>vs travelling wave</i> from the steady state of neuron 0's rate shifted round the ring; the regime says which theory holds "+
		"(see a sweep's summary). Each run's files are in <code>%s/cache/</code> under its key (<code>ringwave path</code>). "+
		"The pages are static and work offline: to share them, send this whole directory (with <code>%s</code>).",
		len(recs), runs, cached, runs-cached, w.opt.Results, echartsFile)
	if len(gone) > 0 {
		text += htmlf(" <b>Manifests no longer there (marked):</b> %s; their pages stay until <code>ringwave report -prune</code>.", strings.Join(gone, ", "))
	}
	if len(compares) > 0 {
		text += " <b>Comparisons</b> (<code>ringwave compare -format html</code>): "
		for i, f := range compares {
			if i > 0 {
				text += ", "
			}
			text += htmlf(`<a href="%s">%s</a>`, escapeLink(f), titles[i])
		}
		text += "."
	}
	return w.write(&page{File: "index.html", Title: "ringwave reports", Index: &indexTable{Text: text, Body: template.HTML(b.String())}})
}

// writeRow writes a row of cells; the cell at title (if ≥ 0) gets the
// class that cuts a long title with an ellipsis.
func writeRow(b *strings.Builder, class string, cells []template.HTML, title int) {
	b.WriteString(`<tr class="` + class + `">`)
	for i, c := range cells {
		if i == title {
			b.WriteString(`<td class="title">` + string(c) + "</td>")
		} else {
			b.WriteString("<td>" + string(c) + "</td>")
		}
	}
	b.WriteString("</tr>\n")
}

// pointOf reads a run's sweep point back from its name,
// "NAME[k=v,k=v]": the key=value pairs, none for a run without sweep.
func pointOf(name, run string) [][2]string {
	label, ok := strings.CutPrefix(run, name+"[")
	if !ok || !strings.HasSuffix(label, "]") {
		return nil
	}
	var out [][2]string
	for _, kv := range strings.Split(strings.TrimSuffix(label, "]"), ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			out = append(out, [2]string{k, v})
		} else if len(out) > 0 { // a value with a comma
			out[len(out)-1][1] += "," + kv
		}
	}
	return out
}

// sweptRange is the values of key k over a report's points: "10 … 80 (4)",
// or the one value.
func sweptRange(rec pageRecord, k string) string {
	var vals []string
	for _, r := range rec.Runs {
		for _, kv := range pointOf(rec.Name, r.Name) {
			if kv[0] == k && !slices.Contains(vals, kv[1]) {
				vals = append(vals, kv[1])
			}
		}
	}
	switch len(vals) {
	case 0:
		return ""
	case 1:
		return vals[0]
	}
	slices.SortFunc(vals, naturalCompare)
	return fmt.Sprintf("%s … %s (%d)", vals[0], vals[len(vals)-1], len(vals))
}

// spread is a measurement's range over a report's points: "0.45 … 1.8",
// one value when they agree, "" when none has it.
func spread(rec pageRecord, e analysis.Measure) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	var loS, hiS string
	for _, r := range rec.Runs {
		v := e.Float(r.M)
		if math.IsNaN(v) {
			continue
		}
		if v < lo {
			lo, loS = v, e.Format(e.Value(r.M))
		}
		if v > hi {
			hi, hiS = v, e.Format(e.Value(r.M))
		}
	}
	switch {
	case math.IsInf(lo, 1):
		return ""
	case loS == hiS:
		return loS
	}
	return loS + " … " + hiS
}

// regimeCounts counts a report's points by regime: "closed_form ×3, none ×1".
func regimeCounts(rec pageRecord) string {
	var names []string
	n := map[string]int{}
	for _, r := range rec.Runs {
		if r.M == nil {
			continue
		}
		g := string(r.M.Regime)
		if n[g] == 0 {
			names = append(names, g)
		}
		n[g]++
	}
	var parts []string
	for _, g := range names {
		parts = append(parts, fmt.Sprintf("%s ×%d", g, n[g]))
	}
	return strings.Join(parts, ", ")
}

// uniform is f of a report's runs when they all agree, else "mixed".
func uniform(rec pageRecord, f func(runRecord) string) string {
	if len(rec.Runs) == 0 {
		return ""
	}
	v := f(rec.Runs[0])
	for _, r := range rec.Runs[1:] {
		if f(r) != v {
			return "mixed"
		}
	}
	return v
}

// naturalCompare orders strings with their runs of digits by value:
// bulk_2 before bulk_10.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		if unicode.IsDigit(rune(a[0])) && unicode.IsDigit(rune(b[0])) {
			i, j := digits(a), digits(b)
			x, y := strings.TrimLeft(a[:i], "0"), strings.TrimLeft(b[:j], "0")
			if len(x) != len(y) {
				return len(x) - len(y)
			}
			if x != y {
				return strings.Compare(x, y)
			}
			a, b = a[i:], b[j:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// indexScript opens and closes a report's points, and filters the
// reports by the text in the box.
const indexScript = `<script>
document.querySelectorAll("#reports button.toggle").forEach(btn => btn.addEventListener("click", e => {
  e.stopPropagation();
  const row = btn.closest("tr"), open = !row.classList.contains("open");
  row.classList.toggle("open", open);
  btn.textContent = open ? "▾" : "▸";
  for (let r = row.nextElementSibling; r && r.classList.contains("detail"); r = r.nextElementSibling) r.classList.toggle("shown", open);
}));
(function () {
  const box = document.getElementById("filter"), shown = document.getElementById("shown");
  const table = document.getElementById("reports");
  function apply() {
    const q = box.value.trim().toLowerCase();
    let n = 0, total = 0;
    table.querySelectorAll("tr.report").forEach(row => {
      const group = [row];
      for (let r = row.nextElementSibling; r && r.classList.contains("detail"); r = r.nextElementSibling) group.push(r);
      const hit = q === "" || group.some(r => r.textContent.toLowerCase().includes(q));
      row.style.display = hit ? "" : "none";
      group.slice(1).forEach(r => r.style.display = hit ? "" : "none");
      total++; if (hit) n++;
    });
    shown.textContent = q === "" ? "" : n + " of " + total + " reports";
  }
  box.addEventListener("input", apply);
})();
</script>
`
