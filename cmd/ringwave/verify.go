package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
)

func verifyFlags(fs *flagset.Set, results *string) action {
	recompute := fs.Int("recompute", 0, "also recompute `N` cached runs of the manifests and compare bit for bit")
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		_, runs, err := load("verify", paths, false)
		if err != nil {
			return err
		}
		c := cache.Cache{Dir: *results}
		if err := c.Check(); err != nil {
			return err
		}
		var corrupt, unmoved, unreproduced int
		entries, err := c.VerifyAll(ctx, func(e cache.EntryCheck) {
			if e.Corrupt == nil {
				fmt.Fprintf(stdout, "%.12s  ok\n", e.Key)
				return
			}
			corrupt++
			fmt.Fprintf(stdout, "%.12s  CORRUPT: %v\n", e.Key, e.Corrupt)
			if e.Unmoved != nil {
				unmoved++
				fmt.Fprintf(stdout, "%.12s  could not be moved aside: %v\n", e.Key, e.Unmoved)
			}
		})
		if err != nil {
			return err
		}
		for _, l := range c.LinkedShards() { // not followed: its entries are not served
			corrupt++
			unmoved++
			fmt.Fprintf(stdout, "%s  CORRUPT: a symbolic link where a shard of the cache should be (not followed; remove it, then ringwave run recomputes its runs)\n", l)
		}
		for _, l := range c.DerivedLinks() {
			fmt.Fprintf(stdout, "%s  not followed: a symbolic link where ringwave keeps derived data\n", l)
		}
		derived := c.VerifyDerived()
		for _, d := range derived {
			what := "removed: recomputed when next needed"
			if !d.Removed {
				what = "could not be removed"
			}
			fmt.Fprintf(stdout, "%s  DAMAGED: %v (%s)\n", d.Path, d.Problem, what)
		}
		if *recompute > 0 {
			err := executor.RecomputeSample(ctx, c, runs, *recompute, uint64(entries), func(r *manifest.Run, err error) {
				if err != nil {
					unreproduced++
					fmt.Fprintf(stdout, "%s  %.12s  NOT REPRODUCED: %v\n", r.Name, r.Key, err)
					return
				}
				fmt.Fprintf(stdout, "%s  %.12s  recomputed: identical\n", r.Name, r.Key)
			})
			if err != nil {
				return err
			}
		}
		var problems []string
		if moved := corrupt - unmoved; moved > 0 {
			problems = append(problems, fmt.Sprintf("%d corrupt entries moved to %s (ringwave run recomputes them)", moved, filepath.Join(*results, "cache", "quarantine")))
		}
		if unmoved > 0 {
			problems = append(problems, fmt.Sprintf("%d corrupt entries could not be moved aside (see above; ringwave run -force recomputes them)", unmoved))
		}
		if unreproduced > 0 {
			problems = append(problems, fmt.Sprintf("%d runs not reproduced", unreproduced))
		}
		if len(derived) > 0 {
			problems = append(problems, fmt.Sprintf("%d damaged measurements files removed (measured again when next needed)", len(derived)))
		}
		if len(problems) > 0 && corrupt == 0 {
			return fmt.Errorf("verify: %d entries verified, but %s", entries, strings.Join(problems, "; "))
		}
		if len(problems) > 0 {
			return fmt.Errorf("verify: %d of %d entries corrupt: %s", corrupt, entries+len(c.LinkedShards()), strings.Join(problems, "; "))
		}
		fmt.Fprintf(stdout, "%d entries verified\n", entries)
		return nil
	}
}
