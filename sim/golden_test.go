package sim

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.json with this machine's results (on amd64)")

// goldenFile holds the sha256 of the outputs of small runs and of the
// elementary functions, computed on amd64. TestGoldenBits demands the same
// bits wherever it runs: amd64 with every kernel set, GOAMD64=v3 and purego
// builds, and arm64 under qemu-user (make test-arm64). Regenerate it, on
// amd64, with go test ./sim -run TestGoldenBits -update, only when a change
// is meant to change the numbers.
const goldenFile = "testdata/golden.json"

// goldenRuns are small runs through every path of the three models: FFT
// and point paths, dense and sparse blocks, short delays, the initial
// phase's variants and recorded weights mid-block. Small enough for qemu.
var goldenRuns = []struct {
	name         string
	edit         func(*Params)
	weightsEvery int
}{
	{"full", func(p *Params) { ring(p, Full, 96, 12) }, 37},
	{"full/stimulate=false", func(p *Params) { ring(p, Full, 64, 8); p.Stimulate = false }, 0},
	{"full/delay=3,N=37,init_travel=-1", func(p *Params) { ring(p, Full, 37, 30); p.TauD, p.InitTravel = 3*p.Dt, -1 }, 11},
	{"kernel", func(p *Params) { ring(p, Kernel, 100, 20) }, 50},
	{"kernel/stimulate=false", func(p *Params) { ring(p, Kernel, 64, 10); p.Stimulate = false }, 0},
	{"kernel/N=201,period≠N·dt", func(p *Params) { ring(p, Kernel, 201, 5); p.Period = 0.031 }, 0},
	{"kernel_single", func(p *Params) { ring(p, KernelSingle, 100, 20) }, 0},
	{"kernel_single/stimulate=false", func(p *Params) { ring(p, KernelSingle, 64, 10); p.Stimulate = false }, 0},
	{"kernel_single/init_steps=30", func(p *Params) { ring(p, KernelSingle, 100, 10); p.InitSteps = 30 }, 0},
}

// ring sets the model, n neurons, the period n·dt and the run's periods.
func ring(p *Params, m Model, n int, periods float64) {
	p.Model, p.Neurons, p.Period, p.Periods = m, n, float64(n)*p.Dt, periods
}

// TestGoldenBits computes the golden outputs and compares their hashes with
// goldenFile's.
func TestGoldenBits(t *testing.T) {
	got := map[string]map[string]string{}
	for i, c := range goldenRuns {
		p := Default(Full)
		c.edit(&p)
		w0 := RandomWeights(p.Model, p.Neurons, uint64(10+i), 0.05)
		var activity, history []float64
		opt := Options{Activity: func(_ int, r []float64) error { activity = append(activity, r...); return nil }}
		if c.weightsEvery > 0 {
			opt.WeightsEvery = c.weightsEvery
			opt.Weights = func(_ int, w []float64) error { history = append(history, w...); return nil }
		}
		w, err := Run(context.Background(), p, w0, opt)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got[c.name] = map[string]string{
			"weights_initial": hashFloats(w0), "activity": hashFloats(activity),
			"weights_history": hashFloats(history), "weights": hashFloats(w),
		}
	}
	got["libm"] = goldenLibm()
	got["fft"] = goldenFFT()
	got["randn"] = map[string]string{"RandomWeights(full, 300, 7, 1)": hashFloats(RandomWeights(Full, 300, 7, 1))}

	if *update {
		if runtime.GOARCH != "amd64" {
			t.Fatal("the golden hashes are made on amd64")
		}
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenFile, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]map[string]string
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatalf("%s: %v", goldenFile, err)
	}
	for name, outputs := range want {
		for what, h := range outputs {
			if got[name][what] != h {
				t.Errorf("%s: %s differs from amd64's (%s, kernels %s)", name, what, runtime.GOARCH, Kernels())
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d golden entries computed, %d in %s: run with -update", len(got), len(want), goldenFile)
	}
	t.Logf("%d golden entries compared on %s with the %s kernels", len(want), runtime.GOARCH, Kernels())
}

func goldenLibm() map[string]string {
	args := libmArgs(20000)
	var e, l, s, c []float64
	for _, x := range args {
		e, l = append(e, exp(x)), append(l, log(x))
		sx, cx := sincos(x)
		s, c = append(s, sx, sin(x)), append(c, cx)
	}
	return map[string]string{"exp": hashFloats(e), "log": hashFloats(l), "sin": hashFloats(s), "cos": hashFloats(c)}
}

func goldenFFT() map[string]string {
	rng := rand.New(rand.NewPCG(51, 52))
	var coeffs, seqs []float64
	for _, n := range fftSizes {
		f := newFFT(n)
		for _, c := range f.coefficients(make([]complex128, n/2+1), randSlice(rng, n)) {
			coeffs = append(coeffs, real(c), imag(c))
		}
		in := make([]complex128, n/2+1)
		for k := range in {
			in[k] = complex(rng.NormFloat64(), rng.NormFloat64())
		}
		seqs = append(seqs, f.sequence(make([]float64, n), in)...)
	}
	return map[string]string{"coefficients": hashFloats(coeffs), "sequence": hashFloats(seqs)}
}

// hashFloats is the sha256 of v as little-endian float64s, as in an .npy.
func hashFloats(v []float64) string {
	h := sha256.New()
	var b [8]byte
	for _, x := range v {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}
