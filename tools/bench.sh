#!/usr/bin/env bash
# Benchmarks of the simulation, for `make bench` (numbers in docs/BENCHMARKS.md).
#
#   tools/bench.sh
#
# 1. The Go benchmarks of package sim: time per step over a ladder of sizes,
#    the full model up to N = 4000.
# 2. Side by side on the same configuration (the notebook's constants,
#    N = 500, $PERIODS periods, initial phase included): the notebook's own
#    NumPy loop (tools/notebook.py's run, timed by tools/bench_numpy.py) as
#    Debian installs it by default (reference BLAS, glibc's default malloc)
#    and at its best (OpenBLAS, with its default threads or one, whichever
#    is faster, and glibc's malloc told to keep its memory: $BEST_MALLOC),
#    then sim.Run (timed by tools/benchgo) with each kernel set the CPU
#    has. Speed-ups are against NumPy at its best.
# 3. The headline runs (N = 500, 150 periods = 75,000 steps): NumPy at its
#    best, and the whole ringwave process (`ringwave run -force`, writing and
#    hashing what the manifests record) with each kernel set, against the
#    I/O floor (the run's bytes at the disk's write bandwidth, measured with
#    dd) and the compute floor (the model's traffic over its weights at the
#    bandwidth of the cache level that holds them, measured by
#    tools/bwprobe).
# 4. What recording costs: the headline runs as committed (windows), with
#    recording reduced to nothing (row 0 and the final weights) and with
#    everything recorded (no windows), whole processes, interleaved, best
#    of $REPEAT each.
#
# NumPy at its best runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset
# in its command alone (a machine may pin OpenBLAS to an older core), and
# says which core OpenBLAS then chose.
#
# Environment: PERIODS (default 10) and REPEAT (default 3; the fastest run
# counts) for parts 2 and 3; BENCHTIME (default 1x) and COUNT (default 1)
# for go test -bench; RESULTS (default: a temporary directory on the disk
# of the working tree, where results/ would be) for part 3.
set -euo pipefail
cd "$(dirname "$0")/.."

PERIODS=${PERIODS:-10}
REPEAT=${REPEAT:-3}
BENCHTIME=${BENCHTIME:-1x}
COUNT=${COUNT:-1}
GO=${GO:-go}
PY=/usr/bin/python3
BEST_MALLOC="MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456"

if [ ! -x "$PY" ] || ! "$PY" -c 'import numpy' 2>/dev/null; then
	echo "bench.sh: the NumPy side needs /usr/bin/python3 with numpy." >&2
	echo "bench.sh: install it with: apt-get install -y python3-numpy   (or: make deps)" >&2
	exit 1
fi
# Debian's reference BLAS, which NumPy loads when OpenBLAS is not installed.
refblas=$(dirname "$(ls /usr/lib/*/blas/libblas.so.3 2>/dev/null | head -1)" 2>/dev/null || true)
reflapack=$(dirname "$(ls /usr/lib/*/lapack/liblapack.so.3 2>/dev/null | head -1)" 2>/dev/null || true)

# numpy default|best|best1 MODEL N PERIODS REPEAT: best1 is best with one
# OpenBLAS thread (its threads can slow a matrix-vector product of 500).
numpy() {
	local mode=$1
	shift
	case $mode in
	default) env LD_LIBRARY_PATH="$refblas:$reflapack" "$PY" tools/bench_numpy.py "$@" ;;
	best) env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $BEST_MALLOC "$PY" tools/bench_numpy.py "$@" ;;
	best1) env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $BEST_MALLOC OPENBLAS_NUM_THREADS=1 "$PY" tools/bench_numpy.py "$@" ;;
	esac
}
field() { sed -n "s|.* $1=\([^ ]*\).*|\1|p"; }

tmp=$(mktemp -d)
mkdir -p results && results=${RESULTS:-$(mktemp -d -p results bench.XXXXXX)}
trap 'rm -rf "$tmp" "$results"' EXIT
$GO build -o "$tmp/benchgo" ./tools/benchgo
$GO build -o "$tmp/ringwave" ./cmd/ringwave
$GO build -o "$tmp/bwprobe" ./tools/bwprobe

# The kernel sets this CPU runs: GODEBUG values that select each.
sets=()
for g in "" "cpu.avx512f=off" "cpu.avx2=off"; do
	k=$(GODEBUG=$g "$tmp/benchgo" -kernels)
	[[ " ${sets[*]:-} " == *" $k="* ]] || sets+=("$k=$g")
done

