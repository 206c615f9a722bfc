package cache

import (
	"path/filepath"
	"strings"
)

// RunCommand is the `ringwave run` that computes the runs of manifests
// into this cache's results directory, as a user would type it: the hint
// of every message about a run that is missing or corrupt.
func (c Cache) RunCommand(manifests ...string) string {
	cmd := "ringwave run"
	if filepath.Clean(c.Dir) != "results" {
		cmd += " -results " + c.Dir
	}
	return cmd + " " + strings.Join(manifests, " ")
}
