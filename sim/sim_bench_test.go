package sim_test

import (
	"context"
	"fmt"
	"testing"

	"ringwave/sim"
)

// benchRun times sim.Run of model m on the notebook's constants with n
// neurons (T = n·dt, so a period is n steps) for about the given number of
// steps, and reports the time per step. The initial phase is cut to 200
// steps (init.steps), so that nearly every step is a step of the model
// proper at every size; the activity is streamed to a callback that drops
// it, as the pipeline's writer consumes it.
func benchRun(b *testing.B, m sim.Model, n, steps int) {
	p := sim.Default(m)
	p.Neurons = n
	p.Period = float64(n) * p.Dt
	p.Periods = float64(steps) / float64(n)
	p.InitSteps = 200
	w0 := sim.RandomWeights(m, n, 1, 0.05)
	opt := sim.Options{Activity: func(int, []float64) error { return nil }}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.Run(ctx, p, w0, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*p.Steps()), "ns/step")
}

// The full model costs O(N²) per step, the kernel models O(N log N) at
// most.
func BenchmarkFull(b *testing.B) {
	for _, n := range []int{250, 500, 1000, 2000, 4000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) { benchRun(b, sim.Full, n, 10000) })
	}
}

func BenchmarkKernel(b *testing.B) {
	for _, m := range []sim.Model{sim.Kernel, sim.KernelSingle} {
		for _, n := range []int{500, 1024, 4096, 16384} {
			b.Run(fmt.Sprintf("%s/N=%d", m, n), func(b *testing.B) { benchRun(b, m, n, 4000) })
		}
	}
}
