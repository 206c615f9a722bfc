package cache

import (
	"context"
	"strings"
	"syscall"
	"testing"

	"github.com/gofrs/flock"

	"ringwave/internal/mounts"
)

// TestNoFlock: on a filesystem that refuses flock (Lustre without -o
// flock: ENOSYS; others EOPNOTSUPP or ENOLCK) taking a lock, and gc's
// check for live writers, fail with an error that names the mount and
// says what to do, not a bare errno.
func TestNoFlock(t *testing.T) {
	defer func(f func(*flock.Flock) (bool, error)) { tryFlock = f }(tryFlock)
	c := Cache{Dir: t.TempDir()}
	r := commitEntry(t, c) // with locks
	m, ok := mounts.Of(c.Dir)
	if !ok {
		t.Skip("no /proc/self/mountinfo")
	}
	for _, errno := range []syscall.Errno{syscall.ENOSYS, syscall.EOPNOTSUPP, syscall.ENOLCK} {
		tryFlock = func(*flock.Flock) (bool, error) { return false, errno }
		_, err := c.Lock(context.Background(), r.Key, nil)
		want := "does not support file locks (flock: " + errno.Error() + ")"
		if err == nil || !strings.Contains(err.Error(), m.String()) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "'flock' mount option") {
			t.Errorf("%v: Lock: %v", errno, err)
		}
		if _, err := c.Plan(nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: gc's plan: %v", errno, err)
		}
	}
	tryFlock = func(*flock.Flock) (bool, error) { return false, syscall.EIO }
	if _, err := c.Lock(context.Background(), r.Key, nil); err == nil || strings.Contains(err.Error(), "does not support") {
		t.Errorf("another error is not a missing flock: %v", err)
	}
}
