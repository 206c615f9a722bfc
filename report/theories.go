package report

import (
	"ringwave/report/analysis"
)

// colorSteady draws the rule's steady state from the whole activity.
const colorSteady = "#000000"

// Names of the theories on every chart, each with the assumption it makes.
const (
	nameSteady = "rule's steady state from all activity (assumes settled weights)"
	nameWave   = "travelling wave from neuron 0 (assumes r(x, t) = R(t + θ_x))"
	nameClosed = "closed form, continuous time (assumes a saturated drive)"
)

// theoryCurves are the three theories of a kernel, the rule's steady state
// only where the activity allowed it.
func theoryCurves(o *analysis.Outcome, wave []float64) []curve {
	var cs []curve
	if o.SteadyKernel != nil {
		cs = append(cs, curve{Name: nameSteady, Y: o.SteadyKernel, Color: colorSteady, Dashed: true, Width: 1.5})
	}
	return append(cs,
		curve{Name: nameWave, Y: wave, Color: colorTheory, Dashed: true, Width: 1.5},
		curve{Name: nameClosed, Y: o.Closed, Color: colorClosed, Dashed: true})
}

// differenceBlock draws what coincides on the kernel chart as differences
// from one reference, the rule's steady state (or, without it, the
// travelling-wave theory), so that a difference of a few parts in a
// thousand is seen. ref is the full run compared with, or nil.
func differenceBlock(cs *chartSet, id string, n int, kernel []float64, name string, o *analysis.Outcome, wave []float64, ref *analysis.Full) (block, bool) {
	base, baseName := o.SteadyKernel, "the rule's steady state"
	if base == nil {
		base, baseName = wave, "the travelling-wave theory"
	}
	curves := []curve{{Name: name + " − " + baseName, Y: sub(kernel, base), Color: colorKernel, Width: 2}}
	if ref != nil && len(ref.Kernel) == n {
		curves = append(curves, curve{Name: "full model − " + baseName, Y: sub(ref.Kernel, base), Color: colorFull, Width: 1.5})
	}
	if o.SteadyKernel != nil {
		curves = append(curves, curve{Name: "travelling wave − " + baseName, Y: sub(wave, base), Color: colorTheory, Dashed: true})
	}
	c := cs.line(id+"_differences", "Differences from "+baseName, offsetAxis("offset j", n), axis{Name: "weight difference"}, curves...)
	return block{Title: "Differences", Chart: &c, Text: htmlf("The curves above lie on top of each other where the theories hold; here they are "+
		"drawn as differences from %s, on a scale that shows them. The closed form is left out: it differs from the kernel by %s "+
		"(where the drive saturates that is the discretisation: the table has the discrete scheme's exact form) and would flatten the rest.", baseName, pct(o.ClosedRel))}, true
}
