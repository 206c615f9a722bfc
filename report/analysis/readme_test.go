package analysis

import (
	"os"
	"strings"
	"testing"
)

// README states the thresholds the code uses, as the pages do (both from
// these constants): change one and this test names the sentence to fix.
func TestReadmeStatesTheThresholds(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(b)), " ")
	for _, want := range []string{
		"repeats after k ≤ " + itoa(MaxCycles) + " periods of the input to " + Percent(PeriodicTolerance),
		"first peak of its autocorrelation, at least " + FormatNumber(AutocorrelationMin, 2),
		"over the second half of the learning, is at most " + Percent(DriftTolerance),
		"*Theories* hold within " + Percent(AgreeTolerance),
		"a fixed point when `fixed_point_rel_diff` ≤ " + Percent(FixedPointTolerance),
		"(" + itoa(FixedPointTransient) + " periods, then as many as w* averaged",
		"Above " + Percent(NoncirculantMax) + " no kernel describes the weights",
		"(R² ≥ " + FormatNumber(FitR2Min, 3) + " and a typical error under " + Percent(FitTypicalErrorMax) + ")",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README does not say %q", want)
		}
	}
}
