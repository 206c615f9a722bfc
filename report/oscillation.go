package report

import (
	"math"

	"ringwave/report/analysis"
)

// spectrumMaxHz bounds the population spectrum drawn: the loop's
// oscillations are at tens of Hz, and τ_x filters out what lies beyond.
const spectrumMaxHz = 250

// oscillationBlock says what the activity's own period is when it is not
// the input's: a locked orbit of k > 1 periods, or an oscillation not
// locked to the input, with the population rate's spectrum and the
// linearised delayed loop's period. Every sentence follows from the
// run's measurements; where the loop is not beyond its Hopf point, the
// page says that no theory is claimed.
func oscillationBlock(cs *chartSet, id string, info analysis.Info, o *analysis.Outcome) (block, bool) {
	pr, p := o.Periodicity, info.Params
	switch {
	case math.IsNaN(pr.Period):
		return block{Title: "The activity's own period", Text: htmlf("No period is found: %s.", pr.Why)}, true
	case pr.Locked && pr.Cycles == 1:
		return block{}, false
	case pr.Locked:
		return block{Title: "The activity's own period", Text: htmlf("The activity repeats after %d periods of the input (%s s), to %s, and not after one: "+
			"an orbit of period %d·T, locked to the input. The weights are compared %d·T apart, at the same phase of it.",
			pr.Cycles, g(pr.Period), pct(analysis.PeriodicTolerance), pr.Cycles, pr.Cycles)}, true
	}
	var fx, fy []float64
	for k, f := range o.SpectrumFreq {
		if f > 0 && f <= spectrumMaxHz {
			fx, fy = append(fx, f), append(fy, o.SpectrumPower[k])
		}
	}
	text := htmlf("The activity does not repeat after up to %d periods of the input (T = %s ms): it oscillates at its own period, %s ms "+
		"(the first peak of its autocorrelation; the population rate's, %s ms), not locked to the input. ",
		analysis.MaxCycles, g(1e3*p.Period), g(1e3*pr.Period), g(1e3*pr.PopulationPeriod))
	text += htmlf("Linearised, the population rate r̄ feeds back on itself through the kernel's sum Σkernel and the delay: "+
		"τ<sub>x</sub>·δṙ = −δr + G·δr(t − τ<sub>d</sub>), G = φ′·Σkernel, which for G &lt; 0 oscillates at ωτ<sub>d</sub> + atan(ωτ<sub>x</sub>) = π "+
		"(in the simulation's Euler scheme with d = %d steps, arg(1 − ρe<sup>−iθ</sup>) + dθ = π, ω = θ/dt: a period of %s ms) "+
		"when |G| exceeds √(1 + ω²τ<sub>x</sub>²) = %s. Here G = g·⟨r(1 − r)⟩·Σkernel = %s. ",
		p.Delay(), g(1e3*o.LoopPeriod), g(o.LoopThreshold), g(o.LoopGain))
	if o.LoopGain < -o.LoopThreshold {
		text += htmlf("The loop is beyond its Hopf point (|G| is %s times the threshold), and the measured period differs from the linear one by %s; "+
			"so far beyond it the oscillation saturates and its period is not the linear one, so no tolerance is claimed for this comparison.",
			g(-o.LoopGain/o.LoopThreshold), signedPct(pr.Period/o.LoopPeriod-1))
	} else {
		text += "The loop is not beyond its Hopf point, so this linear theory does not explain the oscillation: the period above is measured, and no theory of it is claimed."
	}
	if len(fx) == 0 {
		return block{Title: "The activity's own period", Text: text + " The population rate is constant: no spectrum to show."}, true
	}
	c := cs.line(id+"_population_spectrum", "Spectrum of the population rate over the last periods", axis{Name: "frequency (Hz)", Min: 0, Max: spectrumMaxHz},
		axis{Name: "power (relative to the largest)"},
		curve{Name: "|FFT of the population rate|²", X: fx, Y: fy, Color: colorKernel, Width: 1.5},
		curve{Name: "1/activity_period", X: []float64{1 / pr.Period, 1 / pr.Period}, Y: []float64{0, 1}, Color: colorFull, Dashed: true},
		curve{Name: "the linearised loop's frequency", X: []float64{1 / o.LoopPeriod, 1 / o.LoopPeriod}, Y: []float64{0, 1}, Color: colorTheory, Dashed: true},
		curve{Name: "the input's frequency 1/T", X: []float64{1 / p.Period, 1 / p.Period}, Y: []float64{0, 1}, Color: colorClosed, Dashed: true})
	return block{Title: "The activity's own period", Chart: &c, Text: text}, true
}
