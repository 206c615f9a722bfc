// Command bwprobe measures the memory bandwidth a Go loop reaches over a
// buffer of each size, for tools/bench.sh's compute floor: the bandwidth
// of the cache level (or memory) that holds a run's weights.
//
//	bwprobe [-sizes 32K,256K,1M,...] [-bytes 2G] [-threads GOMAXPROCS]
//
// For each size S, each of the threads sweeps its own S/threads bytes of
// float64, reading and writing every element (a[i] = a[i]·c + d, the
// shape of the rule's update, four independent chains per iteration), as
// many times as makes -bytes of traffic in all, after one warm-up sweep.
// It prints one line per size,
//
//	bw size=1048576 threads=2 gbps=41.3
//
// where gbps counts the bytes read and written (16 per element per sweep)
// over the wall time of the fastest of 3 repeats.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bwprobe:", err)
		os.Exit(1)
	}
}

func run(stdout io.Writer, args []string) error {
	fs := flag.NewFlagSet("bwprobe", flag.ContinueOnError)
	sizes := fs.String("sizes", "32K,256K,1M,2M,4M,8M,16M,32M,64M,256M", "buffer sizes (K, M, G suffixes)")
	total := fs.String("bytes", "2G", "traffic per size and repeat")
	threads := fs.Int("threads", runtime.GOMAXPROCS(0), "goroutines, each on its own part of the buffer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	traffic, err := parseSize(*total)
	if err != nil {
		return err
	}
	for _, s := range strings.Split(*sizes, ",") {
		size, err := parseSize(s)
		if err != nil {
			return err
		}
		gbps := probe(size, traffic, *threads)
		fmt.Fprintf(stdout, "bw size=%d threads=%d gbps=%.1f\n", size, *threads, gbps)
	}
	return nil
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "G"):
		mult, s = 1<<30, strings.TrimSuffix(s, "G")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return n * mult, nil
}

// probe returns the best of 3 bandwidths, GB/s, of sweeps over size bytes
// split among threads, traffic bytes each.
func probe(size, traffic int64, threads int) float64 {
	elems := int(size/8) / threads &^ 3
	parts := make([][]float64, threads)
	for t := range parts {
		parts[t] = make([]float64, elems)
		for i := range parts[t] {
			parts[t][i] = float64(i % 7)
		}
	}
	sweeps := max(int(traffic/(16*int64(elems)*int64(threads))), 1)
	best := 0.0
	for rep := range 4 {
		n := sweeps
		if rep == 0 {
			n = 1 // warm-up: pages touched, caches filled
		}
		var wg sync.WaitGroup
		start := time.Now()
		for _, a := range parts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range n {
					sweep(a)
				}
			}()
		}
		wg.Wait()
		if rep > 0 {
			gbps := float64(16*int64(elems)*int64(threads)*int64(n)) / time.Since(start).Seconds() / 1e9
			best = max(best, gbps)
		}
	}
	return best
}

// sweep reads and writes every element of a once (len(a) a multiple of 4).
func sweep(a []float64) {
	const c, d = 0.999999, 1e-9
	for i := 0; i < len(a); i += 4 {
		a[i] = a[i]*c + d
		a[i+1] = a[i+1]*c + d
		a[i+2] = a[i+2]*c + d
		a[i+3] = a[i+3]*c + d
	}
}
