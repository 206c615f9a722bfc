package mounts

import (
	"io"
	"strings"
	"testing"
)

// A mountinfo of a cluster node: the root, a Lustre scratch mounted
// without flock, an NFS home with a space in its mount point (escaped as
// \040 by the kernel) and a mount below the scratch.
const fixture = `22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
40 22 0:45 / /lustre/scratch rw,relatime shared:20 - lustre 10.0.0.1@tcp:/scratch rw,localflock
41 22 0:46 / /home/my\040home rw shared:21 - nfs4 server:/home rw
42 40 0:47 / /lustre/scratch/tmp rw shared:22 - tmpfs tmpfs rw
`

func TestOf(t *testing.T) {
	defer func(f func() (io.ReadCloser, error)) { mountinfo = f }(mountinfo)
	mountinfo = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(fixture)), nil }
	for path, want := range map[string]Mount{
		"/lustre/scratch/u/results/cache/ab/x.lock": {"/lustre/scratch", "lustre", "10.0.0.1@tcp:/scratch"},
		"/lustre/scratch":             {"/lustre/scratch", "lustre", "10.0.0.1@tcp:/scratch"},
		"/lustre/scratchy/results":    {"/", "ext4", "/dev/vda"}, // a prefix of the name is not a parent
		"/lustre/scratch/tmp/results": {"/lustre/scratch/tmp", "tmpfs", "tmpfs"},
		"/home/my home/results":       {"/home/my home", "nfs4", "server:/home"},
	} {
		if got, ok := Of(path); !ok || got != want {
			t.Errorf("Of(%q) = %+v, %v; want %+v", path, got, ok, want)
		}
	}
}
