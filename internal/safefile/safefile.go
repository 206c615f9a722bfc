// Package safefile opens the files ringwave reads from users and from its
// cache without trusting what they are: only regular files are read, and
// opening never blocks. A named pipe would otherwise hang open(2) until a
// writer comes (ignoring signals meanwhile), and a device such as /dev/zero
// never ends.
package safefile

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// NotRegularError is returned for a path that names something other than
// a regular file (after following symlinks).
type NotRegularError struct {
	Name string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return e.Name + " is " + e.Kind() + ", not a regular file"
}

// Kind names what the file is: "a named pipe", "a device", ….
func (e *NotRegularError) Kind() string {
	m := e.Mode
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "special (" + m.Type().String() + ")"
}

// Open opens a regular file for reading. It opens with O_NONBLOCK, so that
// a named pipe does not block the open, and checks what it opened with
// fstat, so that nothing can be swapped in between a check and the open.
// Errors about the path are *fs.PathError (errors.Is(err, fs.ErrNotExist)
// works) or *NotRegularError.
func Open(name string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, &NotRegularError{Name: name, Mode: st.Mode()}
	}
	return f, st, nil
}

// TooLargeError is returned by ReadFile for a file above its limit.
type TooLargeError struct {
	Name  string
	Size  int64 // at least this many bytes
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s has %d bytes or more, more than the %d expected", e.Name, e.Size, e.Limit)
}

// ReadFile reads a whole regular file of at most limit bytes. A file that
// grows past the limit while it is read is refused too.
func ReadFile(name string, limit int64) ([]byte, error) {
	f, st, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
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
