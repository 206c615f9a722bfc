package executor

import (
	"context"
	"fmt"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// Recompute computes run r afresh into a pending entry of c and compares its
// files bit for bit (by sha256) with rec, the cached entry's record. The
// pending entry is removed.
func Recompute(ctx context.Context, c cache.Cache, r *manifest.Run, rec *cache.Record) error {
	if err := checkMemory(r); err != nil {
		return err
	}
	if err := CheckDisk(c, []*manifest.Run{r}); err != nil {
		return err
	}
	// Under the entry's lock, so that gc does not take the temporary
	// directory for one left by a killed run.
	l, err := c.Lock(ctx, r.Key, nil)
	if err != nil {
		return err
	}
	defer l.Unlock()
	entry, fresh, err := compute(ctx, c, r, nil)
	if err != nil {
		return err
	}
	defer entry.Abort()
	for _, f := range rec.Files {
		g := fresh.File(f.Name)
		if g == nil {
			return fmt.Errorf("%s: not produced by the recomputation", f.Name)
		}
		if g.SHA256 != f.SHA256 {
			return fmt.Errorf("%s differs when recomputed (sha256 %.12s, cached %.12s): the simulation is not deterministic", f.Name, g.SHA256, f.SHA256)
		}
	}
	return nil
}
