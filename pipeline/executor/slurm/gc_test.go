package slurm

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"ringwave/internal/runtest"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
	"strings"
	"testing"
)

// TestGCRemovesFinishedSlurmSubmissions: a submission directory goes once
// every run it lists is cached, not before.
func TestGCRemovesFinishedSlurmSubmissions(t *testing.T) {
	dir := t.TempDir()
	runs := expand(t, runtest.WriteManifest(t, dir, "a.toml", runtest.Base+"[sweep]\nseed = [1, 2]\n"))
	c := cache.Cache{Dir: filepath.Join(dir, "results")}
	if err := (executor.Local{Cache: c}).Execute(context.Background(), runs[:1]); err != nil {
		t.Fatal(err)
	}
	submit := func(name string, rs ...*manifest.Run) string {
		sub := filepath.Join(c.Dir, "slurm", name)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		var list executor.TaskList
		for _, r := range rs {
			list.Tasks = append(list.Tasks, executor.Task{Manifest: "a.toml", Name: r.Name, Key: r.Key})
		}
		b, _ := json.Marshal(list)
		if err := os.WriteFile(filepath.Join(sub, "tasks.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		return sub
	}
	done := submit("done", runs[0])
	pending := submit("pending", runs[0], runs[1])
	keep := map[string]bool{runs[0].Key: true, runs[1].Key: true}
	plan, err := c.Plan(keep, Kind.Prune, Kind.Prune) // a pruner given twice lists once
	if err != nil {
		t.Fatal(err)
	}
	listed := 0
	for _, g := range plan {
		if g.Path == done {
			listed++
		}
	}
	if listed != 1 {
		t.Errorf("the finished submission is listed %d times in %v", listed, plan)
	}
	var out bytes.Buffer
	if _, _, err := c.Remove(plan, &out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(done); err == nil {
		t.Errorf("gc kept a finished submission:\n%s", out.String())
	}
	if _, err := os.Stat(pending); err != nil {
		t.Errorf("gc removed a submission with a run still missing:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "a Slurm submission whose runs are all cached") {
		t.Errorf("gc output:\n%s", out.String())
	}
}
