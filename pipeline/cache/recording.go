package cache

import (
	"strings"

	"ringwave/pipeline/manifest"
)

// A RecordedSpan is one file of a run's recorded activity or weight
// snapshots and the steps its rows hold, as run.json lists them for
// readers without ringwave: row r is step first_step + r·every.
type RecordedSpan struct {
	File string `json:"file"`
	manifest.Span
	FirstStep int `json:"first_step"`
	Rows      int `json:"rows"`
}

// Recording is run.json's map from rows to steps: the files of the
// activity and of the weight snapshots in the order of the run.
type Recording struct {
	Activity []RecordedSpan `json:"activity"`
	History  []RecordedSpan `json:"weights_history"`
}

// SpanFile returns the file that holds a span of the array whose whole-run
// file is base: base itself without windows, "activity_last.npy" for the
// last window of "activity.npy".
func SpanFile(base string, s manifest.Span) string {
	if s.Part == "" {
		return base
	}
	return strings.TrimSuffix(base, ".npy") + "_" + s.Part + ".npy"
}

// RecordingOf returns the recording of resolved settings s.
func RecordingOf(s manifest.Settings) Recording {
	return Recording{Activity: recorded(ActivityFile, s.ActivitySpans()), History: recorded(HistoryFile, s.HistorySpans())}
}

func recorded(base string, spans []manifest.Span) []RecordedSpan {
	out := make([]RecordedSpan, 0, len(spans))
	for _, s := range spans {
		out = append(out, RecordedSpan{File: SpanFile(base, s), Span: s, FirstStep: s.First(), Rows: s.Rows()})
	}
	return out
}

// fileOrder lists the files an entry of settings s may hold, in the order
// run.json lists them.
func fileOrder(s manifest.Settings) []string {
	rec := RecordingOf(s)
	var names []string
	for _, a := range rec.Activity {
		names = append(names, a.File)
	}
	names = append(names, WeightsFile, InitialFile)
	for _, h := range rec.History {
		names = append(names, h.File)
	}
	return names
}
