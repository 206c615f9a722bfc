package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/export"
	"ringwave/pipeline/manifest"
)

// cmdExport writes computed runs as .npz files for readers without
// ringwave. It computes nothing: a run that is not in the cache is an error
// naming the `ringwave run` that makes it, and then nothing is written.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("export")
	out := fs.String("o", "", "write every run into the one `FILE.npz` (default: one file per run under DIR/exports/)")
	_, all, err := parse(fs, args, true, stdout)
	if err != nil {
		return err
	}
	var runs []*manifest.Run // not the references the manifests pulled in:
	for _, r := range all {  // exporting a comparison does not mail the run it was compared with
		if r.Manifest.Requested {
			runs = append(runs, r)
		}
	}
	c := cache.Cache{Dir: *results}
	var opened []*cache.Result
	var errs []error
	for _, r := range runs {
		res, state, err := c.Open(r)
		switch state {
		case cache.Missing:
			errs = append(errs, fmt.Errorf("%s is not computed yet (ringwave run %s)", r.Name, r.Manifest.Path))
			continue
		case cache.Corrupt:
			errs = append(errs, fmt.Errorf("%s: cache entry is corrupt: %v (ringwave run recomputes it)", r.Name, err))
			continue
		}
		opened = append(opened, res)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if *out != "" {
		if err := export.WriteNPZ(*out, opened, export.Prefixes(runs)); err != nil {
			return err
		}
		fmt.Fprintln(stdout, *out)
		return nil
	}
	for _, res := range opened {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		path := export.Path(c.Dir, res.Run)
		if err := export.WriteNPZ(path, []*cache.Result{res}, []string{""}); err != nil {
			return err
		}
		fmt.Fprintln(stdout, path)
	}
	return nil
}
