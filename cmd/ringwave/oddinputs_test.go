package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"ringwave/internal/npyfile"
)

// invokeWithin runs the command and fails the test if it has not ended
// within limit: a command that blocks on an odd file must not hang. The
// limits below are generous (a refusal takes milliseconds) so that a
// starved CPU does not fail them.
func invokeWithin(t *testing.T, limit time.Duration, dir string, args ...string) (result, *os.ProcessState) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, ringwave, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("ringwave %s did not end within %v (killed)\n%s", strings.Join(args, " "), limit, stderr.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{stdout.String(), stderr.String(), code}, cmd.ProcessState
}

// TestOddFilesDoNotHang: a named pipe or a device where a manifest, its
// reference or its initial weights should be is refused at once by every
// command that reads it, with the file, line and key where there is one.
func TestOddFilesDoNotHang(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	writeFile(t, filepath.Join(dir, "w.toml"), "name = \"w\"\nmodel = \"kernel\"\n[network]\nneurons = 16\n[init]\nweights = \"fifo\"\n")
	writeFile(t, filepath.Join(dir, "refpipe.toml"), "name = \"r\"\nreference = \"fifo\"\n")
	writeFile(t, filepath.Join(dir, "refzero.toml"), "name = \"z\"\nreference = \"/dev/zero\"\n")
	cases := []struct {
		manifest, want string
	}{
		{"w.toml", "w.toml:6: init.weights fifo is a named pipe, not a regular file"},
		{"fifo", "fifo: cannot read manifest: it is a named pipe, not a regular file"},
		{"/dev/zero", "/dev/zero: cannot read manifest: it is a device, not a regular file"},
		{"refpipe.toml", "fifo: cannot read manifest: it is a named pipe, not a regular file (the reference of refpipe.toml)"},
		{"refzero.toml", "/dev/zero: cannot read manifest: it is a device, not a regular file (the reference of refzero.toml)"},
	}
	for _, c := range cases {
		for _, cmd := range []string{"path", "status", "run", "export", "report", "gc"} {
			r, _ := invokeWithin(t, 30*time.Second, dir, cmd, c.manifest)
			if r.code != 1 || !strings.Contains(r.stderr, "ringwave: "+c.want) {
				t.Errorf("ringwave %s %s: exit %d\n%s\nwant exit 1 and %q", cmd, c.manifest, r.code, r.stderr, c.want)
			}
		}
	}
}

// TestOddFilesInResultsDoNotHang: a named pipe given as the report's
// echarts script, or left where gc reads a Slurm submission's task list,
// is passed over, not waited on.
func TestOddFilesInResultsDoNotHang(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "small.toml"), smallManifest)
	mustRun(t, dir, "run", "-q", "small.toml")
	sub := filepath.Join(dir, "results/slurm/20260101-000000-abcdef")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(dir, "fifo"), filepath.Join(sub, "tasks.json")} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	for i, js := range []string{"fifo", "/dev/zero"} {
		r, _ := invokeWithin(t, 30*time.Second, dir, "report", "-o", "pages"+strconv.Itoa(i), "-echarts", js, "small.toml")
		if r.code != 0 || !strings.Contains(r.stderr, "warning: no "+js) {
			t.Errorf("report -echarts %s: exit %d\n%s", js, r.code, r.stderr)
		}
	}
	if r, _ := invokeWithin(t, 30*time.Second, dir, "gc", "-dry-run", "small.toml"); r.code != 0 {
		t.Errorf("gc with a FIFO as a task list: exit %d\n%s", r.code, r.stderr)
	}
}

// TestLargeFilesAreRefusedUnread: a manifest above its bound, and an .npy of
// initial weights of 10 GiB whose header matches its size, are refused
// without being read: the process stays small.
func TestLargeFilesAreRefusedUnread(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.npy")
	const values = 10 << 30 / 8 // 10 GiB of float64
	header := npyfile.Header([]int{values})
	if err := os.WriteFile(big, header, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, int64(len(header))+values*8); err != nil { // sparse: no disk used
		t.Skipf("cannot make a sparse file here: %v", err)
	}
	writeFile(t, filepath.Join(dir, "w.toml"), "name = \"w\"\nmodel = \"kernel\"\n[network]\nneurons = 16\n[init]\nweights = \"big.npy\"\n")
	r, st := invokeWithin(t, 60*time.Second, dir, "path", "w.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "w.toml:6: init.weights big.npy has shape [1342177280], the model needs [16]") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	// Reading the file would take 10 GiB; ringwave itself needs a few tens
	// of MiB. 200 MiB leaves room for any Go runtime.
	if rss := st.SysUsage().(*syscall.Rusage).Maxrss; rss > 200<<10 { // KiB
		t.Errorf("path used %d MiB of memory: the file was read", rss>>10)
	}

	huge := filepath.Join(dir, "huge.toml")
	writeFile(t, huge, "name = \"h\"\n")
	if err := os.Truncate(huge, 1<<30); err != nil {
		t.Fatal(err)
	}
	r, st = invokeWithin(t, 60*time.Second, dir, "status", "huge.toml")
	if r.code != 1 || !strings.Contains(r.stderr, "huge.toml: cannot read manifest: it has 1073741824 bytes or more; a manifest has at most 4194304") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	if rss := st.SysUsage().(*syscall.Rusage).Maxrss; rss > 200<<10 {
		t.Errorf("status used %d MiB of memory: the manifest was read", rss>>10)
	}
}
