// Package mounts tells which mounted filesystem holds a path, so that a
// message about a filesystem (no locks, no space) can name it.
package mounts

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A Mount is a line of /proc/self/mountinfo.
type Mount struct{ Point, Type, Source string }

func (m Mount) String() string {
	return fmt.Sprintf("the %s filesystem mounted at %s (from %s)", m.Type, m.Point, m.Source)
}

// mountinfo is read by Of; tests replace it.
var mountinfo = func() (io.ReadCloser, error) { return os.Open("/proc/self/mountinfo") }

// Of returns the mount that holds path (which need not exist yet): the one
// with the longest mount point above it.
func Of(path string) (Mount, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Mount{}, false
	}
	// Symlinks are resolved in the part of the path that exists.
	head, tail := abs, ""
	for {
		if _, err := os.Lstat(head); err == nil || filepath.Dir(head) == head {
			break
		}
		head, tail = filepath.Dir(head), filepath.Join(filepath.Base(head), tail)
	}
	if real, err := filepath.EvalSymlinks(head); err == nil {
		abs = filepath.Join(real, tail)
	}
	f, err := mountinfo()
	if err != nil {
		return Mount{}, false
	}
	defer f.Close()
	var best Mount
	found := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		fields, tail := strings.Fields(pre), strings.Fields(post)
		if !ok || len(fields) < 5 || len(tail) < 2 {
			continue
		}
		point := unescapeMount(fields[4])
		if !within(abs, point) || (found && len(point) <= len(best.Point)) {
			continue
		}
		best, found = Mount{point, tail[0], unescapeMount(tail[1])}, true
	}
	return best, found
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	return dir == "/" || path == dir || strings.HasPrefix(path, dir+"/")
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