echo "# ringwave benchmarks"
echo "date:    $(date -u)"
echo "machine: $(nproc) CPUs (nproc), $(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -1) (/proc/cpuinfo), $(lscpu | sed -n 's/^Flags:.*\(avx512f\).*/AVX-512F/p;' | head -1)"
echo "go:      $($GO version); kernels: ${sets[*]%%=*}"
echo "numpy:   $("$PY" -c 'import numpy; print(numpy.__version__)'), $("$PY" --version)"
echo "blas:    default $(numpy default full 100 2 1 | field blas); best $(numpy best full 100 2 1 | field blas), core $(numpy best full 100 2 1 | field core)"
echo "env:     OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-unset}; best: both unset, $BEST_MALLOC"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
case "$(numpy best full 100 2 1 | field blas)" in
*openblas*) ;;
*) echo "bench.sh: NumPy at its best needs OpenBLAS (apt-get install libopenblas0-pthread, or make deps); the 'best' figures below are not" >&2 ;;
esac
echo

echo "## 1. Go benchmarks: $GO test ./sim -run '^\$' -bench . -benchtime $BENCHTIME -count $COUNT"
$GO test ./sim -run '^$' -bench . -benchtime "$BENCHTIME" -count "$COUNT" | grep -E '^(Benchmark|ok|FAIL)'
echo

