package sim

import (
	"runtime"
	"sync/atomic"
)

// team runs one function on several goroutines at once, for the dense
// phases of the full model: each call of run hands part p of the work to
// goroutine p (the caller does part 0) and returns when all parts are done.
// The goroutines live as long as the run, so a phase costs a few channel
// operations per helper and no allocation. Which goroutine does a part never
// changes the numbers: parts split rows, and every row is computed alone.
//
// A parked goroutine takes tens of microseconds to wake on some machines
// (measured ~90 µs on a 2-vCPU VM), a good part of a phase. So wake lets
// the helpers wake ahead of a run they know is coming: they then wait for it
// spinning, yielding the processor meanwhile.
type team struct {
	parts   int
	fn      func(part int)
	helpers []*helper
	gen     atomic.Uint64 // counts runs: a change releases the awake helpers
	quit    atomic.Bool
	done    chan struct{}
}

type helper struct {
	wake  chan struct{} // buffered: a token wakes a parked helper
	awake atomic.Bool   // a token was sent and the run it is for not done yet
}

// maxParts bounds the goroutines of one run; the dense phases stop scaling
// once the weights no longer fit the cores' caches.
const maxParts = 8

// newTeam starts a team of at most GOMAXPROCS and maxParts parts (fewer if
// parts is smaller) that calls fn.
func newTeam(parts int, fn func(part int)) *team {
	parts = min(parts, runtime.GOMAXPROCS(0), maxParts)
	t := &team{parts: max(parts, 1), fn: fn, done: make(chan struct{}, maxParts)}
	for p := 1; p < t.parts; p++ {
		h := &helper{wake: make(chan struct{}, 1)}
		t.helpers = append(t.helpers, h)
		go t.serve(p, h)
	}
	return t
}

func (t *team) serve(part int, h *helper) {
	var seen uint64
	for range h.wake {
		for t.gen.Load() == seen {
			if t.quit.Load() {
				return
			}
			runtime.Gosched()
		}
		seen++
		t.fn(part)
		h.awake.Store(false)
		t.done <- struct{}{}
	}
}

// wake makes the helpers ready for the next run.
func (t *team) wake() {
	for _, h := range t.helpers {
		if !h.awake.Swap(true) {
			h.wake <- struct{}{}
		}
	}
}

func (t *team) run() {
	t.wake()
	t.gen.Add(1)
	t.fn(0)
	for range t.helpers {
		<-t.done
	}
}

// stop ends the helper goroutines; the team must not be used afterwards.
func (t *team) stop() {
	t.quit.Store(true)
	for _, h := range t.helpers {
		close(h.wake)
	}
	t.helpers = nil
}

// span returns the first and last+1 of n items that part p of parts does.
func span(n, p, parts int) (lo, hi int) {
	return n * p / parts, n * (p + 1) / parts
}
