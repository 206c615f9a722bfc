package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// README states the scales the summaries and compare pages use, from the
// constants they use.
func TestReadmeStatesScales(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(b)), " ")
	for _, s := range []string{
		"a floor of " + sci(RelFloor),
		"less than " + pct(FlatSpread) + " of their size",
		"up to " + itoa(maxMaps),
		"below " + sci(RoundingFloor),
		"longer than " + itoa(maxTextCell) + " characters",
	} {
		if !strings.Contains(readme, s) {
			t.Errorf("README does not say %q", s)
		}
	}
}

// flatRange widens only a spread below FlatSpread, to round ends.
func TestFlatRange(t *testing.T) {
	if lo, hi := flatRange([]float64{2, 2.0004}); lo != 1.98 || hi != 2.03 {
		t.Errorf("2 … 2.0004: axis %v … %v, want 1.98 … 2.03", lo, hi)
	}
	if lo, hi := flatRange([]float64{2, 2.1}); lo != nil || hi != nil {
		t.Errorf("2 … 2.1 (5 %%): axis %v … %v, want ECharts' own", lo, hi)
	}
}
