// Package gc assembles what `ringwave gc` removes: the cache entries that
// no run of the given manifests uses, and what every part of ringwave
// registered as collectable (the batch systems' finished submissions; the
// derived areas such as the measurements are the cache's own, see
// cache.RegisterArea and cache.Plan). The command asks
// and prints; Remove is the cache's.
package gc

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/executor/kinds"
	"ringwave/pipeline/manifest"
)

// Plan lists what gc removes when runs are the runs to keep.
func Plan(c cache.Cache, runs []*manifest.Run) ([]cache.Garbage, error) {
	keep := map[string]bool{}
	for _, r := range runs {
		keep[r.Key] = true
		// A run's companions (its fixed-point test, ringwave run
		// -fixed-point) are kept with it: no manifest names them.
		for _, d := range executor.Companions(r) {
			keep[d.Key] = true
		}
	}
	return c.Plan(keep, kinds.Pruners()...)
}

// A Group is the cache entries of a plan last used by one manifest.
type Group struct {
	Manifest string    // its path, or why it is unknown
	Run      string    // the run of it that used an entry last
	Entries  int       // how many
	Size     int64     // bytes
	Last     time.Time // when
}

// Groups groups the cache entries of plan by the manifest that last used
// them, largest first, and returns their number and size.
func Groups(c cache.Cache, plan []cache.Garbage) (groups []Group, n int, size int64) {
	byManifest := map[string]*Group{}
	for _, g := range plan {
		if g.Key == "" {
			continue
		}
		n++
		size += g.Size
		u, ok := c.LastUse(g.Key)
		if !ok {
			u.Manifest = "(unknown: the entry has no readable run.json)"
		}
		gr := byManifest[u.Manifest]
		if gr == nil {
			gr = &Group{Manifest: u.Manifest}
			byManifest[u.Manifest] = gr
		}
		gr.Entries++
		gr.Size += g.Size
		if gr.Run == "" || u.Time.After(gr.Last) {
			gr.Run, gr.Last = u.Run, u.Time
		}
	}
	for _, g := range slices.SortedFunc(maps.Values(byManifest), func(a, b *Group) int {
		return cmp.Or(cmp.Compare(b.Size, a.Size), cmp.Compare(a.Manifest, b.Manifest))
	}) {
		groups = append(groups, *g)
	}
	return groups, n, size
}
