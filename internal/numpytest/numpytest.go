// Package numpytest runs the NumPy scripts under tools/ from Go tests.
//
// Tests that compare against NumPy need Debian's python3-numpy. Without it
// they are skipped on a developer's machine and fail under CI (CI=true),
// where .ci/run installs it, so that a missing install cannot pass silently.
package numpytest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	once   sync.Once
	python string
)

// Python returns a Python interpreter that can import numpy, or ends the test.
func Python(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		for _, p := range []string{"/usr/bin/python3", "python3"} {
			if exec.Command(p, "-c", "import numpy").Run() == nil {
				python = p
				return
			}
		}
	})
	if python == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no python3 with numpy: .ci/run must install python3-numpy")
		}
		t.Skip("no python3 with numpy (apt-get install python3-numpy)")
	}
	return python
}

// Root returns the module's root directory (the one holding go.mod).
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("numpytest: no go.mod above the test's directory")
		}
		dir = parent
	}
}

// Script runs tools/NAME with args and returns its standard output.
func Script(t testing.TB, name string, args ...string) string {
	t.Helper()
	py := Python(t)
	cmd := exec.Command(py, append([]string{filepath.Join(Root(t), "tools", name)}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tools/%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
