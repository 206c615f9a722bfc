package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/export"
	"ringwave/pipeline/manifest"
	"strings"
)

// cmdExport writes computed runs as .npz files for readers without
// ringwave. It computes nothing: a run that is not in the cache is an error
// naming the `ringwave run` that makes it, and then nothing is written. It
// writes all its files or none.
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
			errs = append(errs, fmt.Errorf("%s is not computed yet (%s)", r.Name, runCommand(*results, r.Manifest.Path)))
			continue
		case cache.Corrupt:
			errs = append(errs, fmt.Errorf("%s: cache entry is corrupt: %v (%s recomputes it)", r.Name, err, runCommand(*results, r.Manifest.Path)))
			continue
		}
		opened = append(opened, res)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	var files []export.File
	if *out != "" {
		files = []export.File{{Path: *out, Results: opened, Prefixes: export.Prefixes(runs)}}
	} else {
		for _, res := range opened {
			files = append(files, export.File{Path: export.Path(c.Dir, res.Run), Under: c.Dir, Results: []*cache.Result{res}, Prefixes: []string{""}})
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

// runCommand is the command that computes the manifests' runs into the
// results directory results, for hints.
func runCommand(results string, manifests ...string) string {
	cmd := "ringwave run"
	if filepath.Clean(results) != "results" {
		cmd += " -results " + results
	}
	return cmd + " " + strings.Join(manifests, " ")
}
