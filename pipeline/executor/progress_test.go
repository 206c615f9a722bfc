package executor

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestProgressLines(t *testing.T) {
	defer func(d time.Duration) { LineInterval = d }(LineInterval)
	LineInterval = 0 // a line for every call
	var buf bytes.Buffer
	mode := resolveProgress(&buf, ProgressAuto, 1) // a buffer is not a terminal: lines
	if mode != ProgressLines {
		t.Fatalf("a buffer got progress mode %d", mode)
	}
	report := progressFunc(&buf, mode, "run", 1000)
	time.Sleep(time.Millisecond)
	report(250, 1000)
	report(1000, 1000) // the end prints nothing: the result line follows
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || lines[0] != "run: computing 1000 steps" ||
		!regexp.MustCompile(`^run: 25% \(250/1000 steps, \d+ steps/s, \S+ left\)$`).MatchString(lines[1]) {
		t.Errorf("progress output %q", buf.String())
	}
}

func TestProgressQuiet(t *testing.T) {
	if progressFunc(&bytes.Buffer{}, ProgressNone, "run", 1) != nil {
		t.Error("ProgressNone returned a reporter")
	}
}

// TestProgressBarRate: the bar's rate counts from the start of the run. It
// counted from the first report, so that 256 steps done "in" microseconds
// showed millions of steps/s.
func TestProgressBarRate(t *testing.T) {
	var buf bytes.Buffer
	report := progressFunc(&buf, ProgressBar, "run", 100000)
	const elapsed = 50 * time.Millisecond
	time.Sleep(elapsed)
	report(256, 100000)
	m := regexp.MustCompile(`(\d+) steps/s`).FindStringSubmatch(buf.String())
	if m == nil {
		t.Fatalf("no rate in %q", buf.String())
	}
	// 256 steps in at least 50 ms: at most 5120 steps/s (the sleep may be
	// longer, never shorter).
	if rate, _ := strconv.Atoi(m[1]); rate > int(256/elapsed.Seconds()) {
		t.Errorf("the bar shows %d steps/s for 256 steps in ≥ %v", rate, elapsed)
	}
}
