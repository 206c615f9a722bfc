// Package report analyses cached runs and renders them as static HTML pages
// with go-echarts: one page per manifest, a section per run (per sweep
// point), and an index.html listing every run with its parameters, cache
// key, status and links. Write is the whole of `ringwave report`.
//
// # What the pages show
//
// A full run (model full): activity rasters (neurons × time) over the first
// and the last periods; the learned matrix w(x, y); the matrix aligned by
// offset, whose columns are constant when it is circulant; the learned
// kernel (mean of the aligned rows, ± their standard deviation) with the
// steady state of the rule; the distance of the weights from their final
// value over time, against the relaxation predicted at the rate λ/τ_w; and
// a table of numbers.
//
// A kernel run (kernel, kernel_single): the kernel against the full run of
// the manifest's reference with the same parameters, against the steady
// state computed from one simulated period of the activity, and against the
// closed form of a low-passed square wave; the period of activity that
// theory uses; the kernel's evolution; its convergence; the eigenvalues of
// the full matrix against the DFT of the kernels; and a table.
//
// # Conventions
//
// Offsets follow package sim: kernel[j] is the weight from presynaptic
// neuron i to postsynaptic neuron (i+j) mod N, and the full matrix is
// row-major, w[x·N+y] = weight from pre y to post x. The aligned matrix is
//
//	A[i][j] = w((i+j) mod N, i),
//
// row i what presynaptic neuron i sends, so that its column means are the
// kernel in this convention. The notebook's symmetrize rolls the
// postsynaptic row x by −x instead, S[x][k] = w(x, (x+k) mod N) =
// kernel[(−k) mod N]: the same stripes, mirrored.
//
// # Theory
//
// With r(x,t) = R(t + θ_x), θ_x = x·T/N, and τ_w/λ ≫ T, averaging the
// rule τ_w·ẇ(x,y) = r(y,t−τ_d)·ṙ(x,t) − λ·w(x,y) over a period gives
//
//	w*[j] = C(j·T/N + τ_d)/λ,   C(a) = (1/T)∫₀ᵀ R(s−a)·R'(s) ds,
//
// the derivative of R's autocorrelation (DerivativeCorrelation computes the
// discrete sum the simulation's rule averages; SquareWaveCorrelation the
// closed form for a saturated, low-passed square wave). τ_d is the
// simulated delay, round(τ_d/dt)·dt. Checked against the simulation
// (analysis_test.go): the kernel model's kernel differs from w* by
// e^(−λ(t_end−t_0)/τ_w)·‖w_0 − w*‖/‖w*‖ and nothing more; the full model's
// aligned rows spread around w* by the swing of the weights within a
// period (OscillationSpread); the closed form differs from the discrete
// theory by the Euler scheme's time constant (EulerTau) and the half-step
// lag of its difference quotient.
//
// # Determinism and assets
//
// Every chart is made through one helper (chartSet.options) that names it
// from its place in the page rather than at random, so that the same runs
// give byte-identical pages; numbers are formatted to a fixed number of
// significant digits and nothing records when a page was rendered.
// Heatmaps are block means of at most 200 × 200 cells, which keeps a page
// of N = 500 runs around 2 MB.
//
// The pages load echarts.min.js (ECharts EChartsVersion) from their own
// directory; Write copies it there from .cache/echarts/, where
// tools/fetch-echarts.sh leaves the pinned, integrity-checked release. No
// page loads anything from the network. Without the script the pages still
// render their text and tables, with a banner saying what is missing.
package report
