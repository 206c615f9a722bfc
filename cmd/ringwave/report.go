package main

import (
	"context"
	"fmt"
	"io"

	"ringwave/internal/flagset"

	"ringwave/report"
)

func reportFlags(fs *flagset.Set, results *string) action {
	out := fs.String("o", "", "write the pages to `DIR` (default: the results DIR/reports)")
	echarts := fs.String("echarts", "", "the `FILE` echarts.min.js to copy beside the pages (default: beside the binary, in the user cache that make echarts fills, or .cache/echarts/ from here upwards)")
	prune := fs.Bool("prune", false, "delete the pages of manifests that no longer exist (the index keeps listing them otherwise)")
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		ms, runs, err := load("report", paths, true)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		pages, err := report.Write(ctx, ms, runs, report.Options{Results: *results, Out: *out, ECharts: *echarts, Log: stderr, Prune: *prune})
		for _, p := range pages {
			fmt.Fprintln(stdout, p)
		}
		return err
	}
}
