package export

import (
	"errors"
	"fmt"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// Files opens the cached runs among runs that were asked for (not the
// references their manifests pulled in: exporting a comparison does not
// mail the run it was compared with) and returns the files that export
// them: all into out, or one per run under DIR/exports/ when out is "". A
// run that is not cached is an error naming the `ringwave run` that
// computes it; then no file is returned.
func Files(c cache.Cache, runs []*manifest.Run, out string) ([]File, error) {
	var requested []*manifest.Run
	for _, r := range runs {
		if r.Manifest.Requested {
			requested = append(requested, r)
		}
	}
	var opened []*cache.Result
	var errs []error
	for _, r := range requested {
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
		return nil, errors.Join(errs...)
	}
	if out != "" {
		return []File{{Path: out, Results: opened, Prefixes: Prefixes(requested)}}, nil
	}
	var files []File
	for _, res := range opened {
		files = append(files, File{Path: Path(c.Dir, res.Run), Under: c.Dir, Results: []*cache.Result{res}, Prefixes: []string{""}})
	}
	return files, nil
}
