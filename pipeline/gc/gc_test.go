package gc

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/runtest"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
)

// TestPlanAndGroups: the entries of manifests not given are planned for
// removal, grouped by the manifest that last used them, largest group
// first; the given manifest's entries stay, and an entry without a
// readable record is grouped as unknown.
func TestPlanAndGroups(t *testing.T) {
	dir := t.TempDir()
	kept := runtest.Expand(t, runtest.WriteManifest(t, dir, "kept.toml", runtest.Base))
	three := runtest.Expand(t, runtest.WriteManifest(t, dir, "three.toml", runtest.Base+"[sweep]\nseed = [1, 2, 4]\n"))
	one := runtest.Expand(t, runtest.WriteManifest(t, dir, "one.toml", strings.Replace(runtest.Base, "lambda = 20.0", "lambda = 10.0", 1)))
	broken := runtest.Expand(t, runtest.WriteManifest(t, dir, "broken.toml", runtest.Base+"[sweep]\nseed = [9]\n"))
	c := cache.Cache{Dir: filepath.Join(dir, "results")}
	all := append(append(append(kept, three...), one...), broken...)
	if err := (executor.Local{Cache: c}).Execute(context.Background(), all); err != nil {
		t.Fatal(err)
	}
	os.Remove(c.EntryDir(broken[0].Key) + ".uses")
	if err := os.WriteFile(filepath.Join(c.EntryDir(broken[0].Key), "run.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}

	plan, err := Plan(c, kept)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range plan {
		if g.Key == kept[0].Key {
			t.Errorf("the kept manifest's entry is planned for removal: %+v", g)
		}
	}
	groups, n, size := Groups(c, plan)
	if n != 5 {
		t.Fatalf("%d entries planned, want 5: %+v", n, plan)
	}
	var total int64
	var order []string
	for _, g := range groups {
		total += g.Size
		order = append(order, filepath.Base(g.Manifest))
	}
	if total != size || size == 0 {
		t.Errorf("groups hold %d bytes, the plan %d", total, size)
	}
	// Three runs outweigh one; the unknown and one.toml have one run each
	// of nearly equal size, so only the first place is certain.
	if len(groups) != 3 || order[0] != "three.toml" || groups[0].Entries != 3 {
		t.Errorf("groups %+v", groups)
	}
	unknown := false
	for _, g := range groups {
		unknown = unknown || strings.HasPrefix(g.Manifest, "(unknown")
	}
	if !unknown {
		t.Errorf("no group for the entry without a record: %v", order)
	}
}
