package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
)

func pathFlags(fs *flagset.Set, results *string) action {
	return func(_ context.Context, paths []string, stdout, stderr io.Writer) error {
		_, runs, err := load("path", paths, true)
		if err != nil {
			return err
		}
		c := cache.Cache{Dir: *results}
		for _, r := range runs {
			if r.Manifest.Requested { // not the references the manifests name
				fmt.Fprintln(stdout, c.EntryDir(r.Key))
			}
		}
		return nil
	}
}

func statusFlags(fs *flagset.Set, results *string) action {
	verbose := fs.Bool("v", false, "also print each run's expected size on disk and what goes into its key")
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		_, runs, err := load("status", paths, true)
		if err != nil {
			return err
		}
		c := cache.Cache{Dir: *results}
		list, toCompute, toWrite, err := executor.Status(ctx, c, runs)
		if err != nil {
			return err
		}
		for _, s := range list {
			r := s.Run
			line := fmt.Sprintf("%s  %.12s  %s", r.Name, r.Key, s.State)
			switch {
			case s.Problem != nil:
				line += ": " + s.Problem.Error()
			case s.Record != nil:
				line += fmt.Sprintf("  %s  (%.1f s, %.0f steps/s)", c.EntryDir(r.Key), s.Record.Provenance.WallSeconds, s.Record.Provenance.StepsPerSecond)
			}
			if u := c.UpstreamMissing(r); u != nil && s.State != cache.Cached {
				line += fmt.Sprintf("  (its upstream %s is missing: ringwave run computes it first)", u.Name)
			}
			fmt.Fprintln(stdout, line)
			if *verbose {
				disk := s.Disk
				fmt.Fprintf(stdout, "  size on disk %s: activity %s, weights %s and initial %s, history %s, run.json and side files ≤ %s\n",
					cache.HumanBytes(disk.Total()), cache.HumanBytes(disk.Activity), cache.HumanBytes(disk.Weights),
					cache.HumanBytes(disk.Initial), cache.HumanBytes(disk.History), cache.HumanBytes(disk.Other))
				fmt.Fprintf(stdout, "  key %s = sha256 of\n  %s\n", r.Key, strings.ReplaceAll(r.KeyMaterial(), "\n", "\n  "))
			}
		}
		summary := fmt.Sprintf("%d runs: %d cached, %d to compute", len(runs), len(runs)-toCompute, toCompute)
		if toCompute > 0 {
			summary += fmt.Sprintf(" (%s to write)", cache.HumanBytes(toWrite))
		}
		fmt.Fprintln(stdout, summary)
		return nil
	}
}
