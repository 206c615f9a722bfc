package executor

import (
	"slices"
	"testing"

	"ringwave/pipeline/manifest"
)

// TestScheduleStartsEachRunAfterItsOwnUpstream: with two upstream runs
// and a downstream of each, a downstream starts as soon as its own
// upstream is done, while the other upstream still runs; a run whose
// upstream failed is not started, and neither is its own downstream.
func TestScheduleStartsEachRunAfterItsOwnUpstream(t *testing.T) {
	u1 := &manifest.Run{Name: "u1", Key: "k-u1"}
	u2 := &manifest.Run{Name: "u2", Key: "k-u2"}
	d1 := &manifest.Run{Name: "d1", Key: "k-d1", Upstream: u1}
	d2 := &manifest.Run{Name: "d2", Key: "k-d2", Upstream: u2}
	e2 := &manifest.Run{Name: "e2", Key: "k-e2", Upstream: d2}
	s := newSchedule([]*manifest.Run{u1, u2, d1, d2, e2})

	start, doomed := s.next(4)
	if !slices.Equal(start, []int{0, 1}) || doomed != nil {
		t.Fatalf("first: start %v doomed %v, want the two upstreams", start, doomed)
	}
	s.done(0, true) // u1 committed, u2 still running
	if start, doomed = s.next(3); !slices.Equal(start, []int{2}) || doomed != nil {
		t.Fatalf("after u1: start %v doomed %v, want d1 alone", start, doomed)
	}
	s.done(1, false) // u2 failed
	if start, doomed = s.next(3); start != nil || !slices.Equal(doomed, []int{3}) {
		t.Fatalf("after u2 failed: start %v doomed %v, want d2 doomed", start, doomed)
	}
	s.done(3, false)
	if start, doomed = s.next(3); start != nil || !slices.Equal(doomed, []int{4}) {
		t.Fatalf("after d2: start %v doomed %v, want e2 doomed", start, doomed)
	}
	s.done(4, false)
	s.done(2, true)
	if start, doomed = s.next(3); start != nil || doomed != nil || len(s.pending) != 0 {
		t.Errorf("at the end: start %v doomed %v pending %v", start, doomed, s.pending)
	}
}

// TestScheduleSlots: no more runs start than there are free slots, in
// order.
func TestScheduleSlots(t *testing.T) {
	var runs []*manifest.Run
	for _, k := range []string{"a", "b", "c"} {
		runs = append(runs, &manifest.Run{Name: k, Key: k})
	}
	s := newSchedule(runs)
	if start, _ := s.next(1); !slices.Equal(start, []int{0}) {
		t.Errorf("start %v, want [0]", start)
	}
	if start, _ := s.next(5); !slices.Equal(start, []int{1, 2}) {
		t.Errorf("start %v, want [1 2]", start)
	}
}
