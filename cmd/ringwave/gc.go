package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/gc"
)

func gcFlags(fs *flagset.Set, results *string) action {
	dry := fs.Bool("dry-run", false, "only list what would be removed")
	force := fs.Bool("f", false, "remove cache entries without asking")
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		_, runs, err := load("gc", paths, true)
		if err != nil {
			return err
		}
		c := cache.Cache{Dir: *results}
		if err := c.Check(); err != nil {
			return err
		}
		plan, err := gc.Plan(c, runs)
		if err != nil {
			return err
		}
		for _, l := range append(c.LinkedShards(), c.DerivedLinks()...) {
			fmt.Fprintf(stderr, "ringwave: warning: %s is a symbolic link: gc does not follow it and leaves it alone\n", l)
		}
		groups, entries, size := gc.Groups(c, plan)
		if entries > 0 {
			fmt.Fprintf(stdout, "gc: %d cache entries (%s) are used by none of the given manifests; they were last used by\n", entries, cache.HumanBytes(size))
			for _, g := range groups {
				fmt.Fprintf(stdout, "  %s: %d runs, %s (last %s, %s)\n", g.Manifest, g.Entries, cache.HumanBytes(g.Size), g.Run, g.Last.Format("2006-01-02"))
			}
		}
		if *dry {
			var total int64
			for _, g := range plan {
				fmt.Fprintf(stdout, "would remove %s (%s, %s)\n", g.Path, g.Why, cache.HumanBytes(g.Size))
				total += g.Size
			}
			fmt.Fprintf(stdout, "gc: would remove %d items, %s\n", len(plan), cache.HumanBytes(total))
			return nil
		}
		if entries > 0 && !*force {
			in, isTerminal := confirmInput()
			if !isTerminal {
				return usageError{fmt.Sprintf("ringwave gc: would delete %d cache entries (%s) that none of the given manifests uses (listed above); "+
					"gc -f deletes them without asking, gc -dry-run lists all it would remove", entries, cache.HumanBytes(size))}
			}
			fmt.Fprintf(stderr, "Delete these %d cache entries (%s) for good? [y/N] ", entries, cache.HumanBytes(size))
			answers := make(chan string, 1)
			go func() { // a read that Ctrl-C must not wait for
				a, _ := bufio.NewReader(in).ReadString('\n')
				answers <- a
			}()
			var answer string
			select {
			case answer = <-answers:
			case <-ctx.Done():
				return ctx.Err()
			}
			if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
				fmt.Fprintln(stdout, "gc: nothing removed")
				return nil
			}
		}
		n, removed, err := c.Remove(plan, stdout)
		fmt.Fprintf(stdout, "gc: removed %d items, %s\n", n, cache.HumanBytes(removed))
		return err
	}
}

// confirmInput returns where gc reads its answer and whether that is a
// terminal (a person to ask). Tests replace it.
var confirmInput = func() (io.Reader, bool) {
	return os.Stdin, term.IsTerminal(int(os.Stdin.Fd()))
}
