package executor

import (
	"context"
	"fmt"
	"math/rand/v2"
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

// RecomputeSample recomputes up to n of the runs that are cached, a sample
// chosen by a shuffle seeded with seed (not always the first n), and
// reports each with Recompute's verdict. It stops early only when ctx
// ends.
func RecomputeSample(ctx context.Context, c cache.Cache, runs []*manifest.Run, n int, seed uint64, report func(r *manifest.Run, err error)) error {
	var cached []*manifest.Run
	for _, r := range runs {
		if _, state, _ := c.Lookup(r.Key); state == cache.Cached {
			cached = append(cached, r)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	rng.Shuffle(len(cached), func(i, j int) { cached[i], cached[j] = cached[j], cached[i] })
	for _, r := range cached[:min(n, len(cached))] {
		rec, _, _ := c.Lookup(r.Key)
		err := Recompute(ctx, c, r, rec)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		report(r, err)
	}
	return nil
}
