package pipeline

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

// progressFunc returns the callback that reports a run's progress on w.
func progressFunc(w io.Writer, mode ProgressMode, name string) func(done, total int) {
	if mode == ProgressAuto {
		mode = ProgressLines
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			mode = ProgressBar
		}
	}
	switch mode {
	case ProgressNone:
		return nil
	case ProgressBar:
		var bar *progressbar.ProgressBar
		return func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(w),
					progressbar.OptionSetDescription(name),
					progressbar.OptionSetItsString("steps"),
					progressbar.OptionShowIts(),
					progressbar.OptionShowCount(),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionThrottle(200*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
			}
			bar.Set(done)
		}
	}
	var (
		mu    sync.Mutex
		start = time.Now()
		last  = start
	)
	return func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
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
