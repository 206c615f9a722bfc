package manifest

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// windowManifest is a run of 20 periods of 32 steps (640 steps) with a
// delay of 10 steps, long enough for windows.
const windowManifest = `
name = "w"
model = "kernel"
[network]
neurons = 32
periods = 20
[dynamics]
tau_d = 2e-3
[record]
activity_every = 1
`

func TestRecordErrorsNameKeyAndLine(t *testing.T) {
	cases := []struct {
		name, add, want string
	}{
		{"window longer than the run", "activity_window = 21",
			"a.toml:11: record.activity_window = 21 periods (672 steps) is longer than the run's 640 steps (20 periods)"},
		{"overlapping windows", "activity_window = 10",
			"a.toml:11: record.activity_window = 10: the first and the last 10 periods (and the 11 steps of the delay line before the last) overlap in a run of 640 steps (20 periods); use at most 9"},
		{"overlapping snapshot windows", "weights_every = 32\nweights_window = 11",
			"a.toml:12: record.weights_window = 11: the first and the last 11 periods overlap in a run of 640 steps (20 periods); use at most 10"},
		{"K = 0 with a stride between", "activity_between = 32",
			"a.toml:11: record.activity_between = 32 needs windows: with record.activity_window = 0 the whole run is recorded"},
		{"weights window without snapshots", "weights_window = 2",
			"a.toml:11: record.weights_window = 2 keeps the snapshots of windows, but record.weights_every = 0 records none"},
		{"negative window", "activity_window = -1", "a.toml:11: record.activity_window must be a number of periods ≥ 1, or 0"},
		{"negative between", "activity_window = 2\nactivity_between = -3", "a.toml:12: record.activity_between must be a stride in steps ≥ 1"},
		{"stride not dividing the period", "activity_every = 5\nactivity_window = 2",
			"a.toml:10: record.activity_every = 5 must divide the period's 32 steps when record.activity_window is set"},
		{"snapshot stride neither", "weights_every = 48\nweights_window = 2",
			"a.toml:11: record.weights_every = 48 must divide the period's 32 steps or a multiple of it"},
		{"between off the grid", "activity_every = 2\nactivity_window = 2\nactivity_between = 33",
			"a.toml:12: record.activity_between = 33 must be a multiple of record.activity_every = 2, so that all rows of the activity lie on one grid"},
		{"period not whole steps", "activity_window = 2\n[network]\nperiod = 0.0065",
			"a.toml:12: record.activity_window = 2: windows are whole periods, and the period T = 0.0065 s is not a whole number of steps"},
		{"swept window too long", "[sweep]\n\"record.activity_window\" = [2, 30]",
			"a.toml:12: record.activity_window = 30 periods (960 steps) is longer than the run's 640 steps (20 periods) in sweep point record.activity_window=30"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := strings.Replace(windowManifest, "activity_every = 1\n", "activity_every = 1\n"+c.add+"\n", 1)
			if strings.Contains(c.add, "activity_every = ") || strings.Contains(c.add, "[network]") {
				body = strings.Replace(windowManifest, "activity_every = 1\n", c.add+"\n", 1)
			}
			if strings.Contains(c.add, "[network]") {
				// The period goes under [network] (TOML has no second one).
				add, net, _ := strings.Cut(c.add, "\n[network]\n")
				body = strings.Replace(windowManifest, "activity_every = 1\n", "activity_every = 1\n"+add+"\n", 1)
				body = strings.Replace(body, "periods = 20\n", "periods = 20\n"+net+"\n", 1)
			}
			path := writeManifest(t, t.TempDir(), "a.toml", body)
			m, err := Load(path)
			if err == nil {
				_, err = Expand(m)
			}
			if err == nil {
				t.Fatalf("accepted:\n%s", body)
			}
			var merr *Error
			if !errors.As(err, &merr) {
				t.Errorf("error %v is not a *manifest.Error", err)
			}
			if msg := strings.ReplaceAll(err.Error(), filepath.Dir(path)+"/", ""); !strings.Contains(msg, c.want) {
				t.Errorf("error\n%s\nwant it to contain\n%s\nmanifest:\n%s", msg, c.want, body)
			}
		})
	}
}

