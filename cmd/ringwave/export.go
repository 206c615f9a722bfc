package main

import (
	"context"
	"fmt"
	"io"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/export"
)

// exportFlags: export writes computed runs as .npz files for readers
// without ringwave. It computes nothing: a run that is not in the cache is
// an error naming the `ringwave run` that makes it, and then nothing is
// written. It writes all its files or none.
func exportFlags(fs *flagset.Set, results *string) action {
	out := fs.String("o", "", "write every run into the one `FILE.npz` (default: one file per run under DIR/exports/)")
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		_, runs, err := load("export", paths, true)
		if err != nil {
			return err
		}
		files, err := export.Files(cache.Cache{Dir: *results}, runs, *out)
		if err != nil {
			return err
		}
		if err := export.Write(ctx, files); err != nil {
			return err
		}
		for _, f := range files {
			fmt.Fprintln(stdout, f.Path)
		}
		return nil
	}
}
