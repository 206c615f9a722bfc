package cache

import "ringwave/pipeline/manifest"

// UpstreamMissing returns r's upstream run ([init] from) when it is not in
// the cache, nil when r has none or it is cached: r cannot be computed
// before it is (ringwave run computes it first).
func (c Cache) UpstreamMissing(r *manifest.Run) *manifest.Run {
	if r.Upstream == nil {
		return nil
	}
	if _, state, _ := c.Lookup(r.Upstream.Key); state != Cached {
		return r.Upstream
	}
	return nil
}
