package executor

import (
	"bufio"
	"fmt"
	"regexp"
	"strings"

	"ringwave/pipeline/manifest"
)

// A ResultLine is what every executor prints for a run that landed in the
// cache, and what a batch task prints in its log:
//
//	name  key  cached|computed  directory
//
// with the key cut to 12 hex digits and the fields separated by two
// spaces. It is written here and read back here only: the batch driver
// reads a task's line to tell a task that failed from one whose entry is
// not visible yet, and scripts read run's output.
type ResultLine struct {
	Name     string
	Key      string // the full key when written; its first ShortKey digits when parsed
	Computed bool   // computed now, not taken from the cache
	Dir      string // the run's cache entry
}

// ShortKey is the number of hex digits of the key a result line shows.
const ShortKey = 12

// Landed returns the result line of run r, whose entry is dir.
func Landed(r *manifest.Run, computed bool, dir string) ResultLine {
	return ResultLine{Name: r.Name, Key: r.Key, Computed: computed, Dir: dir}
}

func (l ResultLine) String() string {
	state := "cached"
	if l.Computed {
		state = "computed"
	}
	return fmt.Sprintf("%s  %.*s  %s  %s", l.Name, ShortKey, l.Key, state, l.Dir)
}

// resultRE finds the middle of a result line: the short key and the state
// between two-space separators. The first match wins, so a run's name may
// hold anything but that pattern (manifest names have no spaces; only a
// string sweep value could), and the directory anything but a newline.
var resultRE = regexp.MustCompile(`  ([0-9a-f]{12})  (cached|computed)  `)

// ParseResultLine reads one line written by ResultLine.String; ok is false
// for any other line.
func ParseResultLine(line string) (l ResultLine, ok bool) {
	m := resultRE.FindStringSubmatchIndex(line)
	if m == nil || strings.Contains(line, "\n") {
		return ResultLine{}, false
	}
	return ResultLine{
		Name:     line[:m[0]],
		Key:      line[m[2]:m[3]],
		Computed: line[m[4]:m[5]] == "computed",
		Dir:      line[m[1]:],
	}, true
}

// FindResultLine returns the last result line for key in text (a task's
// log), if there is one.
func FindResultLine(text, key string) (ResultLine, bool) {
	var found ResultLine
	ok := false
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, len(text)+1)
	for sc.Scan() {
		if l, isLine := ParseResultLine(sc.Text()); isLine && len(key) >= ShortKey && l.Key == key[:ShortKey] {
			found, ok = l, true
		}
	}
	return found, ok
}
