package flagset

import (
	"strings"
	"testing"
)

// TestSynopsis: flags appear in the order they were defined, not by name,
// booleans without a value, the others with their usage's quoted word.
func TestSynopsis(t *testing.T) {
	fs := New("run")
	fs.String("results", "results", "results `DIR`")
	fs.Int("j", 1, "up to `N` runs")
	fs.Bool("force", false, "recompute")
	var s string
	fs.StringVar(&s, "slurm-opts", "", "options `\"...\"`")
	fs.Bool("detach", false, "return at once")
	want := `[-results DIR] [-j N] [-force] [-slurm-opts "..."] [-detach] MANIFEST...`
	if got := fs.Synopsis("MANIFEST..."); got != want {
		t.Errorf("Synopsis = %s\nwant        %s", got, want)
	}
	if got := strings.Join(fs.Names(), " "); got != "results j force slurm-opts detach" {
		t.Errorf("Names = %s", got)
	}
}

func TestFormLine(t *testing.T) {
	// A bracketed flag and a quoted value are never cut; no line passes 80.
	got := FormLine("ringwave run    ", `[-results DIR] -executor slurm [-detach] [-partition P] [-time T] [-cpus-per-task N] [-mem M] [-slurm-opts "a b"] MANIFEST...`)
	want := "ringwave run    [-results DIR] -executor slurm [-detach] [-partition P]\n" +
		"                [-time T] [-cpus-per-task N] [-mem M] [-slurm-opts \"a b\"]\n" +
		"                MANIFEST...\n"
	if got != want {
		t.Errorf("FormLine:\n%s\nwant\n%s", got, want)
	}
}
