package report

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"ringwave/sim"
)

func TestScratchTheory(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	for _, model := range []sim.Model{sim.Kernel, sim.Full} {
		p := sim.Default(model)
		if os.Getenv("SMALL") != "" {
			p.Neurons = 64
			p.Dt = 0.1 / 64
			p.Period = 0.1
			p.TauW = 10
			p.Periods = 30
		}
		n := p.Neurons
		w0 := sim.RandomWeights(model, n, 1, 0.05)
		steps := p.Steps()
		P := int(p.Period/p.Dt + 0.5)
		var last [][]float64
		start := time.Now()
		w, err := sim.Run(context.Background(), p, w0, sim.Options{Activity: func(step int, rates []float64) error {
			if step >= steps-P {
				last = append(last, append([]float64(nil), rates...))
			}
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(model, "wall", time.Since(start))
		period := make([]float64, P)
		for s := range P {
			period[s] = last[s][0]
		}
		// last[s] is at step steps-P+s; R index should be time mod P.
		off := (steps - P) % P
		R := make([]float64, P)
		for s := range P {
			R[(off+s)%P] = period[s]
		}
		c := DerivativeCorrelation(R, p.Dt)
		td := float64(p.Delay()) * p.Dt
		ks := SteadyKernel(c, p.Dt, n, p.Period, td, p.Lambda)
		kc := SquareWaveKernel(n, p.Period, p.TauX, td, p.Lambda)
		var kernel []float64
		if model == sim.Full {
			a := Align(nil, w, n)
			kernel, _ = ColumnStats(a, n, n)
			fmt.Println("circ residual", CirculantResidual(a, n), "predicted", OscillationSpread(R, p.Dt, n, p.Period, td, p.TauW))
			start := time.Now()
			ev, err := Eigenvalues(w, n)
			fmt.Println("eig", time.Since(start), err)
			spec := KernelSpectrum(kernel)
			fmt.Println("eig dist", Farthest(ev, spec), Farthest(spec, ev), "bound", SpectralNormBound(w, kernel), "max", MaxAbs(spec))
		} else {
			kernel = w
		}
		fmt.Println("rel sim-theory(sim R)", RelDiff(kernel, ks), "rel sim-closed", RelDiff(kernel, kc), "rel simR-closed", RelDiff(ks, kc))
		pk, tr := Extrema(kernel)
		pk2, tr2 := Extrema(ks)
		pk3, tr3 := Extrema(kc)
		fmt.Println(pk, tr, pk2, tr2, pk3, tr3)
		fmt.Println("zeros", ZeroCrossings(kernel), ZeroCrossings(ks), ZeroCrossings(kc))
		// closed form R vs sim R
		var d float64
		for s := range P {
			d = max(d, abs(R[s]-SquareWave(float64(s)*p.Dt, p.Period, p.TauX)))
		}
		fmt.Println("max |R - closed R|", d)
		for _, j := range []int{0, 10, 50, 100, 175, 176, 250, 300, 400, 425, 499} {
			if j < n {
				fmt.Printf("j=%d sim=%.6f simR=%.6f closed=%.6f\n", j, kernel[j], ks[j], kc[j])
			}
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
