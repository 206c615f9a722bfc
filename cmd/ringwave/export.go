package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/export"
	"ringwave/pipeline/manifest"
)

// exportRuns writes computed runs as .npz files for readers without
// ringwave. It computes nothing: a run that is not in the cache is an error
// naming the `ringwave run` that makes it, and then nothing is written. It
// writes all its files or none.
func exportFlags(fs *flagset.Set, results *string) action {
	out := fs.String("o", "", "write every run into the one `FILE.npz` (default: one file per run under DIR/exports/)")
	return func(ctx context.Context, paths []string, stdout, stderr io.Writer) error {
		return exportRuns(ctx, paths, cache.Cache{Dir: *results}, *out, stdout)
	}
}

func exportRuns(ctx context.Context, paths []string, c cache.Cache, out string, stdout io.Writer) error {
	_, all, err := load("export", paths, true)
	if err != nil {
		return err
	}
	var runs []*manifest.Run // not the references the manifests pulled in:
	for _, r := range all {  // exporting a comparison does not mail the run it was compared with
		if r.Manifest.Requested {
			runs = append(runs, r)
		}
	}
	var opened []*cache.Result
	var errs []error
	for _, r := range runs {
		res, state, err := c.Open(r)
		switch state {
		case cache.Missing:
			errs = append(errs, fmt.Errorf("%s is not computed yet (%s)", r.Name, c.RunCommand(r.Manifest.Path)))
			continue
		case cache.Corrupt:
			errs = append(errs, fmt.Errorf("%s: cache entry is corrupt: %v (%s recomputes it)", r.Name, err, c.RunCommand(r.Manifest.Path)))
			continue
		}
		opened = append(opened, res)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	var files []export.File
	if out != "" {
		files = []export.File{{Path: out, Results: opened, Prefixes: export.Prefixes(runs)}}
	} else {
		for _, res := range opened {
			files = append(files, export.File{Path: export.Path(c.Dir, res.Run), Results: []*cache.Result{res}, Prefixes: []string{""}})
		}
	}
	if err := export.Write(ctx, files); err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(stdout, f.Path)
	}
	return nil
}
