package main

// Issue 23: what ringwave derives from the cache (measurements, the cache's side
// files, runs/ links) never leaves the results directory nor trusts a file.

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// measurementsFile runs table once and returns the path of the run's
// stored measurements.
func measurementsFile(t *testing.T, dir string) string {
	t.Helper()
	mustRun(t, dir, "table", "small.toml")
	files, _ := filepath.Glob(filepath.Join(dir, "results/analysis/??/*/*.json"))
	if len(files) != 1 {
		t.Fatalf("stored measurements: %v, want one file", files)
	}
	return files[0]
}

// placeOutside makes a directory outside the results with a file in it
// that nothing may delete, and returns both.
func placeOutside(t *testing.T) (dir, victim string) {
	t.Helper()
	dir = t.TempDir()
	victim = filepath.Join(dir, "data", "thesis.tex")
	if err := os.MkdirAll(filepath.Dir(victim), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, victim, "years of work")
	return dir, victim
}

// TestGCLeavesWhatLinksPointTo is issue 23's first case and its variants:
// a link anywhere under results/analysis, or at results/analysis itself,
// or at the quarantine, makes gc -f delete nothing behind it.
func TestGCLeavesWhatLinksPointTo(t *testing.T) {
	for _, at := range []string{"analysis/zz", "analysis/SHARD", "analysis/SHARD/KEY", "analysis", "cache/quarantine"} {
		t.Run(strings.ReplaceAll(at, "/", "_"), func(t *testing.T) {
			dir := t.TempDir()
			twoRuns(t, dir)
			stored := measurementsFile(t, dir)
			key := filepath.Base(filepath.Dir(stored))
			p, victim := placeOutside(t)
			link := filepath.Join(dir, "results", strings.NewReplacer("SHARD", key[:2], "KEY", key).Replace(at))
			if err := os.RemoveAll(link); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			// What the link points to looks like ringwave's own: a shard and
			// a key directory of a run no manifest keeps.
			if err := os.MkdirAll(filepath.Join(p, key[:2], key), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(p, link); err != nil {
				t.Fatal(err)
			}
			r := invoke(t, dir, "gc", "-f", "small.toml")
			if r.code != 0 {
				t.Errorf("gc: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if _, err := os.Stat(victim); err != nil {
				t.Errorf("gc deleted outside the results: %v\n%s", err, r.stdout)
			}
			if _, err := os.Stat(filepath.Join(p, key[:2], key)); err != nil {
				t.Errorf("gc deleted through the link: %v\n%s", err, r.stdout)
			}
			if _, err := os.Lstat(link); err != nil {
				t.Errorf("gc removed the link itself: %v", err)
			}
		})
	}
}

// TestOddDerivedFilesDoNotHang: a named pipe, /dev/zero (by a link) or a
// 6 GiB sparse file where the measurements, a page record or the stamp
// should be is taken as absent: table and report end at once, small.
func TestOddDerivedFilesDoNotHang(t *testing.T) {
	for _, kind := range []string{"fifo", "zero", "sparse"} {
		for _, at := range []string{"measurements", "record", "stamp"} {
			t.Run(kind+"_"+at, func(t *testing.T) {
				dir := t.TempDir()
				writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
				mustRun(t, dir, "run", "-q", "small.toml")
				mustRun(t, dir, "report", "-echarts", "none.js", "small.toml")
				path := map[string]string{
					"measurements": measurementsFile(t, dir),
					"record":       filepath.Join(dir, "results/reports/.pages/x.json"),
					"stamp":        filepath.Join(dir, "results/reports/.stamp"),
				}[at]
				os.Remove(path)
				var err error
				switch kind {
				case "fifo":
					err = syscall.Mkfifo(path, 0o644)
				case "zero":
					err = os.Symlink("/dev/zero", path)
				case "sparse":
					if err = os.WriteFile(path, nil, 0o644); err == nil {
						err = os.Truncate(path, 6<<30)
					}
				}
				if err != nil {
					t.Skipf("cannot make a %s: %v", kind, err)
				}
				for _, args := range [][]string{{"table", "small.toml"}, {"report", "-echarts", "none.js", "small.toml"}} {
					r, st := invokeWithin(t, 60*time.Second, dir, args...)
					if r.code != 0 {
						t.Errorf("%s: exit %d\n%s", args[0], r.code, r.stderr)
					}
					// ringwave needs a few tens of MiB; reading the file would
					// take gigabytes.
					if rss := st.SysUsage().(*syscall.Rusage).Maxrss; rss > 300<<10 {
						t.Errorf("%s used %d MiB", args[0], rss>>10)
					}
				}
			})
		}
	}
}

// TestTableShowsWhatItCannotStore: with results/analysis a file, table
// prints the numbers, says once on stderr that they were not stored, and
// exits 0.
func TestTableShowsWhatItCannotStore(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	writeFile(t, filepath.Join(dir, "sweep.toml"), "name = \"sweep\"\nmodel = \"kernel\"\n[network]\nneurons = 32\nperiods = 10\n[record]\nweights_every = 16\n[sweep]\nseed = [1, 2]\n")
	mustRun(t, dir, "run", "-q", "small.toml", "sweep.toml")
	writeFile(t, filepath.Join(dir, "results/analysis"), "not a directory")
	r := mustRun(t, dir, "table", "-format", "csv", "small.toml", "sweep.toml")
	if strings.Contains(r.stdout, "unreadable") || strings.Count(r.stdout, ",cached,") != 3 {
		t.Errorf("table without a store:\n%s", r.stdout)
	}
	rows := strings.Split(strings.TrimSpace(r.stdout), "\n")
	cols := strings.Split(rows[0], ",")
	peak := -1
	for i, c := range cols {
		if c == "kernel_peak" {
			peak = i
		}
	}
	for _, row := range rows[1:] {
		if cells := strings.Split(row, ","); peak < 0 || cells[peak] == "" {
			t.Errorf("a row without its kernel peak: %s", row)
		}
	}
	if n := strings.Count(r.stderr, "could not be stored"); n != 1 || !strings.Contains(r.stderr, "measurements of 3 runs") {
		t.Errorf("stderr says it %d times:\n%s", n, r.stderr)
	}
}

// TestHandEditedMeasurementsAreNotTrusted: kernel_peak edited in the
// stored file is found by its checksum: verify reports and removes it,
// and table prints the measured value, not the edited one.
func TestHandEditedMeasurementsAreNotTrusted(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "small.toml")
	stored := measurementsFile(t, dir)
	truth := mustRun(t, dir, "table", "-format", "json", "small.toml").stdout
	peak := regexp.MustCompile(`"kernel_peak":\s*(-?[0-9.e+-]+)`)
	edit := func() {
		b, err := os.ReadFile(stored)
		if err != nil {
			t.Fatal(err)
		}
		m := peak.FindSubmatchIndex(b)
		if m == nil {
			t.Fatalf("no kernel_peak in %s", b)
		}
		edited := append(append(append([]byte{}, b[:m[2]]...), "0.912"...), b[m[3]:]...)
		if err := os.WriteFile(stored, edited, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit()
	v := invoke(t, dir, "verify")
	if v.code != 1 || !strings.Contains(v.stdout, "DAMAGED") || !strings.Contains(v.stdout, "sha256") {
		t.Errorf("verify of an edited measurements file: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
	mustRun(t, dir, "table", "small.toml")
	edit()
	if got := mustRun(t, dir, "table", "-format", "json", "small.toml").stdout; got != truth || strings.Contains(got, "0.912") {
		t.Errorf("table after the edit:\n%s\nwant\n%s", got, truth)
	}
}

// TestVerifyReportsLinkedShard: a shard of the cache replaced by a link to
// its copy elsewhere is reported as corrupt (status says so too), not
// passed over.
func TestVerifyReportsLinkedShard(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "small.toml")
	entry := filepath.Join(dir, strings.TrimSpace(mustRun(t, dir, "path", "small.toml").stdout))
	shard := filepath.Dir(entry)
	moved := filepath.Join(t.TempDir(), "shard")
	if err := exec.Command("cp", "-a", shard, moved).Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(shard); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(moved, shard); err != nil {
		t.Fatal(err)
	}
	v := invoke(t, dir, "verify")
	if rel, _ := filepath.Rel(dir, shard); v.code != 1 || !strings.Contains(v.stdout, rel+"  CORRUPT: a symbolic link") {
		t.Errorf("verify: exit %d\n%s%s", v.code, v.stdout, v.stderr)
	}
	if _, err := os.Stat(filepath.Join(moved, filepath.Base(entry), "run.json")); err != nil {
		t.Errorf("verify changed what the link points to: %v", err)
	}
}

// TestWritesStayInResults: with $TMPDIR elsewhere, a report that cannot
// replace a page, and a table that cannot store, name the results and
// leave nothing in $TMPDIR.
func TestWritesStayInResults(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "small.toml")
	stored := measurementsFile(t, dir)
	for _, p := range []string{stored, filepath.Join(dir, "results/reports/small.html")} {
		os.Remove(p)
		if err := os.MkdirAll(filepath.Join(p, "in-the-way"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"table", "small.toml"}, {"report", "-echarts", "none.js", "small.toml"}} {
		c := exec.Command(ringwave, args...)
		c.Dir = dir
		c.Env = append(os.Environ(), "TMPDIR="+tmp)
		out, _ := c.CombinedOutput()
		if strings.Contains(string(out), tmp) {
			t.Errorf("%s names $TMPDIR:\n%s", args[0], out)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left in $TMPDIR: %v", left)
	}
}

// TestTableOnReadOnlyOrFullDisk: the other cases of a store that cannot
// be written: the numbers are printed, the warning once, exit 0.
func TestTableOnReadOnlyOrFullDisk(t *testing.T) {
	for _, kind := range []string{"read-only", "full"} {
		t.Run(kind, func(t *testing.T) {
			disk := mountTmpfs(t, "2m")
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
			results := filepath.Join(disk, "results")
			mustRun(t, dir, "run", "-q", "-results", results, "small.toml")
			if kind == "read-only" {
				if out, err := exec.Command("mount", "-o", "remount,ro", disk).CombinedOutput(); err != nil {
					t.Skipf("cannot remount read-only: %v %s", err, out)
				}
			} else {
				// Fill the disk: dd stops with "No space left on device".
				exec.Command("dd", "if=/dev/zero", "of="+filepath.Join(disk, "filler"), "bs=64k").Run()
			}
			r := mustRun(t, dir, "table", "-format", "csv", "-results", results, "small.toml")
			if strings.Contains(r.stdout, "unreadable") || !strings.Contains(r.stdout, ",cached,") {
				t.Errorf("table:\n%s", r.stdout)
			}
			if n := strings.Count(r.stderr, "could not be stored"); n != 1 {
				t.Errorf("stderr says it %d times:\n%s", n, r.stderr)
			}
		})
	}
}

// TestRunNeverWritesThroughLinks: results/runs or the run's shard of the
// cache a link out of the results: run refuses, status calls the linked
// shard corrupt, and nothing is written where the links point.
func TestRunNeverWritesThroughLinks(t *testing.T) {
	for _, at := range []string{"runs", "SHARD"} {
		t.Run(at, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
			entry := strings.TrimSpace(mustRun(t, dir, "path", "small.toml").stdout)
			link := filepath.Join(dir, "results", at)
			if at == "SHARD" {
				link = filepath.Join(dir, filepath.Dir(entry))
			}
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			outside := t.TempDir()
			if err := os.Symlink(outside, link); err != nil {
				t.Fatal(err)
			}
			if at == "SHARD" { // an entry there, as if moved
				if err := os.MkdirAll(filepath.Join(outside, filepath.Base(entry)), 0o755); err != nil {
					t.Fatal(err)
				}
				if s := mustRun(t, dir, "status", "small.toml").stdout; !strings.Contains(s, "corrupt: "+filepath.Dir(entry)+" is a symbolic link") {
					t.Errorf("status:\n%s", s)
				}
			}
			before, _ := exec.Command("find", outside).Output()
			r := invoke(t, dir, "run", "-q", "small.toml")
			if r.code != 1 || !strings.Contains(r.stderr, "is a symbolic link") {
				t.Errorf("run: exit %d\n%s", r.code, r.stderr)
			}
			if after, _ := exec.Command("find", outside).Output(); !bytes.Equal(before, after) {
				t.Errorf("run wrote through the link:\n%s", after)
			}
		})
	}
}
