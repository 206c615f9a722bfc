package executor

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/runtest"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// TestDiskEstimateIsExact: the estimate of each .npy file is its size to
// the byte, and run.json fits in the allowance.
func TestDiskEstimateIsExact(t *testing.T) {
	dir := t.TempDir()
	for _, body := range []string{
		runtest.Base + "[record]\nactivity_every = 3\nweights_every = 7\n",
		strings.Replace(runtest.Base, `"kernel"`, `"full"`, 1) + "[record]\nweights_every = 50\n",
	} {
		r := runtest.Expand(t, runtest.WriteManifest(t, dir, "m.toml", body))[0]
		c := cache.Cache{Dir: filepath.Join(dir, "results")}
		if err := (Local{Cache: c}).Execute(context.Background(), []*manifest.Run{r}); err != nil {
			t.Fatal(err)
		}
		d := DiskEstimate(r)
		for name, want := range map[string]int64{cache.ActivityFile: d.Activity, cache.WeightsFile: d.Weights, cache.InitialFile: d.Initial, cache.HistoryFile: d.History} {
			st, err := os.Stat(filepath.Join(c.EntryDir(r.Key), name))
			if err != nil {
				t.Fatal(err)
			}
			if st.Size() != want {
				t.Errorf("%s %s: %d bytes, estimated %d", r.Params.Model, name, st.Size(), want)
			}
		}
		if st, err := os.Stat(filepath.Join(c.EntryDir(r.Key), cache.RecordFile)); err != nil || st.Size() > d.Other {
			t.Errorf("run.json: %v, allowance %d", err, d.Other)
		}
	}
}

// TestDiskEstimateSaturates: absurd runs have absurd, never negative, sizes.
func TestDiskEstimateSaturates(t *testing.T) {
	body := strings.Replace(runtest.Base, `"kernel"`, `"full"`, 1)
	body = strings.Replace(body, "neurons = 32", "neurons = 3000000000", 1) // N² × 8 bytes alone overflow int64
	body = strings.Replace(body, "periods = 5", "periods = 2", 1)
	r := runtest.Expand(t, runtest.WriteManifest(t, t.TempDir(), "huge.toml", body+"[record]\nweights_every = 1\n"))[0]
	if d := DiskEstimate(r); d.Total() != 1<<63-1 || d.History != 1<<63-1 || d.Weights <= 0 {
		t.Errorf("estimate %+v", d)
	}
}

// TestFullDiskWhileWriting: when the disk fills during a run (another
// process took the space the check saw), the run fails with the system's
// error and leaves no partial entry.
func TestFullDiskWhileWriting(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tmpfs")
	}
	disk := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", disk).Run() })
	// 256 neurons × 10 periods × 256 steps of activity = 5 MB: too big.
	body := strings.Replace(strings.Replace(runtest.Base, "neurons = 32", "neurons = 256", 1), "periods = 5", "periods = 10", 1)
	r := runtest.Expand(t, runtest.WriteManifest(t, t.TempDir(), "big.toml", body))[0]
	c := cache.Cache{Dir: filepath.Join(disk, "results")}
	l, err := c.Lock(context.Background(), r.Key, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	if _, _, err := compute(context.Background(), c, r, nil); err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("compute on a full disk: %v", err)
	}
	if tmp, _ := filepath.Glob(filepath.Join(c.Dir, "cache/tmp/*")); len(tmp) != 0 {
		t.Errorf("partial entries left: %v", tmp)
	}
}
