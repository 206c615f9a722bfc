package main

import (
	"fmt"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
)

// chainsRunLocally refuses a batch executor a run whose upstream ([init]
// from) is not cached yet: batch jobs are not ordered by their upstreams
// (yet), and a run must never start before the weights it starts from
// exist. Once the upstreams are cached, any executor computes the rest.
func chainsRunLocally(kind string, c cache.Cache, runs []*manifest.Run) error {
	if kind == executor.LocalKind.Name {
		return nil
	}
	missing := executor.MissingUpstreams(c, runs)
	if len(missing) == 0 {
		return nil
	}
	r := missing[0]
	return fmt.Errorf("%s: %s starts from %s (init.from), which is not in the cache, and -executor %s does not order chained runs yet: "+
		"run the chain locally (ringwave run without -executor), or compute the upstream %s first (%d runs wait for an upstream)",
		r.Manifest.Path, r.Name, r.Upstream.Name, kind, r.Upstream.Manifest.Path, len(missing))
}
