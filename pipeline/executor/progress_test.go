package executor

import (
	"bytes"
	"regexp"
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
	report := progressFunc(&buf, mode, "run")
	time.Sleep(time.Millisecond)
	report(250, 1000)
	report(1000, 1000) // the end prints nothing: the result line follows
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1 || !regexp.MustCompile(`^run: 25% \(250/1000 steps, \d+ steps/s, \S+ left\)$`).MatchString(lines[0]) {
		t.Errorf("progress output %q", buf.String())
	}
}

func TestProgressQuiet(t *testing.T) {
	if progressFunc(&bytes.Buffer{}, ProgressNone, "run") != nil {
		t.Error("ProgressNone returned a reporter")
	}
}
