#!/usr/bin/env bash
# Benchmarks of the simulation, for `make bench` (numbers in docs/BENCHMARKS.md).
#
#   tools/bench.sh
#
# 1. The Go benchmarks of package sim: time per step over a ladder of sizes.
# 2. Side by side, on the same configuration (the notebook's constants,
#    N = 500, $PERIODS periods, initial phase included): the notebook's own
#    NumPy loop (tools/notebook.py's run, timed by tools/bench_numpy.py) and
#    sim.Run (timed by tools/benchgo), and the speed-up measured in this run.
# 3. The headline run (full model, N = 500, 150 periods) in Go: time per step
#    and peak resident memory.
#
# Environment: PERIODS (default 10) and REPEAT (default 3, the fastest run
# counts) for part 2; BENCHTIME (default 1s) and COUNT (default 1) are passed
# to go test -bench.
set -euo pipefail
cd "$(dirname "$0")/.."

PERIODS=${PERIODS:-10}
REPEAT=${REPEAT:-3}
BENCHTIME=${BENCHTIME:-1s}
COUNT=${COUNT:-1}
GO=${GO:-go}
PY=/usr/bin/python3

if [ ! -x "$PY" ] || ! "$PY" -c 'import numpy' 2>/dev/null; then
	echo "bench.sh: the NumPy side needs /usr/bin/python3 with numpy." >&2
	echo "bench.sh: install it with: apt-get install -y python3-numpy   (or: make deps)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "# ringwave benchmarks"
echo "date:    $(date)"
echo "machine: $(nproc) CPUs, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p')"
echo "go:      $($GO version)"
echo "numpy:   $("$PY" -c 'import numpy; print(numpy.__version__)'), $("$PY" --version)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
echo

echo "## 1. Go benchmarks: $GO test ./sim -run '^\$' -bench . -benchtime $BENCHTIME -count $COUNT"
$GO test ./sim -run '^$' -bench . -benchtime "$BENCHTIME" -count "$COUNT" | grep -E '^(Benchmark|ok|FAIL)'
echo

echo "## 2. The notebook's NumPy loop against sim.Run: N=500, $PERIODS periods, best of $REPEAT"
$GO build -o "$tmp/benchgo" ./tools/benchgo
msPerStep() { sed -n 's/.*ms\/step=\([0-9.eE+-]*\).*/\1/p'; }
printf '%-14s %14s %14s %10s\n' model "numpy us/step" "go us/step" speed-up
for model in full kernel kernel_single; do
	numpy=$("$PY" tools/bench_numpy.py "$model" 500 "$PERIODS" "$REPEAT")
	gorun=$("$tmp/benchgo" -model "$model" -neurons 500 -periods "$PERIODS" -repeat "$REPEAT")
	n=$(msPerStep <<<"$numpy")
	g=$(msPerStep <<<"$gorun")
	awk -v m="$model" -v n="$n" -v g="$g" 'BEGIN { printf "%-14s %14.1f %14.2f %9.0fx\n", m, n * 1000, g * 1000, n / g }'
done
echo

echo "## 3. Headline run in Go: full model, N=500, 150 periods (75,000 steps)"
"$tmp/benchgo" -model full -neurons 500 -periods 150 -repeat 1
