package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// mediumManifest is the case: a full model whose activity (12.8 MB)
// is larger than what lookups used to re-hash (8 MiB).
const mediumManifest = `name = "medium"
model = "full"
[network]
neurons = 200
periods = 40
`

// TestDamagedLargeFileIsNeverServed flips one byte in the middle of a run's
// activity with dd conv=notrunc: status reports the entry corrupt, report
// and export refuse it, and run recomputes it.
func TestDamagedLargeFileIsNeverServed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "medium.toml"), mediumManifest)
	mustRun(t, dir, "run", "-q", "medium.toml")
	activity := filepath.Join(dir, "results/runs/medium/activity.npy")
	st, err := os.Stat(activity)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() < 8<<20 {
		t.Fatalf("activity has %d bytes: not the large file of the issue", st.Size())
	}
	mustRun(t, dir, "report", "-echarts", "none.js", "medium.toml")
	// One byte of the data, changed: 0x3f is the high byte of most rates.
	dd := exec.Command("dd", "of="+activity, "bs=1", "seek="+itoa(st.Size()/2+7), "count=1", "conv=notrunc")
	dd.Stdin = strings.NewReader("\x00")
	if out, err := dd.CombinedOutput(); err != nil {
		t.Fatalf("dd: %v %s", err, out)
	}
	if s := mustRun(t, dir, "status", "medium.toml").stdout; !strings.Contains(s, "corrupt: activity.npy does not match its sha256") {
		t.Errorf("status after damage:\n%s", s)
	}
	r := invoke(t, dir, "report", "-echarts", "none.js", "medium.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "ringwave: medium: the cache entry is corrupt (activity.npy does not match its sha256") {
		t.Errorf("report of a damaged run: exit %d\n%s", r.code, r.stderr)
	}
	if page, _ := os.ReadFile(filepath.Join(dir, "results/reports/medium.html")); !strings.Contains(string(page), "corrupt") {
		t.Error("the page does not say the run is corrupt")
	}
	if r := invoke(t, dir, "export", "medium.toml"); r.code != 1 || !strings.Contains(r.stderr, "corrupt") {
		t.Errorf("export of a damaged run: exit %d\n%s", r.code, r.stderr)
	}
	if r := mustRun(t, dir, "run", "-q", "medium.toml"); !strings.Contains(r.stdout, "  computed  ") {
		t.Errorf("run after damage: %s", r.stdout)
	}
	mustRun(t, dir, "report", "-echarts", "none.js", "medium.toml")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
