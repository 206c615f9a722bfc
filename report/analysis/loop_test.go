package analysis

import (
	"math"
	"testing"

	"ringwave/sim"
)

// The discrete loop's period tends to the continuous phase condition
// ωτ_d + atan(ωτ_x) = π as dt → 0, and it is what a linear delayed loop
// beyond its Hopf point oscillates at, simulated with the same Euler
// scheme (growth from a small kick, G = −1.001 times the threshold, so
// that the linear regime lasts).
func TestLoopPeriod(t *testing.T) {
	p := sim.Default(sim.Kernel)
	p.Dt = 1e-6
	period, _ := LoopPeriod(p)
	omega := 2 * math.Pi / period
	// Continuous condition, to O(dt/τ): 1e−3 allowed.
	if c := omega*p.TauD + math.Atan(omega*p.TauX); math.Abs(c-math.Pi) > 1e-3 {
		t.Errorf("ωτ_d + atan(ωτ_x) = %v, want π", c)
	}
	p = sim.Default(sim.Kernel) // dt = 0.2 ms, d = 75
	period, threshold := LoopPeriod(p)
	t.Logf("discrete loop period %.5g s, threshold %.4g", period, threshold)
	rho, d := 1-p.Dt/p.TauX, p.Delay()
	g := -1.001 * threshold
	x := make([]float64, 40000)
	x[0] = 1e-9
	var ups []int
	for i := 1; i < len(x); i++ {
		var del float64
		if i >= d {
			del = x[i-d]
		}
		x[i] = rho*x[i-1] + (1-rho)*g*del
		if i > 20000 && x[i-1] < 0 && x[i] >= 0 {
			ups = append(ups, i)
		}
	}
	measured := float64(ups[len(ups)-1]-ups[0]) / float64(len(ups)-1) * p.Dt
	// Zero crossings of a growing sinusoid, averaged over ~50 cycles: the
	// interpolation error is below a step over the whole span, 1e−3.
	if math.Abs(measured/period-1) > 1e-3 {
		t.Errorf("simulated loop period %v, predicted %v", measured, period)
	}
}
