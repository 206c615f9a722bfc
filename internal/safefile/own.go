package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/google/renameio/v2"
)

// What ringwave derives (measurements, page records, stamps, pages,
// exports) lives in directories it made under the results or reports
// directory. Nothing there is followed out: a symbolic link where ringwave
// expects its own directory or file is reported, never read through,
// written through or deleted through, so that no link, planted or received
// with a copied directory, makes ringwave touch a file elsewhere.

// SymlinkError is returned for a symbolic link where ringwave expects a
// directory or file of its own.
type SymlinkError struct{ Name string }

func (e *SymlinkError) Error() string {
	return e.Name + " is a symbolic link; ringwave does not follow links where it keeps its own files (remove the link)"
}

// CheckDirs checks the directories base/parts[0], base/parts[0]/parts[1],
// …: each that exists must be a directory, not a symbolic link. A missing
// one ends the check (there is nothing beneath to follow). base itself is
// the user's choice (-results, -o) and is not checked.
func CheckDirs(base string, parts ...string) error {
	p := base
	for _, part := range parts {
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return err
		case st.Mode()&fs.ModeSymlink != 0:
			return &SymlinkError{Name: p}
		case !st.IsDir():
			return &NotRegularError{Name: p, Mode: st.Mode()}
		}
	}
	return nil
}

// MkdirAll makes the directories base/parts[0]/…, refusing a symbolic
// link or a file on the way (see CheckDirs).
func MkdirAll(base string, parts ...string) error {
	p := base
	for _, part := range parts {
		p = filepath.Join(p, part)
		err := os.Mkdir(p, 0o755)
		if err == nil {
			continue
		}
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
		st, err := os.Lstat(p)
		switch {
		case err != nil:
			return err
		case st.Mode()&fs.ModeSymlink != 0:
			return &SymlinkError{Name: p}
		case !st.IsDir():
			return fmt.Errorf("%s is %s, not a directory", p, (&NotRegularError{Mode: st.Mode()}).Kind())
		}
	}
	return nil
}

// ReadOwn reads a file ringwave wrote: a regular file, not a symbolic
// link (O_NOFOLLOW), of at most limit bytes; like ReadFile it never blocks
// on a named pipe nor reads a device.
func ReadOwn(name string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if errors.Is(err, syscall.ELOOP) {
		return nil, &SymlinkError{Name: name}
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Name: name, Mode: st.Mode()}
	}
	if st.Size() > limit {
		return nil, &TooLargeError{Name: name, Size: st.Size(), Limit: limit}
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &TooLargeError{Name: name, Size: int64(len(b)), Limit: limit}
	}
	return b, nil
}

// WriteFile writes data to name atomically: a temporary file in name's own
// directory (never $TMPDIR: a killed writer leaves nothing elsewhere, and
// errors name the directory the user knows), synced, then renamed over
// name. Whatever name was (a damaged page, a symbolic link, a named pipe)
// is replaced, never written through; a directory there is an error.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	return renameio.WriteFile(name, data, perm, renameio.WithTempDir(filepath.Dir(name)))
}

// TempPrefix is how the temporary files of WriteFile begin: a dot and the
// name they become (renameio's convention), so a cleaner can tell them.
func TempPrefix(name string) string { return "." + filepath.Base(name) }

// RemoveAllIn removes base/rel, which must lie under base, without
// following a symbolic link on the way: every directory between base and
// rel's last element is checked with Lstat, and the removal itself goes
// through an os.Root at base, which refuses to leave it even if a
// directory is swapped for a link meanwhile. A link at rel itself is
// removed, not what it points to.
func RemoveAllIn(base, rel string) error {
	rel = filepath.Clean(rel)
	if rel == "." || filepath.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%s: not under %s", rel, base)
	}
	if dir := filepath.Dir(rel); dir != "." {
		if err := CheckDirs(base, strings.Split(dir, string(filepath.Separator))...); err != nil {
			return err
		}
	}
	root, err := os.OpenRoot(base)
	if err != nil {
		return err
	}
	defer root.Close()
	return root.RemoveAll(rel)
}
