package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestOnlyRegularFiles: a named pipe with no writer (which would block a
// plain open forever), a device, a directory and a missing file are refused
// at once; a regular file is read, and a file above the limit is not.
func TestOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, kind := range map[string]string{fifo: "a named pipe", "/dev/zero": "a device", dir: "a directory"} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(name, 1<<20); done <- err }()
		select {
		case err := <-done:
			var nr *NotRegularError
			if !errors.As(err, &nr) || nr.Kind() != kind {
				t.Errorf("%s: %v, want %s", name, err, kind)
			}
		case <-time.After(10 * time.Second): // a refusal takes microseconds
			t.Fatalf("%s: still blocked after 10 s", name)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "nope"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if b, err := ReadFile(file, 5); err != nil || string(b) != "12345" {
		t.Errorf("a file at the limit: %q, %v", b, err)
	}
	var big *TooLargeError
	if _, err := ReadFile(file, 4); !errors.As(err, &big) || big.Size != 5 {
		t.Errorf("a file over the limit: %v", err)
	}
}
