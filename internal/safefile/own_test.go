package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOwnFilesAreNotFollowed: a link where ringwave keeps its own
// directories or files is refused by every helper, and what it points to
// is neither read, written, created in nor deleted.
func TestOwnFilesAreNotFollowed(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	victim := filepath.Join(elsewhere, "thesis.tex")
	if err := os.WriteFile(victim, []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(dir, "analysis")); err != nil {
		t.Fatal(err)
	}
	var link *SymlinkError
	if err := CheckDirs(dir, "analysis", "ab"); !errors.As(err, &link) {
		t.Errorf("CheckDirs through a link: %v", err)
	}
	if err := MkdirAll(dir, "analysis", "ab"); !errors.As(err, &link) {
		t.Errorf("MkdirAll through a link: %v", err)
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "ab")); !os.IsNotExist(err) {
		t.Error("MkdirAll made a directory through the link")
	}
	if err := RemoveAllIn(dir, "analysis/thesis.tex"); err == nil {
		t.Error("RemoveAllIn through a link succeeded")
	}
	if _, err := ReadOwn(filepath.Join(dir, "analysis"), 1<<20); !errors.As(err, &link) {
		t.Errorf("ReadOwn of a link: %v", err)
	}
	if err := os.Symlink(victim, filepath.Join(dir, "page.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadOwn(filepath.Join(dir, "page.html"), 1<<20); !errors.As(err, &link) {
		t.Errorf("ReadOwn of a link to a file: %v", err)
	}
	// Writing replaces the link itself; removing a link removes the link.
	if err := WriteFile(filepath.Join(dir, "page.html"), []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(filepath.Join(dir, "page.html")); err != nil || !st.Mode().IsRegular() {
		t.Errorf("page.html after WriteFile: %v %v", st, err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := RemoveAllIn(dir, "link"); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(victim); err != nil || string(b) != "years of work" {
		t.Errorf("the file behind the links: %q %v", b, err)
	}
	if err := RemoveAllIn(dir, "../x"); err == nil {
		t.Error("RemoveAllIn outside its base succeeded")
	}
}

// TestReadOwnRefusesOddFiles: a named pipe, a device and a file above the
// limit are refused at once, unread.
func TestReadOwnRefusesOddFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 6<<30); err != nil { // sparse
		t.Skipf("no sparse files: %v", err)
	}
	var odd *NotRegularError
	var large *TooLargeError
	if _, err := ReadOwn(fifo, 1<<20); !errors.As(err, &odd) {
		t.Errorf("fifo: %v", err)
	}
	if _, err := ReadOwn("/dev/zero", 1<<20); !errors.As(err, &odd) {
		t.Errorf("/dev/zero: %v", err)
	}
	if _, err := ReadOwn(big, 1<<20); !errors.As(err, &large) {
		t.Errorf("6 GiB: %v", err)
	}
}

// TestWriteFileStaysInItsDirectory: the temporary file of an atomic write
// is made beside its target, never in $TMPDIR (renameio's default when
// $TMPDIR is on the same filesystem): a failed write names the target's
// directory and leaves nothing in $TMPDIR.
func TestWriteFileStaysInItsDirectory(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp)
	target := filepath.Join(dir, "index.html")
	if err := os.MkdirAll(filepath.Join(target, "x"), 0o755); err != nil { // a directory in the way: the rename fails
		t.Fatal(err)
	}
	err := WriteFile(target, []byte("page"), 0o644)
	if err == nil || strings.Contains(err.Error(), tmp) {
		t.Errorf("error %v: want one that does not name $TMPDIR %s", err, tmp)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in $TMPDIR: %v", left)
	}
	if err := WriteFile(filepath.Join(dir, "ok.html"), []byte("page"), 0o644); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 2 {
		t.Errorf("%s holds %v, want index.html and ok.html only", dir, left)
	}
}
