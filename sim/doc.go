// Package sim simulates a ring of rate neurons driven by a travelling periodic
// input whose delayed recurrent weights learn with a differential Hebbian rule.
// It reproduces, step for step, the notebook in
// ../shared/seed/basic_functions_notebook.txt.
//
// # The model
//
// N neurons sit on a ring; neuron x has input phase θ_x = x·T/N (seconds). With
// r(x,t) the firing rate of neuron x, w(x,y) the weight from presynaptic y to
// postsynaptic x, and d the synaptic delay:
//
//	u(x,t)     = A·sin(2π(t+θ_x)/T)
//	φ(z)       = 1/(1+exp(clip(−g·z, −250, 250)))
//	I(x,t)     = Σ_y w(x,y)·r(y, t−τ_d)
//	τ_x ṙ(x,t) = −r(x,t) + φ(s·u(x,t) + I(x,t))
//	τ_w ẇ(x,y) = r(y, t−τ_d)·ṙ(x,t) − λ·w(x,y)
//
// s is 1 when the input is on (Params.Stimulate) and 0 otherwise.
//
// # Numerics
//
// Forward Euler with step dt, exactly as the notebook. Row i of the activity is
// X[i] (X[0] = 0); the delay in steps is d = round(τ_d/dt) (half to even, as
// Python's round). For i ≥ 1:
//
//	dx   = (−X[i−1] + φ(s·u(t[i]+θ) + I(X[i−d]))) · dt/τ_x
//	dw   = (−λ·w + outer(dx/dt, X[i−d])) · dt/τ_w        (post ← pre; old w)
//	X[i] = X[i−1] + dx
//	w    = w + dw
//
// The times are t[i] = i·dt and there are Steps() of them, the length of the
// notebook's np.arange(0, periods·T, dt) (the initial phase included).
//
// # Initial phase
//
// The first InitSteps rows are computed with the input alone: no recurrent
// input and no learning, using the input times tinit[i] and s = InitStimulate.
// This follows the notebook's simulate(), including its quirks:
//
//   - With init_travel = 0 and no explicit init_steps, the phase lasts d steps
//     and the input is frozen at t = 0.
//   - With init_travel ≠ 0 and no explicit init_steps, the phase lasts the
//     smallest multiple of |round(N/init_travel)| steps that exceeds d.
//   - For init_travel > 0, tinit[i] = i·init_travel·dt: the input travels
//     init_travel times faster than in the main phase.
//   - For init_travel < 0 the notebook builds np.arange(init_steps, 0,
//     init_travel·dt): it starts at init_steps *seconds* (a step count used as a
//     time) and runs backwards; numpy fills it as init_steps + i·δ with
//     δ = (init_steps + init_travel·dt) − init_steps, rounding included. We
//     reproduce that. Because of this, the phase of the input during a
//     backward initial phase depends on init_steps mod T.
//   - The main phase then starts at row InitSteps with the global time t[i],
//     not at t = 0: the input does not restart.
//   - If InitSteps < d, the first main steps read delayed rates from rows that
//     do not exist yet; the notebook's negative index reads a row of zeros, and
//     so do we.
//
// # The three models
//
// Full: W is N×N, row-major, W[x·N+y] = w(x,y), post x ← pre y; I = W·X[i−d].
//
// Kernel: the weights are translation invariant, w(x,y) = K[(x−y) mod N]. The
// offset convention used everywhere in ringwave is
//
//	K[j] is the weight from presynaptic neuron i to postsynaptic neuron (i+j) mod N,
//
// so a learned full matrix satisfies W[(i+j) mod N, i] ≈ K[j]. The recurrent
// input is the circular convolution I[x] = Σ_j K[j]·X[i−d][(x−j) mod N], computed
// with FFTs. The "mean" rule averages the full rule over all pairs with the
// same offset (notebook: get_dw_prime_mean):
//
//	dK[j] = (−λ·K[j]·dt + (1/N)·Σ_i dx[(i+j) mod N]·X[i−d][i]) / τ_w
//
// KernelSingle: the same kernel learned from presynaptic neuron 0 alone
// (notebook: get_dw_prime): dK[j] = (−λ·K[j] + X[i−d][0]·dx[j]/dt)·dt/τ_w.
//
// Each model is described once, by the ModelSpec its file registers (name,
// weight shape, networks, the Pairing of its rule); the rest of ringwave
// asks Describe, and a model nobody registered is an error (Validate). A
// new learning rule is one file here: its networks and one Register call.
//
// # Conventions
//
// Times are in seconds, delays and phases of the run in steps. Weight slices
// are owned by the caller unless said otherwise; callbacks receive slices that
// are only valid during the call. The package does no I/O.
//
// # Performance
//
// Run computes the equations above with optimised networks, and agrees with
// the straightforward step-by-step implementation (kept in the package as the
// reference of the tests) to rounding: ≤ 1e-11 relative on the activity and
// final weights of the notebook's defaults. Measurements are in
// docs/BENCHMARKS.md.
//
//   - The sigmoid saturates: φ is exactly 1 or exactly 1/(1+e²⁵⁰) for all but
//     the neurons whose drive is near a zero crossing. A cheap estimate of the
//     drive and a bound on the recurrent input decide the others, and only the
//     undecided neurons get sin, exp and their exact input (stimulus.go). The
//     decided neurons get the reference's bits.
//   - Full: X[i−d] is known d steps ahead, so blocks of up to d steps apply
//     their rank-1 updates at once, one compute-bound pass over W per block,
//     cut into chunks of rows that the cores take as they come
//     (full_fast.go, team.go).
//   - Kernel: all spectra are updated in O(N) per step, with I and Φ̂ from
//     few points and few changes, and FFTs only when there are many
//     (kernel_fast.go). KernelSingle learns in real space without FFTs
//     (kernel_single.go).
//   - A step allocates nothing: the activity is streamed to Options.Activity,
//     and a run holds only the d+1 rows the delay needs.
//
// The dense kernels (kernels*.go) have a portable Go version and, on amd64,
// AVX-512 and AVX2+FMA versions in assembly, chosen once per process from
// the CPU's features less what GODEBUG switches off (cpu.avx512f=off: AVX2;
// cpu.avx2=off, cpu.fma=off: Go); Kernels names the set. Elsewhere, arm64
// included, the Go versions run: their multiply-adds are math.FMA, one
// instruction on arm64 and on amd64 with FMA.
//
// # The same bits on every machine
//
// A run gives the same bits whatever GOMAXPROCS, with or without recording
// weights, with every kernel set, with GOAMD64=v3 or -tags purego, and on
// arm64: a result computed on one machine is valid on any other. This
// rests on four rules, each checked by a test:
//
//   - One order of operations for every sum, whatever the vector width:
//     that of 8 lanes (kernels.go); the AVX2 versions keep the 8 lanes in
//     two registers. TestRunSameBitsEveryKernelSet and the kernels' tests.
//   - No multiply-add fused by the compiler: Go may fuse x·y + z on arm64
//     and with GOAMD64=v3, so every product that meets a sum is rounded by
//     an explicit float64(), and fused operations are written math.FMA.
//     TestNoImplicitFusedMultiplyAdd compiles the package for both and finds
//     no other fused instruction.
//   - The package's own exp, log and sincos (libm.go), FFT (fft.go) and
//     normal numbers (normal.go), where the standard library's and gonum's
//     results depend on the architecture (assembly, or fusion).
//   - TestGoldenBits compares small runs of every path, and those functions,
//     with sha256s made on amd64; make test-arm64 runs the tests under
//     qemu-user, and compares ringwave's files with amd64's.
package sim
