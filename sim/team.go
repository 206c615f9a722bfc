package sim

import (
	"runtime"
	"sync/atomic"
)

// team runs one function on several goroutines at once, for the dense
// phases of the full model: each call of run splits the work into chunks,
// which the goroutines (the caller's included) take in turn until none is
// left, and returns when all are done. Taking chunks as they come, rather
// than one fixed share each, keeps both cores busy when one goroutine is
// held up: by the .npy writer's goroutine, or by other work on the machine.
// The goroutines live as long as the run, so a phase costs a few channel
// operations per helper and no allocation. Which goroutine does a chunk
// never changes the numbers: chunks split rows, and every row is computed
// alone.
//
// A parked goroutine takes tens of microseconds to wake on some machines
// (measured ~90 µs on a 2-vCPU VM), a good part of a phase. So wake lets
// the helpers wake ahead of a run they know is coming: they then wait for it
// spinning, yielding the processor meanwhile.
type team struct {
	parts   int // goroutines, the caller's included
	chunks  int // pieces of work of a run
	next    atomic.Int64
	fn      func(chunk int)
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

// newTeam starts a team of at most GOMAXPROCS and maxParts goroutines
// (fewer if parts is smaller) that calls fn for chunks 0 … chunks−1.
func newTeam(parts, chunks int, fn func(chunk int)) *team {
	parts = min(parts, runtime.GOMAXPROCS(0), maxParts)
	t := &team{parts: max(parts, 1), chunks: chunks, fn: fn, done: make(chan struct{}, maxParts)}
	for p := 1; p < t.parts; p++ {
		h := &helper{wake: make(chan struct{}, 1)}
		t.helpers = append(t.helpers, h)
		go t.serve(h)
	}
	return t
}

func (t *team) serve(h *helper) {
	var seen uint64
	for range h.wake {
		for t.gen.Load() == seen {
			if t.quit.Load() {
				return
			}
			runtime.Gosched()
		}
		seen++
		t.work()
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
	t.next.Store(0)
	t.wake()
	t.gen.Add(1)
	t.work()
	for range t.helpers {
		<-t.done
	}
}

// work calls fn for chunks not yet taken, until none is left.
func (t *team) work() {
	for {
		c := int(t.next.Add(1) - 1)
		if c >= t.chunks {
			return
		}
		t.fn(c)
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

// span returns the first and last+1 of n items that chunk p of parts does.
func span(n, p, parts int) (lo, hi int) {
	return n * p / parts, n * (p + 1) / parts
}
