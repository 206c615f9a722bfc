package table

import (
	"flag"
	"os"
	"strings"
	"testing"

	"ringwave/report/analysis"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite README's table of columns from the registry")

const readmePath = "../../README.md"

// readmeTable returns README's table of columns and where it is: the
// table that follows "The columns, in this order".
func readmeTable(t *testing.T) (text string, from, to int) {
	t.Helper()
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	text = string(b)
	at := strings.Index(text, "The columns, in this order")
	if at < 0 {
		t.Fatal(`README has no "The columns, in this order"`)
	}
	from = at + strings.Index(text[at:], "\n| column |")
	if from < at {
		t.Fatal("README has no table after \"The columns, in this order\"")
	}
	from++
	to = from
	for to < len(text) && text[to] == '|' {
		to += strings.IndexByte(text[to:], '\n') + 1
	}
	return text, from, to
}

// README states the thresholds the code uses, as the pages write them.
func TestReadmeThresholds(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(b)), " ") // README wraps lines anywhere
	for _, want := range []string{
		"is at most " + analysis.Percent(analysis.DriftTolerance),                      // settled
		"the most specific theory within " + analysis.Percent(analysis.AgreeTolerance), // regime
		"(" + analysis.FitCriterion() + ")",                                            // decay rate
	} {
		if !strings.Contains(text, want) {
			t.Errorf("README does not say %q", want)
		}
	}
}

// README's table of columns is the registry's, row for row.
func TestReadmeColumnsAreTheRegistry(t *testing.T) {
	text, from, to := readmeTable(t)
	want := Markdown()
	if *updateReadme {
		if err := os.WriteFile(readmePath, []byte(text[:from]+want+text[to:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := text[from:to]; got != want {
		t.Errorf("README's table of columns differs from the registry (go generate ./report/table):\n got:\n%s\nwant:\n%s", got, want)
	}
}
