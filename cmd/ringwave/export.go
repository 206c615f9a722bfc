package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"ringwave/pipeline"
)

// cmdExport writes computed runs as .npz files for readers without
// ringwave. It computes nothing: a run that is not in the cache is an error
// naming the `ringwave run` that makes it, and then nothing is written.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, results := newFlags("export", stderr)
	out := fs.String("o", "", "write every run into the one `FILE.npz` (default: one file per run under DIR/exports/)")
	_, all, err := parse(fs, args, true, stdout)
	if err != nil {
		return err
	}
	var runs []*pipeline.Run // not the references the manifests pulled in:
	for _, r := range all {  // exporting a comparison does not mail the run it was compared with
		if r.Manifest.Requested {
			runs = append(runs, r)
		}
	}
	c := pipeline.Cache{Dir: *results}
	var opened []*pipeline.Result
	var errs []error
	for _, r := range runs {
		res, err := c.Open(r)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		opened = append(opened, res)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if *out != "" {
		if err := pipeline.WriteNPZ(*out, opened, pipeline.ExportPrefixes(runs)); err != nil {
			return err
		}
		fmt.Fprintln(stdout, *out)
		return nil
	}
	for _, res := range opened {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		path := c.ExportPath(res.Run)
		if err := pipeline.WriteNPZ(path, []*pipeline.Result{res}, []string{""}); err != nil {
			return err
		}
		fmt.Fprintln(stdout, path)
	}
	return nil
}
