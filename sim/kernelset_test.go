package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// kernelSets lists the kernel sets this machine can run, slowest first.
func kernelSets() []kernelSet {
	var sets []kernelSet
	for k := kernelsGo; k <= cpuKernels(); k++ {
		sets = append(sets, k)
	}
	return sets
}

// eachKernelSet runs f as a subtest with every kernel set this machine
// supports in turn (the Go set alone elsewhere than amd64).
func eachKernelSet(t *testing.T, f func(t *testing.T)) {
	saved := kernels
	defer func() { kernels = saved }()
	for _, k := range kernelSets() {
		kernels = k
		t.Run(k.String(), f)
	}
}

func TestKernels(t *testing.T) {
	t.Logf("kernels: %s (the CPU supports %s)", Kernels(), cpuKernels())
}

func TestChooseKernels(t *testing.T) {
	cases := []struct {
		best    kernelSet
		godebug string
		want    kernelSet
	}{
		{kernelsAVX512, "", kernelsAVX512},
		{kernelsAVX512, "cpu.avx512f=off", kernelsAVX2},
		{kernelsAVX512, "gctrace=1,cpu.avx512f=off,madvdontneed=1", kernelsAVX2},
		{kernelsAVX512, "cpu.avx512f=off,cpu.avx512f=on", kernelsAVX512},
		{kernelsAVX512, "cpu.avx2=off", kernelsGo},
		{kernelsAVX512, "cpu.fma=off", kernelsGo},
		{kernelsAVX512, "cpu.all=off", kernelsGo},
		{kernelsAVX512, "cpu.all=off,cpu.avx2=on,cpu.fma=on", kernelsAVX2},
		{kernelsAVX2, "cpu.avx512f=off", kernelsAVX2},
		{kernelsAVX2, "cpu.avx512f=on", kernelsAVX2}, // on cannot add what the CPU lacks
		{kernelsAVX2, "cpu.avx2=off", kernelsGo},
		{kernelsGo, "cpu.avx2=on", kernelsGo},
		{kernelsAVX512, "cpu.avx512f", kernelsAVX512},      // no value: ignored, as Go does
		{kernelsAVX512, "cpu.avx512f=no", kernelsAVX512},   // not on or off: ignored
		{kernelsAVX512, "xcpu.avx512f=off", kernelsAVX512}, // not a cpu option
	}
	for _, c := range cases {
		if got := chooseKernels(c.best, c.godebug); got != c.want {
			t.Errorf("chooseKernels(%s, %q) = %s, want %s", c.best, c.godebug, got, c.want)
		}
	}
}

// TestRunSameBitsEveryKernelSet runs every model with every kernel set the
// machine supports: a run must give the same bits on every machine.
func TestRunSameBitsEveryKernelSet(t *testing.T) {
	sets := kernelSets()
	if len(sets) < 2 {
		t.Skip("only the Go kernels run on this machine")
	}
	saved := kernels
	defer func() { kernels = saved }()
	for _, m := range Models() {
		p := Default(m)
		p.Neurons, p.Periods = 150, 10
		p.Period = float64(p.Neurons) * p.Dt
		w0 := RandomWeights(m, p.Neurons, 5, 0.05)
		runs := make([][]float64, len(sets))
		for k, set := range sets {
			kernels = set
			w, err := Run(context.Background(), p, w0, Options{
				Activity: func(_ int, r []float64) error { runs[k] = append(runs[k], r...); return nil },
			})
			if err != nil {
				t.Fatal(err)
			}
			runs[k] = append(runs[k], w...)
		}
		for k := 1; k < len(sets); k++ {
			for i := range runs[0] {
				if math.Float64bits(runs[0][i]) != math.Float64bits(runs[k][i]) {
					t.Errorf("%s: value %d is %v with %s kernels, %v with %s", m, i, runs[k][i], sets[k], runs[0][i], sets[0])
					break
				}
			}
		}
	}
}

func TestSumSquaresSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	saved := kernels
	defer func() { kernels = saved }()
	for _, n := range append(kernelSizes, 95, 96, 97, 127, 128, 129) {
		v := randSlice(rng, n)
		kernels = kernelsGo
		want := sumSquares(v)
		for _, k := range kernelSets() {
			kernels = k
			if got := sumSquares(v); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("n=%d: %s sumSquares %v, Go %v", n, k, got, want)
			}
		}
	}
}