// TestRecordingKeysChangeTheKeyOnly: the windows change what is written,
// so the key, and nothing that is simulated: the parameters and the
// initial weights (their seed) stay.
func TestRecordingKeysChangeTheKeyOnly(t *testing.T) {
	dir := t.TempDir()
	whole := expandOne(t, writeManifest(t, dir, "a.toml", windowManifest))[0]
	seen := map[string]string{whole.Key: "whole run"}
	for _, add := range []string{
		"activity_window = 2", "activity_window = 3", "activity_window = 2\nactivity_between = 32",
		"weights_every = 32", "weights_every = 32\nweights_window = 2", "weights_every = 32\nweights_window = 2\nweights_between = 64",
	} {
		r := expandOne(t, writeManifest(t, dir, "b.toml", windowManifest+add+"\n"))[0]
		if r.Params != whole.Params || r.Init != whole.Init {
			t.Errorf("%q changed what is simulated: %+v %+v, want %+v %+v", add, r.Params, r.Init, whole.Params, whole.Init)
		}
		if prev, ok := seen[r.Key]; ok {
			t.Errorf("%q has the key of %q", add, prev)
		}
		seen[r.Key] = add
	}
	// In a sweep over a window, the seed is the one without it.
	swept := expandOne(t, writeManifest(t, dir, "c.toml", windowManifest+"[sweep]\n\"dynamics.lambda\" = [10.0]\n\"record.activity_window\" = [2, 3]\n"))
	if swept[0].Init.Seed != swept[1].Init.Seed {
		t.Errorf("record.activity_window changed the initial weights: seeds %d and %d", swept[0].Init.Seed, swept[1].Init.Seed)
	}
}

// TestSpansTileTheGrid: whatever the windows, the spans are in the order of
// the run, disjoint, within it, their rows on their stride's grid; without
// windows the one span is the whole run, as activity.npy always was.
func TestSpansTileTheGrid(t *testing.T) {
	dir := t.TempDir()
	r := expandOne(t, writeManifest(t, dir, "a.toml", windowManifest))[0]
	steps := r.Params.Steps()
	cases := []Record{
		{ActivityEvery: 1}, {ActivityEvery: 3}, {ActivityEvery: 7, WeightsEvery: 5},
		{ActivityEvery: 1, ActivityWindow: 2}, {ActivityEvery: 2, ActivityWindow: 3, ActivityBetween: 10},
		{ActivityEvery: 1, ActivityWindow: 9, ActivityBetween: 1},
		{ActivityEvery: 4, WeightsEvery: 16, WeightsWindow: 4, WeightsBetween: 48},
		{ActivityEvery: 1, WeightsEvery: 64, WeightsWindow: 10, WeightsBetween: 64},
	}
	for _, rec := range cases {
		for _, spans := range [][]Span{rec.ActivitySpans(r.Params), rec.HistorySpans(r.Params)} {
			prev := -1
			for i, s := range spans {
				if s.From < 0 || s.To > steps || (i > 0 && s.From < spans[i-1].To) {
					t.Errorf("%+v: span %d %+v overlaps the one before or leaves the run of %d steps", rec, i, s, steps)
				}
				for row := range s.Rows() {
					step := s.Step(row)
					if step < s.From || step >= s.To || step%s.Every != 0 || step <= prev {
						t.Errorf("%+v: span %+v row %d at step %d (the one before at %d)", rec, s, row, step, prev)
					}
					prev = step
				}
			}
			if rec.ActivityWindow == 0 && len(spans) > 0 && spans[0].Part == "" && len(spans) == 1 {
				if s := spans[0]; s.Rows() != ceilDiv(steps, s.Every) {
					t.Errorf("%+v: %d rows, want ⌈%d/%d⌉", rec, s.Rows(), steps, s.Every)
				}
			}
		}
	}
	// The last activity window holds its K periods and the delay line.
	rec := Record{ActivityEvery: 1, ActivityWindow: 2}
	spans := rec.ActivitySpans(r.Params)
	if last := spans[len(spans)-1]; last.Rows() != 2*32+r.Params.Delay()+1 || last.To != steps {
		t.Errorf("last window %+v: %d rows, want %d ending at step %d", last, last.Rows(), 2*32+r.Params.Delay()+1, steps)
	}
}
