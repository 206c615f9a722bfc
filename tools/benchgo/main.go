// Command benchgo times sim.Run for tools/bench.sh, on the same configuration
// as tools/bench_numpy.py times the notebook's NumPy loop: the notebook's
// constants (sim.Default) with N neurons, T = N·dt and the given number of
// periods, initial weights 0.05·randn.
//
//	benchgo [-model full] [-neurons 500] [-periods 10] [-repeat 3]
//	benchgo -kernels
//
// The activity is streamed to a callback that drops it, as the pipeline's
// writer consumes it row by row. benchgo prints one line,
//
//	go MODEL N=500 periods=10 steps=5000 ms/step=0.0123 peak_rss_mib=12.3 kernels=avx512
//
// (kernels: sim.Kernels(), which GODEBUG=cpu.avx512f=off and the like
// change). With -kernels it only prints the kernel set's name.
//
// where ms/step is the fastest repeat's wall time divided by the number of
// steps (the initial phase included, as the NumPy side counts them) and
// peak_rss_mib is the process's peak resident memory (VmHWM, Linux only).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"ringwave/sim"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchgo:", err)
		os.Exit(1)
	}
}

func run(stdout io.Writer, args []string) error {
	fs := flag.NewFlagSet("benchgo", flag.ContinueOnError)
	model := fs.String("model", "full", "model: "+sim.ModelNames(", "))
	neurons := fs.Int("neurons", 500, "neurons N (the period is N·dt)")
	periods := fs.Float64("periods", 10, "periods of the input")
	repeat := fs.Int("repeat", 3, "runs; the fastest is reported")
	kernels := fs.Bool("kernels", false, "print the kernel set sim runs on and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *kernels {
		_, err := fmt.Fprintln(stdout, sim.Kernels())
		return err
	}
	p := sim.Default(sim.Model(*model))
	p.Neurons = *neurons
	p.Period = float64(p.Neurons) * p.Dt
	p.Periods = *periods
	if err := p.Validate(); err != nil {
		return err
	}
	w0 := sim.RandomWeights(p.Model, p.Neurons, 1, 0.05)
	opt := sim.Options{Activity: func(int, []float64) error { return nil }}
	best := time.Duration(1<<63 - 1)
	for range max(*repeat, 1) {
		start := time.Now()
		if _, err := sim.Run(context.Background(), p, w0, opt); err != nil {
			return err
		}
		best = min(best, time.Since(start))
	}
	steps := p.Steps()
	_, err := fmt.Fprintf(stdout, "go %s N=%d periods=%g steps=%d ms/step=%.6f peak_rss_mib=%s kernels=%s\n",
		p.Model, p.Neurons, p.Periods, steps, best.Seconds()*1e3/float64(steps), peakRSS(), sim.Kernels())
	return err
}

// peakRSS returns the peak resident set size in MiB from /proc/self/status,
// or "n/a".
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			if err != nil {
				return "n/a"
			}
			return fmt.Sprintf("%.1f", kb/1024)
		}
	}
	return "n/a"
}
