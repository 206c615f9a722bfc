package main

// Issue 23: the reports directory and exports get the cache's guarantees.

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

// TestExportRefusesSpecialFiles: -o naming a device, a named pipe, a link
// (to a device, or like /dev/stdout) or a read-only file is refused at
// once, with the reason, and the file stays what it was. The device and
// the links are private copies in the test's directory (a device node
// with /dev/null's numbers): a regression must not replace the machine's
// own /dev/null, as the code before this test did.
func TestExportRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "small.toml")
	null := filepath.Join(dir, "null")
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Skipf("cannot make a device node: %v", err)
	}
	fifo := filepath.Join(dir, "pipe.npz")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	if err := os.Symlink(null, filepath.Join(dir, "null.npz")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/proc/self/fd/1", filepath.Join(dir, "stdout")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "kept.npz"), "keep me")
	if err := os.Chmod(filepath.Join(dir, "kept.npz"), 0o444); err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]string{
		"null":     "null is a device, not a regular file",
		"stdout":   "stdout is a symbolic link (to /proc/self/fd/1)",
		"pipe.npz": "pipe.npz is a named pipe, not a regular file",
		"null.npz": "null.npz is a symbolic link (to " + null + ")",
		"kept.npz": "kept.npz is read-only (mode 0444)",
	} {
		r, _ := invokeWithin(t, 30*time.Second, dir, "export", "-o", target, "small.toml")
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("export -o %s: exit %d\n%s\nwant exit 1 and %q", target, r.code, r.stderr, want)
		}
	}
	for path, mode := range map[string]os.FileMode{null: os.ModeCharDevice, fifo: os.ModeNamedPipe, filepath.Join(dir, "stdout"): os.ModeSymlink} {
		if st, err := os.Lstat(path); err != nil || st.Mode()&mode == 0 {
			t.Errorf("%s is now %v (%v)", path, st.Mode(), err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "kept.npz")); string(b) != "keep me" {
		t.Errorf("the read-only file holds %q", b)
	}
	mustRun(t, dir, "export", "-o", "fine.npz", "small.toml")
}

