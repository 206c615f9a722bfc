// Package report renders cached runs, as package analysis measures them, as
// static HTML pages with go-echarts: one page per manifest with a section
// per run, or for a sweep a summary (every measurement against each swept
// key, with theory, and a table of the points) and a page per point; and
// an index.html listing every run of every manifest ever reported into the
// directory (records in .pages/), with outcomes, sortable in the browser.
// Write is the whole of `ringwave report`. A sweep's point pages are
// rendered one at a time and only their Measurements kept, so a sweep of
// any size is summarised in bounded memory.
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
// the manifest's reference with the same parameters (when there is one),
// and against three theories, each named with what it assumes: the rule's
// steady state from the whole activity (settled weights), the travelling
// wave from neuron 0's last period, the closed form of a low-passed square
// wave (a saturated drive); their differences; the activity those theories
// use; the kernel's evolution; its convergence (a rate only where an
// exponential fits); the largest eigenvalues of the full matrix against
// the DFT of the kernels; and a table. Every page says whether the run has
// settled and claims no steady state for one that has not.
//
// The numbers and the theory come from package analysis; this package only
// lays them out. Tables and summary charts list no measurements of their
// own: their columns, rows, headings, formats, theories and tolerances are
// analysis.Registry's (measures.go renders an entry's cell). What is page
// vocabulary stays here: downsampling for heatmaps (downsample.go), the
// anchors that name sections and charts, the prose of each chart.
//
// # Trust in the reports directory
//
// The directory travels (users send it whole), so nothing in it is
// trusted: records and the stamp are read safely and records are checked
// against the page names ringwave generates (outdir.go, index.go); every
// file is written atomically beside itself; the stamp carries each page's
// sha256, so a damaged page is rendered again; Write holds a flock on the
// directory; -prune deletes only generated names, never through a link.
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
// The pages load echarts.min.js (ECharts echartsVersion) from their own
// directory; Write copies it there from .cache/echarts/, where
// tools/fetch-echarts.sh leaves the pinned, integrity-checked release. No
// page loads anything from the network. Without the script the pages still
// render their text and tables, with a banner saying what is missing.
package report
