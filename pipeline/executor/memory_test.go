package executor

import (
	"strings"
	"testing"

	"ringwave/internal/runtest"
)

// TestMemoryCheckedWhereComputed: a run too big for this machine resolves
// (path and status work, a cluster may run it) and is refused by the
// compute path, with the manifest's line.
func TestMemoryCheckedWhereComputed(t *testing.T) {
	if availableMemory() == 0 {
		t.Skip("no /proc/meminfo")
	}
	body := strings.Replace(runtest.Base, "model = \"kernel\"", "model = \"full\"", 1)
	body = strings.Replace(body, "neurons = 32", "neurons = 200000", 1)
	r := runtest.Expand(t, runtest.WriteManifest(t, t.TempDir(), "big.toml", body))[0]
	err := checkMemory(r)
	if err == nil || !strings.Contains(err.Error(), "big.toml:6: network.neurons needs about 894.2 GiB of memory") {
		t.Errorf("checkMemory: %v", err)
	}
	if err := checkMemory(runtest.Expand(t, runtest.WriteManifest(t, t.TempDir(), "small.toml", runtest.Base))[0]); err != nil {
		t.Errorf("a small run: %v", err)
	}
}
