package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringwave/pipeline/manifest"
	"ringwave/report/analysis"
	"ringwave/sim"
)

// TestReplayVerdicts: the replay block's verdict follows the numbers: it
// says the prediction holds only within PredictionTolerance, and names
// each way it can fail.
func TestReplayVerdicts(t *testing.T) {
	p := sim.Default(sim.Kernel)
	p.Neurons, p.Period, p.Stimulate = 100, 0.02, false
	info := analysis.Info{Name: "r", Params: p, Settings: manifest.DefaultSettings()}
	base := analysis.Replay{Range: 0.9, Sustained: true, Mode: 1, Direction: -1, Window: 0.04, PeakOffset: -10,
		PredictedSpeed: -500, PredictedPeriod: 0.2}
	cases := []struct {
		name  string
		edit  func(r *analysis.Replay)
		wants string
	}{
		{"holds", func(r *analysis.Replay) { r.Speed, r.SpeedRelDiff = -550, 0.1 }, "Within the 25 %"},
		{"too fast", func(r *analysis.Replay) { r.Speed, r.SpeedRelDiff = -1000, 1 }, "The prediction fails</b> by more than 25 %"},
		{"other way", func(r *analysis.Replay) { r.Speed, r.SpeedRelDiff, r.Direction = 500, -2, 1 }, "the activity travels the other way"},
		{"peak at N/2", func(r *analysis.Replay) {
			r.PeakOffset, r.PredictedSpeed, r.Speed, r.SpeedRelDiff = 50, 2500, -2600, -2.04
		}, "fails on the direction"},
		{"standing, predicted to travel", func(r *analysis.Replay) { r.Direction, r.Speed = 0, 1 }, "<b>The prediction fails:</b> the kernel peaks at offset j* = -10"},
		{"standing, peak at 0", func(r *analysis.Replay) { r.Direction, r.Speed, r.PeakOffset, r.PredictedSpeed = 0, 1, 0, 0 }, "so the prediction v = j*/(τ<sub>d</sub> + τ<sub>x</sub>) = 0 agrees"},
		{"dies out", func(r *analysis.Replay) { r.Sustained, r.Range, r.Direction = false, 1e-4, 0 }, "The activity does not persist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := base
			c.edit(&r)
			text := string(replayBlocks(info, &r)[0].Text)
			if !strings.Contains(text, c.wants) {
				t.Errorf("text lacks %q:\n%s", c.wants, text)
			}
			if c.name != "holds" && strings.Contains(text, "Within the") {
				t.Errorf("a failing case is called within tolerance:\n%s", text)
			}
		})
	}
	if replayBlocks(info, nil) != nil {
		t.Errorf("a run driven throughout has a replay block")
	}
}

// TestReadmeStatesReplayThresholds: README states the thresholds the
// replay page uses.
func TestReadmeStatesReplayThresholds(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(b)), " ")
	for _, s := range []string{
		"still span at least " + g(analysis.SustainedRange),
		"less than " + pct(analysis.MinTravel) + " of the ring",
		"(beyond " + pct(analysis.PredictionTolerance) + ",",
	} {
		if !strings.Contains(readme, s) {
			t.Errorf("README does not say %q", s)
		}
	}
}
