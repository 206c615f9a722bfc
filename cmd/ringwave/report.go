package main

import (
	"context"
	"fmt"
	"io"

	"ringwave/report"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("report")
	out := fs.String("o", "", "write the pages to `DIR` (default: the results DIR/reports)")
	echarts := fs.String("echarts", "", "the `FILE` echarts.min.js to copy beside the pages (default: .cache/echarts/echarts.min.js, searched from here upwards)")
	prune := fs.Bool("prune", false, "delete the pages of manifests that no longer exist (the index keeps listing them otherwise)")
	ms, runs, err := parse(fs, args, true, stdout)
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
