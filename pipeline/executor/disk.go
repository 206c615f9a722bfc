package executor

import (
	"errors"
	"fmt"
	"math/bits"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"ringwave/internal/mounts"
	"ringwave/internal/npyfile"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// DiskUse is what a run writes in its cache entry, in bytes, by file. The
// .npy sizes are exact (header and data, from the shapes); Other is an
// allowance for run.json (a few KiB) and the entry's side files.
type DiskUse struct {
	Activity, Weights, Initial, History, Other int64
}

// Total is the sum of the parts (saturated at the largest int64).
func (d DiskUse) Total() int64 {
	return addSat(addSat(addSat(d.Activity, d.Weights), addSat(d.Initial, d.History)), d.Other)
}

// DiskEstimate returns what run r writes. Shapes of absurd runs do not
// overflow: sizes saturate at the largest int64 (8 EiB).
func DiskEstimate(r *manifest.Run) DiskUse {
	weights := npySize(r.WeightShape()...)
	d := DiskUse{
		Activity: npySize(r.ActivityRows(), r.Params.Neurons),
		Weights:  weights,
		Initial:  weights,
		Other:    64 << 10,
	}
	if s := r.Snapshots(); s > 0 {
		d.History = npySize(append([]int{s}, r.WeightShape()...)...)
	}
	return d
}

// npySize is the size of an .npy file of float64 of the given shape.
func npySize(shape ...int) int64 {
	n := int64(8)
	for _, d := range shape {
		n = mulSat(n, int64(d))
	}
	return addSat(n, int64(len(npyfile.Header(shape))))
}

func mulSat(a, b int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > 1<<63-1 {
		return 1<<63 - 1
	}
	return int64(lo)
}

func addSat(a, b int64) int64 {
	if s := a + b; s >= a {
		return s
	}
	return 1<<63 - 1
}

// CheckDisk refuses to compute runs whose files do not fit in the free
// space of the results filesystem, before anything is written. Like the
// memory check it is made where runs are computed. The error is about the
// largest run, at the line of the stride that sets its largest file.
func CheckDisk(c cache.Cache, runs []*manifest.Run) error {
	if len(runs) == 0 {
		return nil
	}
	free, where, ok := freeSpace(c.Dir)
	if !ok {
		return nil // unknown: the writes will say
	}
	var need int64
	var biggest *manifest.Run
	for _, r := range runs {
		need = addSat(need, addSat(DiskEstimate(r).Total(), blockSlack))
		if biggest == nil || DiskEstimate(r).Total() > DiskEstimate(biggest).Total() {
			biggest = r
		}
	}
	if need <= free {
		return nil
	}
	d := DiskEstimate(biggest)
	key, stride, what := "record.activity_every", biggest.Settings.Record.ActivityEvery, "rows of activity"
	if d.History > d.Activity {
		key, stride, what = "record.weights_every", biggest.Settings.Record.WeightsEvery, "snapshots of the weights"
	}
	msg := fmt.Sprintf("= %d makes %s write %s (%d bytes): activity %s, weight history %s, weights %s",
		stride, biggest.Name, cache.HumanBytes(d.Total()), d.Total(), cache.HumanBytes(d.Activity), cache.HumanBytes(d.History), cache.HumanBytes(2*d.Weights))
	if len(runs) > 1 {
		msg += fmt.Sprintf("; with the %d other runs to compute, %s (%d bytes)", len(runs)-1, cache.HumanBytes(need), need)
	}
	window := "record.activity_window"
	if key == "record.weights_every" {
		window = "record.weights_window"
	}
	return biggest.ErrorAt(key, fmt.Sprintf("%s; only %s (%d bytes) are free %s; nothing was written. A larger %s records fewer %s, %s = K keeps only the first and the last K periods, or give -results a larger disk",
		msg, cache.HumanBytes(free), free, where, key, what, window))
}

// blockSlack is added to each run's estimate for the rounding of its files
// to whole filesystem blocks (4 files and run.json, 4 KiB to 64 KiB each).
const blockSlack = 5 * 64 << 10

// freeSpace returns the bytes free for this user on the filesystem that
// holds (or will hold) dir, and where that is, for messages.
func freeSpace(dir string) (int64, string, bool) {
	p, err := filepath.Abs(dir)
	if err != nil {
		return 0, "", false
	}
	for { // the nearest existing directory: results/ may not exist yet
		if _, err := os.Stat(p); err == nil || !errors.Is(err, os.ErrNotExist) || filepath.Dir(p) == p {
			break
		}
		p = filepath.Dir(p)
	}
	var st unix.Statfs_t
	if err := unix.Statfs(p, &st); err != nil {
		return 0, "", false
	}
	where := "for " + dir
	if m, ok := mounts.Of(p); ok {
		where += ", on " + m.String()
	}
	return mulSat(int64(st.Bavail), int64(st.Bsize)), where, true
}
