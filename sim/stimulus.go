package sim

import "math"

// stimulus computes the target rates φ(s·u(x,t) + I[x]) of all neurons with
// the same bits as phi and drive, but calls sin and exp only where
// the result is not already fixed by the sigmoid's saturation.
//
// With v = −g·z the argument of the exponential, φ is exactly 1 once
// v ≤ −37 (exp(v) < 2⁻⁵³, so 1+exp(v) rounds to 1) and exactly
// φ_clip = 1/(1+exp(250)) once v ≥ 250 (the clip). The drive is large
// (A = 5000, g·A = 5·10⁴) and only neurons near a zero crossing of the input
// fall in between; a cheap estimate of u by angle addition,
//
//	sin(2π(t+θ_x)/T) ≈ sin(a)·cos(b_x) + cos(a)·sin(b_x),  a = 2πt/T,  b_x = 2πθ_x/T,
//
// decides the others. The estimate differs from drive by rounding only, far
// less than the margin allowed for it, so a neuron it decides gets exactly
// the reference's value, and any other neuron is computed as the reference
// does.
type stimulus struct {
	amplitude, gain, period float64
	theta                   []float64
	sinB, cosB              []float64
	phiClip                 float64
	need                    []int // scratch of rates
	consts                  decideConsts
}

// φ is 1 below vOne and φ_clip above vClip (see stimulus).
const vOne, vClip = -37, 250

func newStimulus(p Params) *stimulus {
	s := &stimulus{
		amplitude: p.Amplitude, gain: p.Gain, period: p.Period,
		theta:   phases(p.Neurons, p.Period),
		sinB:    make([]float64, p.Neurons),
		cosB:    make([]float64, p.Neurons),
		phiClip: phi(math.Inf(-1), 1),
		need:    make([]int, 0, p.Neurons),
	}
	for x, th := range s.theta {
		s.sinB[x], s.cosB[x] = sincos(2 * math.Pi * th / p.Period)
	}
	return s
}

// rates sets dst[x] = phi(u(x,t) + input[x], g) if on, else phi(0 + input[x], g);
// input nil stands for zeros.
func (s *stimulus) rates(dst, input []float64, t float64, on bool) {
	s.need = s.decide(dst, s.need[:0], input, nil, 0, t, on)
	s.finish(dst, input, s.need, t, on)
}

// decide sets dst[x] for every neuron whose target rate is the same for any
// recurrent input within est[x] ± rad·radX[x] (est nil: 0; radX nil: 1),
// and appends the others to need, which it returns.
func (s *stimulus) decide(dst []float64, need []int, est, radX []float64, rad, t float64, on bool) []int {
	g := s.gain
	var sa, ca, errV float64
	if on {
		a := 2 * math.Pi * t / s.period
		sa, ca = sincos(a)
		// How far the estimated v may be from the reference's: the error of
		// the estimated sine (rounding of a, b_x, the argument and sin, cos: a
		// few 2⁻⁵³·(|a|+2π)), taken a thousand times over, times |A·g|.
		errV = float64(1e-12 * (math.Abs(a) + 10) * math.Abs(s.amplitude*g))
	}
	// Then a floor, the rounding of z and v relative to |v| (below) and the
	// input's uncertainty.
	errV += 1e-12
	gr := float64(math.Abs(g) * rad * (1 + 1e-12))
	if est == nil {
		c := &s.consts
		c.sa, c.ca, c.ga, c.errV, c.gr, c.clip = sa, ca, 0, errV, gr, s.phiClip
		c.vOne, c.vClip, c.eps, c.one = vOne, vClip, 1e-15, 1
		if on {
			c.ga = -g * s.amplitude
		}
		if radX == nil {
			c.errV += gr
		}
		return decideLanes(dst, need, s.cosB, s.sinB, radX, c)
	}
	n := len(dst)
	cosB, sinB, est := s.cosB[:n], s.sinB[:n], est[:n]
	for x := range dst {
		var z float64
		if on {
			z = float64(s.amplitude * (float64(sa*cosB[x]) + float64(ca*sinB[x])))
		}
		v := float64(-g * (z + est[x]))
		margin := errV + gr + float64(1e-15*math.Abs(v))
		switch {
		case v+margin <= vOne:
			dst[x] = 1
		case v-margin >= vClip:
			dst[x] = s.phiClip
		default:
			need = append(need, x)
		}
	}
	return need
}

// finish sets dst[x] for x in need as the reference does, from the exact
// recurrent input (nil: zeros).
func (s *stimulus) finish(dst, input []float64, need []int, t float64, on bool) {
	for _, x := range need {
		var u, in float64
		if on {
			u = drive(t, s.theta[x], s.period, s.amplitude)
		}
		if input != nil {
			in = input[x]
		}
		dst[x] = phi(u+in, s.gain)
	}
}
