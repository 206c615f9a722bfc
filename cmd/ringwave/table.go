package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/report/analysis"
	"ringwave/report/table"
)

func tableFlags(fs *flagset.Set, results *string) action {
	format := fs.String("format", "text", "`text|csv|json`")
	sortBy := fs.String("sort", "", "sort the rows by `COLUMN` (numbers by value, missing last)")
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		_, runs, err := load("table", paths, true)
		if err != nil {
			return err
		}
		write := map[string]func(*table.Table, io.Writer) error{
			"text": (*table.Table).WriteText, "csv": (*table.Table).WriteCSV, "json": (*table.Table).WriteJSON,
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
		if *sortBy != "" {
			if err := t.Sort(*sortBy); err != nil {
				return usageError{"ringwave table: -sort: " + err.Error()}
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
