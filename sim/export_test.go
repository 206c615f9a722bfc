package sim

import "context"

// RunReference is Run with the straightforward implementation: the
// notebook's operations one step at a time, in the notebook's order. The
// optimised Run is tested against it.
func RunReference(ctx context.Context, p Params, w0 []float64, opt Options) ([]float64, error) {
	return run(ctx, p, w0, opt, true)
}
