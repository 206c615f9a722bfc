package report

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"

	"ringwave/internal/safefile"
)

// What ringwave keeps in a reports directory is derived, and the directory
// travels (README tells users to send it whole), so nothing in it is
// trusted: records and the stamp are read safely (regular files, not
// links, bounded), every file is written atomically in the directory
// itself, a link where .pages should be is refused, and -prune deletes only
// page names ringwave generates and never through a link.

// checkOut refuses an -o directory that holds files but no report: a
// mistyped -o (/, a home directory) must not be filled with pages. A new
// or empty directory, or one that holds index.html or .pages/, is taken.
func checkOut(out string) error {
	items, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(out, 0o755)
	}
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Name() == recordsDir || it.Name() == "index.html" {
			return nil
		}
	}
	if len(items) > 0 {
		return fmt.Errorf("%s holds %d files and no report (no index.html, no %s/): ringwave report -o writes only into a new or empty directory, or one it wrote before", out, len(items), recordsDir)
	}
	return nil
}

// lockPoll is how often a report waiting for another's lock on the same
// directory looks again, and so how soon it notices a signal.
const lockPoll = 50 * time.Millisecond

// lockOut takes the exclusive lock of the output directory (flock on the
// directory itself: no file to plant a link at), waiting for another
// report into it to finish, and returns its release. Two reports into one
// directory then never build the index from a half-updated set of
// records.
func lockOut(ctx context.Context, out string) (func(), error) {
	d, err := os.Open(out)
	if err != nil {
		return nil, err
	}
	for {
		err := unix.Flock(int(d.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() { d.Close() }, nil // closing releases the lock
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			d.Close()
			return nil, fmt.Errorf("locking %s: %w", out, err)
		}
		select {
		case <-ctx.Done():
			d.Close()
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}

// validPage reports whether name is a page name ringwave generates, and so
// may be linked from the index and deleted by -prune: one path element
// ending in .html, not the index, not hidden.
func validPage(name string) bool {
	return name != "" && filepath.Base(name) == name && name[0] != '.' &&
		filepath.Ext(name) == ".html" && name != "index.html" && len(name) <= 255
}

// removePage removes a page of the output directory, never through a
// link (a link there is removed itself). A directory where a page was is
// left, and said.
func removePage(out, name string) error {
	p := filepath.Join(out, name)
	st, err := os.Lstat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case st.IsDir():
		return fmt.Errorf("%s is a directory, not a page: left as it is", p)
	}
	return safefile.RemoveAllIn(out, name)
}