echo "## 2. The notebook's NumPy loop against sim.Run: N=500, $PERIODS periods, best of $REPEAT"
declare -A bestmode
printf '%-14s %12s %12s' model "numpy dflt" "numpy best"
for s in "${sets[@]}"; do printf ' %12s' "go ${s%%=*}"; done
printf ' %10s\n' "speed-up"
for model in full kernel kernel_single; do
	d=$(numpy default "$model" 500 "$PERIODS" "$REPEAT" | field ms/step)
	b=$(numpy best "$model" 500 "$PERIODS" "$REPEAT" | field ms/step)
	b1=$(numpy best1 "$model" 500 "$PERIODS" "$REPEAT" | field ms/step)
	bestmode[$model]=best
	if awk -v a="$b1" -v b="$b" 'BEGIN{exit !(a < b)}'; then b=$b1 bestmode[$model]=best1; fi
	printf '%-14s %12.1f %12.1f' "$model" "$(awk -v v="$d" 'BEGIN{print v*1000}')" "$(awk -v v="$b" 'BEGIN{print v*1000}')"
	ratios=""
	for s in "${sets[@]}"; do
		g=$(GODEBUG=${s#*=} "$tmp/benchgo" -model "$model" -neurons 500 -periods "$PERIODS" -repeat "$REPEAT" | field ms/step)
		printf ' %12.2f' "$(awk -v v="$g" 'BEGIN{print v*1000}')"
		ratios+=$(awk -v b="$b" -v g="$g" 'BEGIN{printf "%.0fx ", b/g}')
	done
	printf ' %10s\n' "$ratios"
done
echo "(us/step; numpy best: OpenBLAS with its default threads or one, the faster: ${bestmode[*]}; speed-up: numpy best / go, per kernel set)"
echo

echo "## 3. Headline runs, N=500, 150 periods (75,000 steps), best of $REPEAT whole processes"
# The kernel model alone: weight_symmetry.toml names full_connectivity.toml
# as its reference, which -force would recompute too.
sed '/^reference *=/d' experiments/weight_symmetry.toml >"$tmp/weight_symmetry.toml"
declare -A manifest=([full]=experiments/full_connectivity.toml [kernel]="$tmp/weight_symmetry.toml")
for model in full kernel; do
	b=$(numpy "${bestmode[$model]}" "$model" 500 150 1 | field ms/step)
	nps=$(awk -v v="$b" 'BEGIN{print v*75}')
	echo "$model: numpy best (${bestmode[$model]}) $(awk -v v="$nps" 'BEGIN{printf "%.1f", v}') s ($(awk -v v="$b" 'BEGIN{printf "%.3f", v}') ms/step)"
	for s in "${sets[@]}"; do
		best=999999 rss=0
		for _ in $(seq "$REPEAT"); do
			GODEBUG=${s#*=} /usr/bin/time -f '%e %M' -o "$tmp/time" "$tmp/ringwave" run -q -force -results "$results" "${manifest[$model]}" >/dev/null
			read -r e m <"$tmp/time"
			if awk -v e="$e" -v b="$best" 'BEGIN{exit !(e < b)}'; then best=$e rss=$m; fi
		done
		echo "  ringwave run -force, ${s%%=*} kernels: $best s, peak RSS $((rss / 1024)) MiB: $(awk -v n="$nps" -v g="$best" 'BEGIN{printf "%.0f", n/g}')x numpy best"
	done
	dir=$("$tmp/ringwave" path -results "$results" "${manifest[$model]}")
	bytes=$(cat "$dir"/*.npy | wc -c)
	mib=$(((bytes + 1048575) / 1048576))
	for flags in "conv=fsync" "oflag=direct conv=fsync"; do
		best=999999
		for _ in $(seq "$REPEAT"); do
			rm -f "$results/dd.tmp"
			# 256 MiB at least, so that the bandwidth is the disk's
			/usr/bin/time -f '%e' -o "$tmp/time" dd if=/dev/zero of="$results/dd.tmp" bs=1M count=$((mib > 256 ? mib : 256)) $flags 2>/dev/null
			e=$(tail -1 "$tmp/time")
			if awk -v e="$e" -v b="$best" 'BEGIN{exit !(e < b)}'; then best=$e; fi
		done
		rm -f "$results/dd.tmp"
		bw=$(awk -v e="$best" -v m="$((mib > 256 ? mib : 256))" 'BEGIN{printf "%.0f", m/e}')
		echo "  I/O floor: the run's $mib MiB of .npy at dd bs=1M $flags's $bw MiB/s: $(awk -v m="$mib" -v b="$bw" 'BEGIN{printf "%.3f", m/b}') s"
	done
	# Compute floor: the weights' traffic at the bandwidth of the level that
	# holds them. Full: the notebook's algorithm reads W for I = W·x and
	# reads and writes it for the update, 24·N² bytes a step; ringwave's
	# block update reads and writes W once per block of d = 75 steps,
	# 16·N²/75. Kernel: 3 vectors of N a step, in L1.
	if [ "$model" = full ]; then wbytes=$((8 * 500 * 500)); else wbytes=$((8 * 500)); fi
	bw=$("$tmp/bwprobe" -sizes "$(((wbytes + 1023) / 1024))K" -bytes 1G | field gbps)
	if [ "$model" = full ]; then
		echo "  compute floor: W ($wbytes bytes) at the probe's $bw GB/s: notebook's traffic $(awk -v w="$wbytes" -v b="$bw" 'BEGIN{printf "%.2f", 3*w*75000/b/1e9}') s, ringwave's block update $(awk -v w="$wbytes" -v b="$bw" 'BEGIN{printf "%.3f", 2*w*1000/b/1e9}') s"
	else
		echo "  compute floor: 3 vectors of $wbytes bytes a step at the probe's $bw GB/s: $(awk -v w="$wbytes" -v b="$bw" 'BEGIN{printf "%.3f", 3*w*75000/b/1e9}') s"
	fi
done
echo "(bandwidth by buffer size: $("$tmp/bwprobe" -bytes 1G | sed -n 's/.*size=\([0-9]*\).*gbps=\([0-9.]*\)/\1:\2/p' | tr '\n' ' ')GB/s)"
echo

echo "## 4. What recording costs: whole processes, best of $REPEAT, interleaved"
# The same runs with recording reduced to nothing (row 0 of the activity,
# the final weights) and with every step and snapshot (no windows).
for model in full kernel; do
	sed -e '/^activity_\(every\|window\|between\) *=/d' -e '/^weights_\(every\|window\|between\) *=/d' \
		-e 's/^\[record\]/[record]\nactivity_every = 75000\nweights_every = 0/' "${manifest[$model]}" >"$tmp/${model}_none.toml"
	sed -e '/^activity_window *=/d' -e '/^activity_between *=/d' -e '/^weights_window *=/d' -e '/^weights_between *=/d' \
		"${manifest[$model]}" >"$tmp/${model}_all.toml"
done
declare -A best4
for _ in $(seq "$REPEAT"); do
	for model in full kernel; do
		for v in windows none all; do
			m=${manifest[$model]}
			[ "$v" = windows ] || m=$tmp/${model}_$v.toml
			/usr/bin/time -f '%e' -o "$tmp/time" "$tmp/ringwave" run -q -force -results "$results" "$m" >/dev/null
			e=$(tail -1 "$tmp/time")
			k=$model.$v
			if awk -v e="$e" -v b="${best4[$k]:-999999}" 'BEGIN{exit !(e < b)}'; then best4[$k]=$e; fi
		done
	done
done
for model in full kernel; do
	n=${best4[$model.none]}
	echo "$model: without recording ${n} s; as committed (windows) ${best4[$model.windows]} s, $(awk -v a="${best4[$model.windows]}" -v n="$n" 'BEGIN{printf "%.2f", a/n}')x; everything recorded ${best4[$model.all]} s, $(awk -v a="${best4[$model.all]}" -v n="$n" 'BEGIN{printf "%.2f", a/n}')x"
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a) (at the end)"
