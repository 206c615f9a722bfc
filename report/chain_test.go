package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/runtest"
)

// TestIndexShowsUpstream: a chained manifest's page and its row in the
// index say which manifest its runs start from; the upstream's own row
// says nothing of the kind.
func TestIndexShowsUpstream(t *testing.T) {
	dir := t.TempDir()
	results, out := filepath.Join(dir, "results"), filepath.Join(dir, "reports")
	runtest.WriteManifest(t, dir, "k.toml", runtest.Base)
	down := runtest.WriteManifest(t, dir, "replay.toml", `name = "replay"
model = "kernel"
[network]
neurons = 32
periods = 8
[dynamics]
learn = false
[input]
stimulate = false
[init]
from = "k.toml"
`)
	reportOne(t, down, results, out, false)
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(index), `<small>from <a href="./k.html">k</a></small>`); n != 1 {
		t.Errorf("the index names the upstream %d times, want once (the replay's row)", n)
	}
	page, err := os.ReadFile(filepath.Join(out, "replay.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"starting from the final weights of <code>", "Replay: the ring on its own", "<b>Learning is off in this run</b>"} {
		if !strings.Contains(string(page), s) {
			t.Errorf("replay.html lacks %q", s)
		}
	}
	// Frozen weights are not compared with the theories of learning.
	for _, s := range []string{"against the theories of the rule", "Whether the weights have settled"} {
		if strings.Contains(string(page), s) {
			t.Errorf("replay.html, a run with learning off, says %q", s)
		}
	}
}
