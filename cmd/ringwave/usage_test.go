package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUsageIsOneText: the usage, `help CMD`, `CMD -h` and README's lists of
// commands and manifest keys are made from one table each; README must
// show them as the program prints them.
func TestUsageIsOneText(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var block strings.Builder
	for _, line := range strings.Split(strings.TrimRight(synopsis(), "\n"), "\n") {
		block.WriteString("    " + line + "\n")
	}
	if !strings.Contains(string(readme), "## Commands\n\n"+block.String()) {
		t.Errorf("README's list of commands differs from the usage; it should read\n%s", block.String())
	}
	_, keys, _ := strings.Cut(manifestHelp(), "\n\n")
	if !strings.Contains(string(readme), "```toml\n"+keys+"```\n") {
		t.Errorf("README's manifest keys differ from `ringwave help manifest`; they should read\n%s", keys)
	}

	for _, c := range commands {
		help := runOut(t, "help", c.name)
		if !strings.HasPrefix(help, "usage: ringwave "+c.name+" ") {
			t.Errorf("help %s begins %q", c.name, firstLine(help))
		}
		if c.name == "help" {
			continue
		}
		if flags := runOut(t, c.name, "-h"); flags != help {
			t.Errorf("%s -h and help %s differ:\n%s\n---\n%s", c.name, c.name, flags, help)
		}
		if !strings.Contains(help, "\nflags:\n") || !strings.Contains(help, "\n  -results DIR\n") {
			t.Errorf("help %s lists no flags:\n%s", c.name, help)
		}
	}
	if help := runOut(t, "help"); !strings.Contains(help, synopsis()[:40]) {
		t.Errorf("help prints\n%s", help)
	}
}

// runOut runs ringwave in-process and returns its standard output.
func runOut(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), args, &out, &errOut); err != nil && err != errHelp {
		t.Fatalf("ringwave %v: %v\n%s", args, err, errOut.String())
	}
	return out.String()
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestFlagsAfterManifests: flags may follow the manifests.
func TestFlagsAfterManifests(t *testing.T) {
	fs, results := newFlags("path")
	quiet := fs.Bool("q", false, "")
	paths, err := parseFlags(fs, []string{"a.toml", "-results", "R", "b.toml", "-q", "--", "-c.toml"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(paths, " ") != "a.toml b.toml -c.toml" || *results != "R" || !*quiet {
		t.Errorf("paths %q, -results %q, -q %v", paths, *results, *quiet)
	}
}

// TestSynopsisHasEveryFlag: a command's synopsis is made from its flag set,
// so every flag it defines shows in it (run's in one of its forms, a
// kind's flags in its kind's), and an executor kind's new flag in README.
func TestSynopsisHasEveryFlag(t *testing.T) {
	for _, c := range commands {
		if c.flags == nil {
			continue
		}
		fs, results := newFlags(c.name)
		c.flags(fs, results)
		forms := strings.Join(c.synopsis(), "\n")
		for _, f := range fs.Names() {
			if !strings.Contains(forms, "-"+f+" ") && !strings.Contains(forms, "-"+f+"]") {
				t.Errorf("%s: -%s is not in its synopsis:\n%s", c.name, f, forms)
			}
		}
	}
	run, _ := lookup("run")
	for _, form := range run.synopsis()[1:] {
		if strings.Contains(form, "[-j N]") || strings.Contains(form, "[-force]") {
			t.Errorf("a batch form offers flags of the local executor: %s", form)
		}
	}
}
