package executor

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestResultLineRoundTrip: whatever a run's name and directory hold, the
// line written for it reads back as what was written (the key cut to
// ShortKey digits). The generator favours the hard cases: double spaces,
// hex words, "cached" and "computed" inside names and directories.
func TestResultLineRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "Z", "0", "9", "f", " ", "  ", "[", "]", "=", ",", ".", "-", "_", "/", "é", "∕", "~",
		"cached", "computed", "  cached  ", "dynamics.lambda=10", "0123456789ab", "deadbeefcafe"}
	text := func(n int) string {
		var b strings.Builder
		for range rng.IntN(n) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	const trials = 20000
	ambiguous := 0
	for range trials {
		key := fmt.Sprintf("%016x%016x%016x%016x", rng.Uint64(), rng.Uint64(), rng.Uint64(), rng.Uint64())
		want := ResultLine{Name: text(12), Key: key, Computed: rng.IntN(2) == 0, Dir: text(12)}
		if resultRE.MatchString(want.Name + "  ") {
			ambiguous++ // the format's one restriction on names (see resultRE)
			continue
		}
		got, ok := ParseResultLine(want.String())
		want.Key = key[:ShortKey]
		if !ok || got != want {
			t.Fatalf("%q read back as %+v (ok %v), want %+v", want.String(), got, ok, want)
		}
	}
	// The property is not vacuous: nearly every trial was checked.
	if ambiguous > trials/100 {
		t.Errorf("%d of %d names skipped", ambiguous, trials)
	}
}

func TestParseResultLineRejects(t *testing.T) {
	for _, line := range []string{
		"",
		"k  0123456789ab  failed  /r/cache/01/0123456789ab",
		"k  0123456789AB  cached  /r/cache/01/x",                     // not ringwave's hex
		"k  0123456789a  cached  /r/cache/01/x",                      // 11 digits
		"k 0123456789ab cached /r/cache/01/x",                        // one space
		"task 0: k (key 0123456789ab) on node1",                      // run-task's first line
		"submitted slurm job 12: 4 runs to compute; logs in A/slurm", // the driver's
		"k  0123456789ab  computed  /r\n",                            // a line has no newline
	} {
		if l, ok := ParseResultLine(line); ok {
			t.Errorf("%q read as a result line: %+v", line, l)
		}
	}
}

func TestFindResultLine(t *testing.T) {
	key := strings.Repeat("0123456789abcdef", 4)
	other := strings.Repeat("fedcba9876543210", 4)
	log := "task 3: k (key 0123456789ab) on n1\n" +
		ResultLine{Name: "k[seed=2]", Key: other, Computed: true, Dir: "/r/x"}.String() + "\n" +
		"k: 100%\n" +
		ResultLine{Name: "k[seed=1]", Key: key, Computed: true, Dir: "/r/y"}.String() + "\n"
	l, ok := FindResultLine(log, key)
	if !ok || l.Name != "k[seed=1]" || l.Dir != "/r/y" || !l.Computed {
		t.Errorf("FindResultLine = %+v, %v", l, ok)
	}
	if _, ok := FindResultLine(log, strings.Repeat("1", 64)); ok {
		t.Error("found a line for a key the log does not have")
	}
	if _, ok := FindResultLine(log[:len(log)/2], key); ok {
		t.Error("found a line the log's first half does not have")
	}
}
