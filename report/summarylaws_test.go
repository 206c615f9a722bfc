package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/internal/runtest"
)

// A law that holds is called so at every point, and one that does not
// (the same rate, predicted 1.5 times too fast) fails at every point: the
// verdict follows the numbers, both ways.
func TestLawVerdicts(t *testing.T) {
	dir := t.TempDir()
	results, out := filepath.Join(dir, "results"), filepath.Join(dir, "reports")
	body := strings.Replace(runtest.Base, `name = "k"`, `name = "laws"`, 1)
	body = strings.Replace(body, "tau_w = 50.0", "tau_w = 1.0", 1)
	body = strings.Replace(body, "periods = 5", "periods = 100", 1) + "[record]\nweights_every = 32\n" +
		"[sweep]\n\"dynamics.lambda\" = [10.0, 20.0]\n" +
		"[[law]]\nmeasure = \"decay_rate\"\npredict = \"dynamics.lambda / dynamics.tau_w\"\ntolerance = 0.01\n" +
		"[[law]]\nmeasure = \"decay_rate_fitted\"\npredict = \"1.5 * dynamics.lambda / dynamics.tau_w\"\ntolerance = 0.01\n"
	path := runtest.WriteManifest(t, dir, "laws.toml", body)
	pages := reportOne(t, path, results, out, false)
	b, err := os.ReadFile(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, want := range []string{
		"Law: decay_rate", "it holds at 2 of 2 points, fails at 0",
		"Law: decay_rate_fitted", "it holds at 0 of 2 points, fails at 2",
		`id="chart_law1_axis1_ratio"`, "1 + tolerance (1 %)",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
}
