package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/report"
	"ringwave/report/analysis"
	"ringwave/report/table"
)

func tableFlags(fs *flagset.Set, results *string) action {
	format := fs.String("format", "text", "`text|csv|json`")
	sortBy := fs.String("sort", "", "sort the rows by `COLUMNS`, comma-separated, the first deciding; -col descending (numbers by value, missing last)")
	columns := fs.String("columns", "", "show only `COLUMNS`, comma-separated, in that order; globs such as law.* (default: text shows the main ones within 100 characters, csv and json all)")
	where := fs.String("where", "", "keep the rows for which `EXPR` is true, over the columns: regime == \"closed_form\" && dynamics.lambda >= 20 (the language of [[law]])")
	all := fs.Bool("all", false, "also every manifest any `ringwave report` recorded in DIR/reports (those still there)")
	width := fs.Int("width", table.TextWidth, "text: fit `N` characters by leaving out the last columns (0: no limit)")
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		if *all {
			recorded, gone := report.Recorded(*results)
			for _, g := range gone {
				fmt.Fprintf(stderr, "ringwave: table -all: %s was reported but no longer exists; left out\n", g)
			}
			for _, p := range recorded {
				if !slices.Contains(paths, p) {
					paths = append(paths, p)
				}
			}
			if len(paths) == 0 {
				return fmt.Errorf("table -all: no report recorded in %s and no manifest given", *results)
			}
		}
		_, runs, err := load("table", paths, true)
		if err != nil {
			return err
		}
		write := map[string]func(*table.Table, io.Writer) error{
			"text": func(t *table.Table, w io.Writer) error {
				left, err := t.WriteText(w, *width)
				if len(left) > 0 {
					fmt.Fprintf(stderr, "ringwave: %d more columns (%s) left out to fit %d characters: -columns chooses, -width 0 shows all of the default ones, -format csv has every column\n",
						len(left), strings.Join(left, ", "), *width)
				}
				return err
			},
			"csv": (*table.Table).WriteCSV, "json": (*table.Table).WriteJSON,
		}[*format]
		if write == nil {
			return usageError{fmt.Sprintf("ringwave table: -format must be text, csv or json (got %q)", *format)}
		}
		c := cache.Cache{Dir: *results}
		store := analysis.NewStore(*results)
		var rows []table.Row
		var missing []string // manifests with runs to compute
		for _, r := range runs {
			if !r.Manifest.Requested { // a reference is tabled only when named
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			row := table.Row{Run: r}
			res, state, problem := c.Open(r)
			row.Status = state.String()
			switch {
			case state != cache.Cached:
				if problem != nil {
					fmt.Fprintf(stderr, "ringwave: %s: %v\n", r.Name, problem)
				}
				if c.UpstreamMissing(r) != nil {
					row.Status = table.UpstreamMissing
				}
				if !slices.Contains(missing, r.Manifest.Path) {
					missing = append(missing, r.Manifest.Path)
				}
			default:
				m, _, err := store.Measure(res, analysis.NewInfo(r))
				if err != nil {
					row.Status = "unreadable"
					fmt.Fprintf(stderr, "ringwave: %v\n", err)
				}
				row.Measurements = m
			}
			rows = append(rows, row)
		}
		t := table.Build(rows)
		if *where != "" {
			if err := t.Where(*where); err != nil {
				return usageError{"ringwave table: -where: " + err.Error()}
			}
		}
		if *sortBy != "" {
			if err := t.SortBy(strings.Split(*sortBy, ",")); err != nil {
				return usageError{"ringwave table: -sort: " + err.Error()}
			}
		}
		if *columns != "" {
			if err := t.Select(strings.Split(*columns, ",")); err != nil {
				return usageError{"ringwave table: -columns: " + err.Error()}
			}
		}
		if err := write(t, stdout); err != nil {
			return err
		}
		if msg := store.UnsavedWarning(); msg != "" { // the numbers are printed all the same
			fmt.Fprintln(stderr, "ringwave: "+msg)
		}
		if len(missing) > 0 {
			fmt.Fprintf(stderr, "ringwave: some runs are not computed (status missing or corrupt): run `%s`\n", c.RunCommand(missing...))
		}
		return nil
	}
}
