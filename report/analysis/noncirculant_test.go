package analysis

import (
	"math"
	"testing"
)

// A weak drive (A = 0.1) leaves the full model a matrix that no kernel
// describes (issue 20: ‖W − circ(W)‖/‖W‖ = 0.91 at N = 80; 0.97 here):
// the kernel quantities are left out with the reason, and no kernel
// theory is its regime. The same measure of a learned circulant matrix is
// its swing within a period, below NoncirculantMax (smallruns' full run:
// 5.8 %, TestSteadyStateOfSmallRuns).
func TestNoncirculantFullRunHasNoKernelRegime(t *testing.T) {
	_, ms, _ := measureSweep(t, `name = "noncirculant"
model = "full"
[network]
neurons = 80
periods = 300
[dynamics]
tau_w = 2.0
[input]
amplitude = 0.1
[record]
weights_every = 80
`)
	m := ms[0]
	if !(m.Noncirculant > NoncirculantMax) {
		t.Fatalf("noncirculant_fraction %v: the test needs a non-circulant matrix", m.Noncirculant)
	}
	if m.Regime == RegimeClosedForm || m.Regime == RegimeWave || m.ClosedHolds || m.WaveHolds {
		t.Errorf("a non-circulant matrix has the kernel regime %s", m.Regime)
	}
	for name, v := range map[string]Num{"kernel_peak": m.KernelPeak, "zero_crossing_down": m.ZeroDown, "theory_rel_diff": m.TheoryRelDiff, "closed_discrete_rel_diff": m.DiscreteClosedRel} {
		if !math.IsNaN(float64(v)) {
			t.Errorf("%s = %v for a matrix no kernel describes", name, v)
		}
	}
	e, _ := Lookup("kernel_peak_offset")
	if v := e.Value(m); v != nil || m.KernelNote == "" {
		t.Errorf("kernel_peak_offset %v, note %q", v, m.KernelNote)
	}
}
