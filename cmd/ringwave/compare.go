package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"ringwave/internal/flagset"
	"ringwave/pipeline/manifest"
	"ringwave/report"
)

func compareFlags(fs *flagset.Set, results *string) action {
	format := fs.String("format", "text", "`text|json|html` (html: a page in DIR/reports, linked from the index)")
	out := fs.String("o", "", "html: write the page to `DIR` (default: the results DIR/reports)")
	echarts := fs.String("echarts", "", "html: the `FILE` echarts.min.js to copy beside the page (default: as report finds it)")
	return func(ctx context.Context, operands []string, stdout, stderr io.Writer) error {
		if len(operands) == 0 {
			c, _ := lookup("compare")
			return usageError{"ringwave compare: no run given\n" + c.usage()}
		}
		if !slices.Contains([]string{"text", "json", "html"}, *format) {
			return usageError{fmt.Sprintf("ringwave compare: -format must be text, json or html (got %q)", *format)}
		}
		var paths []string
		var points []string
		for _, op := range operands {
			path, point := splitRun(op)
			paths, points = append(paths, path), append(points, point)
		}
		var unique []string
		for _, p := range paths {
			if !slices.Contains(unique, p) {
				unique = append(unique, p)
			}
		}
		_, runs, err := load("compare", unique, true)
		if err != nil {
			return err
		}
		var chosen []*manifest.Run
		for i, op := range operands {
			n := 0
			for _, r := range runs {
				if r.Manifest.Requested && sameFile(r.Manifest.Path, paths[i]) && matchesPoint(r, points[i]) {
					if !slices.Contains(chosen, r) {
						chosen = append(chosen, r)
					}
					n++
				}
			}
			if n == 0 {
				var labels []string
				for _, r := range runs {
					if sameFile(r.Manifest.Path, paths[i]) {
						labels = append(labels, r.PointLabel())
					}
				}
				return fmt.Errorf("%s: no run of %s at %s (its points: %s)", op, paths[i], points[i], strings.Join(labels, " "))
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		cmp, err := report.NewComparison(*results, chosen, *format == "html")
		if err != nil {
			return err
		}
		switch *format {
		case "json":
			return cmp.WriteJSON(stdout)
		case "html":
			path, err := cmp.WriteHTML(ctx, report.Options{Results: *results, Out: *out, ECharts: *echarts, Log: stderr})
			if err == nil {
				fmt.Fprintln(stdout, path)
			}
			return err
		}
		return cmp.WriteText(stdout)
	}
}

// splitRun splits a RUN operand into its manifest and its point:
// "x.toml@dynamics.lambda=10,dynamics.tau_w=5" (no quotes needed in any
// shell), or "x.toml[dynamics.lambda=10]" as run names are written (quote
// it: [ is a pattern to the shell). No point: every run of the manifest.
func splitRun(op string) (path, point string) {
	if i := strings.Index(op, ".toml@"); i >= 0 {
		return op[:i+5], op[i+6:]
	}
	if i := strings.Index(op, ".toml["); i >= 0 && strings.HasSuffix(op, "]") {
		return op[:i+5], op[i+6 : len(op)-1]
	}
	return op, ""
}

// matchesPoint reports whether run r has every key=value of point (numbers
// compared as numbers: 10 is 10.0).
func matchesPoint(r *manifest.Run, point string) bool {
	if point == "" {
		return true
	}
	for _, kv := range strings.Split(point, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return false
		}
		i := slices.IndexFunc(r.Point, func(a manifest.Assign) bool { return a.Key == k })
		if i < 0 {
			return false
		}
		have := fmt.Sprint(r.Point[i].Value)
		x, errx := strconv.ParseFloat(have, 64)
		y, erry := strconv.ParseFloat(v, 64)
		if !(have == v || errx == nil && erry == nil && x == y) {
			return false
		}
	}
	return true
}
