package executor

import (
	"fmt"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// initialWeights returns the weights r starts from: made or read by the
// manifest, or, for a run with an upstream ([init] from), the upstream
// run's final weights as the cache holds them (checked against their
// sha256 in its run.json), carried over to r's model.
func initialWeights(c cache.Cache, r *manifest.Run) ([]float64, error) {
	u := r.Upstream
	if u == nil {
		return r.InitialWeights()
	}
	var derive Derivation
	if r.Init.Source == "derived" {
		var ok bool
		if derive, ok = lookupDerivation(r.Init.Derived); !ok {
			return nil, fmt.Errorf("its initial weights are derived by %q, which this program does not know", r.Init.Derived)
		}
	}
	res, state, err := c.Open(u)
	if state != cache.Cached {
		msg := fmt.Sprintf("its upstream run %s (key %.12s, %s) is %s", u.Name, u.Key, u.Manifest.Path, state)
		if err != nil {
			msg += ": " + err.Error()
		}
		return nil, fmt.Errorf("%s; ringwave run computes it first", msg)
	}
	if derive != nil {
		return derive(res)
	}
	w, err := res.Read(cache.WeightsFile)
	if err != nil {
		return nil, fmt.Errorf("reading the final weights of its upstream run: %w", err)
	}
	return r.StartingWeights(w.Values)
}

// schedule hands out the runs of a Local execution as they become ready:
// in order, each once its upstream run is done (cached or committed by
// an earlier run of the list), not when every run ahead is. A run whose
// upstream failed fails without being tried, and so on downstream.
type schedule struct {
	runs    []*manifest.Run
	pending []int          // not yet started, in order
	left    map[string]int // runs of each key not yet finished
	ok      map[string]bool
}

func newSchedule(runs []*manifest.Run) *schedule {
	s := &schedule{runs: runs, left: map[string]int{}, ok: map[string]bool{}}
	for i, r := range runs {
		s.pending = append(s.pending, i)
		s.left[r.Key]++
	}
	return s
}

// next returns the runs that can start now (at most slots), and those that
// cannot run at all because their upstream failed, removing both from
// pending.
func (s *schedule) next(slots int) (start, doomed []int) {
	keep := s.pending[:0]
	for _, i := range s.pending {
		u := s.runs[i].Upstream
		switch {
		case u == nil || s.ok[u.Key]:
			if len(start) < slots {
				start = append(start, i)
				continue
			}
		case s.left[u.Key] == 0: // every run of it finished, none well
			doomed = append(doomed, i)
			continue
		}
		keep = append(keep, i)
	}
	s.pending = keep
	return start, doomed
}

// done records that run i finished, well or not.
func (s *schedule) done(i int, ok bool) {
	k := s.runs[i].Key
	s.left[k]--
	s.ok[k] = s.ok[k] || ok
}
