package cache

import "context"

// An EntryCheck is what VerifyAll found of one entry.
type EntryCheck struct {
	Key     string
	Corrupt error // why the entry is corrupt; nil if it is sound
	Unmoved error // why a corrupt entry could not be moved aside
}

// VerifyAll re-hashes every entry (VerifyEntry) and moves each corrupt one
// to the quarantine, so that the next run recomputes it. Every entry is
// checked, whatever fails on the way, and reported to report as it is; it
// returns how many there were, and stops early only when ctx ends.
func (c Cache) VerifyAll(ctx context.Context, report func(EntryCheck)) (entries int, err error) {
	keys, err := c.Entries()
	if err != nil {
		return 0, err
	}
	for _, key := range keys {
		if err := ctx.Err(); err != nil {
			return len(keys), err
		}
		check := EntryCheck{Key: key, Corrupt: c.VerifyEntry(key)}
		if check.Corrupt != nil {
			check.Unmoved = c.Quarantine(ctx, key)
		}
		report(check)
	}
	return len(keys), nil
}
