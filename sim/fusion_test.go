package sim

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// fusedOp matches a fused multiply-add in the compiler's assembly listing
// (go build -gcflags=-S), with the source position of the operation.
var fusedOp = regexp.MustCompile(`\(([^()\s]+\.go):(\d+)\)\s+(FN?M(ADD|SUB)[DS]|VFN?M(ADD|SUB)\w+)\s`)

// unfusedExempt are the files whose numbers need not be the same on every
// machine: the straightforward reference, which tests compare with
// tolerances (it also uses gonum's FFT, whose products may be fused).
var unfusedExempt = map[string]bool{"network.go": true}

// TestNoImplicitFusedMultiplyAdd compiles this package for arm64 and for
// amd64 with GOAMD64=v3, where Go may fuse x·y + z into one instruction
// (that rounds once instead of twice), and checks that every fused
// multiply-add comes from an explicit math.FMA, which every machine
// computes exactly. Everywhere else a product that meets a sum is rounded
// by an explicit float64(). This is what makes a run's bits the same on
// every machine (with libm.go, normal.go and fft.go). The listing shows an
// inlined function's operations at their own lines.
func TestNoImplicitFusedMultiplyAdd(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("checked where the project is developed, by cross-compiling from amd64")
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no go command at %s: %v", goTool, err)
		}
		t.Skipf("no go command at %s", goTool)
	}
	for _, env := range [][]string{{"GOARCH=arm64"}, {"GOARCH=amd64", "GOAMD64=v3"}} {
		cmd := exec.Command(goTool, "build", "-gcflags=-S", ".")
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s go build -gcflags=-S: %v\n%s", env, err, out)
		}
		n := 0
		for _, m := range fusedOp.FindAllStringSubmatch(string(out), -1) {
			file, line := m[1], m[2]
			if unfusedExempt[filepath.Base(file)] {
				continue
			}
			src := sourceLine(t, file, line)
			if !strings.Contains(src, "FMA(") {
				t.Errorf("%s: %s:%s: %s fuses %q", env, filepath.Base(file), line, m[3], strings.TrimSpace(src))
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s: no fused multiply-add found at all: the listing's format changed?", env)
		}
	}
}

func sourceLine(t *testing.T, file, line string) string {
	t.Helper()
	k, err := strconv.Atoi(line)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 1; sc.Scan(); i++ {
		if i == k {
			return sc.Text()
		}
	}
	t.Fatal(fmt.Sprintf("%s has no line %d", file, k))
	return ""
}
