package executor

import (
	"context"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// RunStatus is what `ringwave status` says of one run.
type RunStatus struct {
	Run     *manifest.Run
	State   cache.State
	Problem error         // why the entry is not cached, if known
	Record  *cache.Record // the entry's record when cached
	Disk    DiskUse       // what computing it writes
}

// Status looks every run up in c. toCompute counts the runs not cached and
// toWrite the bytes they will write, each key once. It stops with ctx's
// error when ctx is done (a sweep of thousands takes a while).
func Status(ctx context.Context, c cache.Cache, runs []*manifest.Run) (list []RunStatus, toCompute int, toWrite int64, err error) {
	counted := map[string]bool{}
	for _, r := range runs {
		if err := ctx.Err(); err != nil {
			return nil, 0, 0, err
		}
		rec, state, problem := c.Lookup(r.Key)
		s := RunStatus{Run: r, State: state, Problem: problem, Record: rec, Disk: DiskEstimate(r)}
		if state != cache.Cached {
			toCompute++
			if !counted[r.Key] {
				counted[r.Key] = true
				toWrite += s.Disk.Total()
			}
		}
		list = append(list, s)
	}
	return list, toCompute, toWrite, nil
}