// TestPruneDeletesOnlyItsPages: a record that arrived with a sent reports
// directory names a page outside it, or a link of another scheme; -prune
// deletes nothing outside, and the index links no such page.
func TestPruneDeletesOnlyItsPages(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "small.toml")
	mustRun(t, dir, "report", "-echarts", "none.js", "small.toml")
	writeFile(t, filepath.Join(dir, "victim.txt"), "mine")
	pages := filepath.Join(dir, "results/reports/.pages")
	records := map[string]string{
		"evil":  `{"manifest":"gone.toml","abs":"/nonexistent/gone.toml","name":"evil","title":"t","file":"../../victim.txt","runs":[]}`,
		"evil2": `{"manifest":"gone.toml","abs":"/nonexistent/gone.toml","name":"evil2","title":"t","file":"evil2.html","points":["../../victim.txt"],"runs":[]}`,
		"other": `{"manifest":"gone.toml","abs":"/nonexistent/gone.toml","name":"evil3","title":"t","file":"evil3.html","runs":[]}`,
		"javascript:alert(1)": `{"manifest":"x.toml","abs":"/nonexistent/x.toml","name":"javascript:alert(1)","title":"t","file":"javascript:alert(1).html",` +
			`"runs":[{"Name":"x","Page":"javascript:alert(1).html","Anchor":"run1","Status":"cached"}]}`,
	}
	for name, body := range records {
		writeFile(t, filepath.Join(pages, name+".json"), body)
	}
	r := mustRun(t, dir, "report", "-prune", "-echarts", "none.js", "small.toml")
	if b, err := os.ReadFile(filepath.Join(dir, "victim.txt")); err != nil || string(b) != "mine" {
		t.Errorf("-prune deleted outside the reports: %v\n%s", err, r.stderr)
	}
	index, err := os.ReadFile(filepath.Join(dir, "results/reports/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`href="\s*javascript:`).Match(index) {
		t.Error("the index links a javascript: URL")
	}
	if !bytes.Contains(index, []byte(`href="./small.html"`)) {
		t.Error("the index lost the real report")
	}
}

// TestReportLongNames: a sweep whose label is longer than a file name may
// be, and a 200-byte name with two axes, are reported; point pages cut
// the label as run directories do (~ and 16 hex digits).
func TestReportLongNames(t *testing.T) {
	dir := t.TempDir()
	axes := []string{"dynamics.lambda", "dynamics.tau_w", "dynamics.tau_x", "input.amplitude", "phi.gain",
		"init.scale", "network.periods", "dynamics.tau_d", "seed", "init.travel"}
	vals := []string{"20.00000000000001", "50.00000000000001", "0.005000000000000001", "5000.000000000001", "10.00000000000001",
		"0.05000000000000001", "10.00000000000001", "0.015000000000000001", "3", "1.000000000000001"}
	sweep := "[sweep]\n"
	for i, a := range axes {
		sweep += `"` + a + `" = [` + vals[i] + "]\n"
	}
	writeFile(t, filepath.Join(dir, "wide.toml"), "name = \"wide\"\nmodel = \"kernel\"\n[network]\nneurons = 32\n"+sweep)
	long := strings.Repeat("n", 200)
	writeFile(t, filepath.Join(dir, "long.toml"), "name = \""+long+"\"\nmodel = \"kernel\"\n[network]\nneurons = 32\nperiods = 5\n[sweep]\n\"dynamics.lambda\" = [10.0, 20.0]\n\"seed\" = [1]\n")
	mustRun(t, dir, "run", "-q", "wide.toml", "long.toml")
	r := mustRun(t, dir, "report", "-echarts", "none.js", "wide.toml", "long.toml")
	pages := strings.Fields(r.stdout)
	if len(pages) != 6 { // wide: summary and 1 point; long: summary and 2 points; the index
		t.Errorf("pages %q", pages)
	}
	cut := regexp.MustCompile(`~[0-9a-f]{16}\]\.html$`)
	for _, p := range pages {
		base := filepath.Base(p)
		if len(base) > 230 {
			t.Errorf("%s: %d bytes", base, len(base))
		}
		if strings.Contains(base, "[") && !cut.MatchString(base) {
			t.Errorf("%s: a long label not cut by the rule", base)
		}
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
}

// TestDamagedPagesAreRewritten: an emptied page, a garbage index and a
// page replaced by a link are rewritten by the next report; the file the
// link pointed to is left alone.
func TestDamagedPagesAreRewritten(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "small.toml")
	report := func() {
		t.Helper()
		mustRun(t, dir, "report", "-echarts", "none.js", "small.toml")
	}
	report()
	page, index := filepath.Join(dir, "results/reports/small.html"), filepath.Join(dir, "results/reports/index.html")
	good, _ := os.ReadFile(page)
	goodIndex, _ := os.ReadFile(index)
	if err := os.Truncate(page, 0); err != nil {
		t.Fatal(err)
	}
	report()
	if b, _ := os.ReadFile(page); !bytes.Equal(b, good) {
		t.Errorf("an emptied page has %d bytes after report, want %d", len(b), len(good))
	}
	garbage := bytes.Repeat([]byte("x"), len(goodIndex)) // same size
	st, _ := os.Stat(index)
	writeFile(t, index, string(garbage))
	os.Chtimes(index, st.ModTime(), st.ModTime()) // and the same mtime
	report()
	if b, _ := os.ReadFile(index); !bytes.Equal(b, goodIndex) {
		t.Error("a garbage index survived report")
	}
	record := filepath.Join(dir, "results/reports/.pages/small.json")
	goodRecord, _ := os.ReadFile(record)
	writeFile(t, record, "{garbage")
	report()
	if b, _ := os.ReadFile(record); !bytes.Equal(b, goodRecord) {
		t.Error("a garbage page record survived report")
	}
	elsewhere := filepath.Join(dir, "elsewhere.html")
	writeFile(t, elsewhere, "someone's page")
	os.Remove(page)
	if err := os.Symlink(elsewhere, page); err != nil {
		t.Fatal(err)
	}
	report()
	if st, err := os.Lstat(page); err != nil || !st.Mode().IsRegular() {
		t.Errorf("the link was kept: %v", st.Mode())
	}
	if b, _ := os.ReadFile(elsewhere); string(b) != "someone's page" {
		t.Errorf("report wrote through the link: %q", b)
	}
}

// TestConcurrentReportsListBoth: two reports of different manifests into
// one directory at once; the index lists both, every time.
func TestConcurrentReportsListBoth(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.toml"), strings.Replace(smallManifest, `name = "small"`, `name = "a"`, 1))
	writeFile(t, filepath.Join(dir, "b.toml"), strings.Replace(smallManifest, `name = "small"`, `name = "b"`, 1))
	mustRun(t, dir, "run", "-q", "a.toml", "b.toml")
	for i := range 10 {
		out := filepath.Join(dir, "out"+itoa(int64(i)))
		var cmds []*exec.Cmd
		for _, m := range []string{"a.toml", "b.toml"} {
			c := exec.Command(ringwave, "report", "-o", out, "-echarts", "none.js", m)
			c.Dir = dir
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, c)
		}
		for _, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Fatal(err)
			}
		}
		index, _ := os.ReadFile(filepath.Join(out, "index.html"))
		if !bytes.Contains(index, []byte(`href="./a.html"`)) || !bytes.Contains(index, []byte(`href="./b.html"`)) {
			t.Fatalf("try %d: the index does not list both reports", i)
		}
	}
}

// TestReportStopsAtASignal: report of a large sweep ends at one SIGINT or
// SIGTERM with status 130, long before it would have finished.
func TestReportStopsAtASignal(t *testing.T) {
	dir := t.TempDir()
	var seeds []string
	for i := range 150 {
		seeds = append(seeds, itoa(int64(i+1)))
	}
	writeFile(t, filepath.Join(dir, "many.toml"), "name = \"many\"\nmodel = \"kernel\"\n[network]\nneurons = 16\nperiods = 8\n[sweep]\nseed = ["+strings.Join(seeds, ", ")+"]\n")
	mustRun(t, dir, "run", "-q", "many.toml")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		os.RemoveAll(filepath.Join(dir, "results/reports"))
		s := startUntil(t, dir, "warning: no none.js", "report", "-echarts", "none.js", "many.toml")
		sent := time.Now()
		s.cmd.Process.Signal(sig)
		code, stderr := s.wait()
		if code != 130 {
			t.Errorf("report after %v: exit %d\n%s", sig, code, stderr)
		}
		// The command stops within a second (stopGrace); 5 s is room for a
		// starved machine, and far less than it would take to finish.
		if d := time.Since(sent); d > 5*time.Second {
			t.Errorf("report took %v to stop after %v", d, sig)
		}
		if _, err := os.Stat(filepath.Join(dir, "results/reports/.stamp")); err == nil {
			t.Error("an interrupted report left a stamp")
		}
	}
}

// TestReportOutputGuards: -o naming a directory of other files (/, a home)
// is refused, and a link where .pages should be is not written through.
func TestReportOutputGuards(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "small.toml")
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(home, "notes.txt"), "mine")
	r := invoke(t, dir, "report", "-o", home, "-echarts", "none.js", "small.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "holds 1 files and no report") {
		t.Errorf("report -o into a directory of other files: exit %d\n%s", r.code, r.stderr)
	}
	if items, _ := os.ReadDir(home); len(items) != 1 {
		t.Errorf("%s now holds %d files", home, len(items))
	}
	elsewhere := t.TempDir()
	out := filepath.Join(dir, "results/reports")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(out, ".pages")); err != nil {
		t.Fatal(err)
	}
	r = invoke(t, dir, "report", "-echarts", "none.js", "small.toml")
	if r.code != 1 || !strings.Contains(r.stderr, ".pages is a symbolic link") {
		t.Errorf("report with .pages a link: exit %d\n%s", r.code, r.stderr)
	}
	if items, _ := os.ReadDir(elsewhere); len(items) != 0 {
		t.Errorf("written through the link: %v", items)
	}
}

// TestHugePageIsNotHashed: a page replaced by a 6 GiB sparse file is
// rendered again at once, without reading it.
func TestHugePageIsNotHashed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "small.toml")
	mustRun(t, dir, "report", "-echarts", "none.js", "small.toml")
	page := filepath.Join(dir, "results/reports/small.html")
	if err := os.Truncate(page, 6<<30); err != nil {
		t.Skipf("no sparse files: %v", err)
	}
	r, st := invokeWithin(t, 60*time.Second, dir, "report", "-echarts", "none.js", "small.toml")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if fi, _ := os.Stat(page); fi.Size() >= 6<<30 {
		t.Error("the page was not rendered again")
	}
	// Hashing 6 GiB takes seconds of CPU; rendering the page, milliseconds.
	if cpu := st.UserTime() + st.SystemTime(); cpu > 3*time.Second {
		t.Errorf("report used %v of CPU: it read the page", cpu)
	}
}

// TestPruneIsNotStuckOnADirectory: a gone manifest's page replaced by a
// directory of someone's files: -prune leaves the directory, says so,
// drops the record and the other pages, and exits 0; the next -prune has
// nothing left to say.
func TestPruneIsNotStuckOnADirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sw.toml"), "name = \"sw\"\nmodel = \"kernel\"\n[network]\nneurons = 32\nperiods = 10\n[sweep]\nseed = [1, 2]\n")
	mustRun(t, dir, "run", "-q", "sw.toml")
	mustRun(t, dir, "report", "-echarts", "none.js", "sw.toml")
	writeFile(t, filepath.Join(dir, "other.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "other.toml")
	out := filepath.Join(dir, "results/reports")
	page := filepath.Join(out, "sw[seed=1].html")
	os.Remove(page)
	if err := os.MkdirAll(page, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(page, "notes.txt"), "mine")
	os.Remove(filepath.Join(dir, "sw.toml"))
	r := mustRun(t, dir, "report", "-prune", "-echarts", "none.js", "other.toml")
	if !strings.Contains(r.stderr, "is a directory, not a page: left as it is") || !strings.Contains(r.stderr, "pruned the pages of sw") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(page, "notes.txt")); string(b) != "mine" {
		t.Error("the directory's file went")
	}
	for _, gone := range []string{"sw.html", "sw[seed=2].html", ".pages/sw.json"} {
		if _, err := os.Lstat(filepath.Join(out, gone)); !os.IsNotExist(err) {
			t.Errorf("%s not pruned", gone)
		}
	}
	if r := mustRun(t, dir, "report", "-prune", "-echarts", "none.js", "other.toml"); strings.Contains(r.stderr, "sw") {
		t.Errorf("a second -prune is still at it:\n%s", r.stderr)
	}
}
