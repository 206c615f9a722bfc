package executor

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// ProgressMode says how long runs report their progress.
type ProgressMode int

const (
	ProgressAuto  ProgressMode = iota // a bar on a terminal, plain lines otherwise
	ProgressBar                       // a bar (one run at a time)
	ProgressLines                     // a line every LineInterval
	ProgressNone                      // silent
)

// LineInterval is the time between two progress lines in ProgressLines mode.
var LineInterval = 10 * time.Second

// resolveProgress turns ProgressAuto into a bar when w is a terminal and
// one run is computed at a time (bars of parallel runs would overwrite each
// other), and into lines otherwise.
func resolveProgress(w io.Writer, mode ProgressMode, jobs int) ProgressMode {
	if mode != ProgressAuto {
		return mode
	}
	if f, ok := w.(*os.File); ok && jobs == 1 && term.IsTerminal(int(f.Fd())) {
		return ProgressBar
	}
	return ProgressLines
}

// progressFunc returns the callback that reports the progress of run name,
// of total steps, on w (a writer safe for concurrent use) in a resolved
// mode. It is made as the run starts: the bar's rate counts from then, not
// from the first report (which made it show millions of steps/s). In
// ProgressLines mode its first call says that the run starts, so that a
// log shows what is being computed before the first line of progress
// (compute calls it once its files are open).
func progressFunc(w io.Writer, mode ProgressMode, name string, total int) func(done, total int) {
	switch mode {
	case ProgressNone:
		return nil
	case ProgressBar:
		bar := progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(name),
			progressbar.OptionSetItsString("steps"),
			progressbar.OptionShowIts(),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		bar.StartWithoutRender()
		return func(done, _ int) { bar.Set(done) }
	}
	start := time.Now()
	last := start
	said := false
	return func(done, total int) { // called by one run's goroutine only
		if !said {
			said = true
			fmt.Fprintf(w, "%s: computing %d steps\n", name, total)
		}
		now := time.Now()
		if now.Sub(last) < LineInterval || done >= total {
			return
		}
		last = now
		rate := float64(done) / now.Sub(start).Seconds()
		left := time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second)
		fmt.Fprintf(w, "%s: %d%% (%d/%d steps, %.0f steps/s, %s left)\n",
			name, 100*done/total, done, total, rate, left)
	}
}

// lockedWriter serialises the writes of parallel runs on one writer.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
