#!/usr/bin/env bash
# make test-arm64: the arm64 build gives the same bits as amd64's.
#
#   tools/test-arm64.sh
#
# 1. sim's tests cross-compiled for arm64 (GOARCH=arm64 go test -c) and run
#    under qemu-user: among them TestGoldenBits, which compares small runs of
#    every path with sha256s made on amd64 (sim/testdata/golden.json).
# 2. ringwave itself: the two headline experiments and the replay chained
#    to one, shrunk (N = 120, 8 periods, weights every 60 steps, windows of
#    2 periods), run by an arm64 build under qemu
#    and by the amd64 build; every .npy must be the same file, and the
#    arm64 build must find the amd64 build's runs cached (same keys).
#
# On an arm64 machine both run natively. qemu-aarch64-static comes from
# Debian's qemu-user-static (tools/install-deps.sh installs it); without it
# the test is skipped, except under CI=true, where it fails. ARM64_RUN (a
# go test -run pattern, default: all of sim's tests) narrows part 1.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}

emu=()
case "$(uname -m)" in
aarch64 | arm64) ;;
*)
	command -v qemu-aarch64-static >/dev/null 2>&1 || tools/install-deps.sh
	if ! command -v qemu-aarch64-static >/dev/null 2>&1; then
		if [ -n "${CI:-}" ]; then
			echo "test-arm64: qemu-aarch64-static is missing: .ci/run must install qemu-user-static" >&2
			exit 1
		fi
		echo "test-arm64: skipped: no qemu-aarch64-static (apt-get install qemu-user-static)" >&2
		exit 0
	fi
	emu=(qemu-aarch64-static)
	;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "test-arm64: sim's tests on arm64 (${emu[*]:-native})"
GOARCH=arm64 $GO test -c -o "$tmp/sim.test" ./sim
(cd sim && "${emu[@]}" "$tmp/sim.test" -test.run "${ARM64_RUN:-.}" -test.count 1)

echo "test-arm64: ringwave run, arm64 against amd64"
GOARCH=arm64 $GO build -o "$tmp/ringwave-arm64" ./cmd/ringwave
$GO build -o "$tmp/ringwave-amd64" ./cmd/ringwave
mkdir "$tmp/experiments"
for m in experiments/full_connectivity.toml experiments/weight_symmetry.toml experiments/replay.toml; do
	# Windows shrunk with them: 2 of the 8 periods of 120 steps at each end.
	sed -e 's/^neurons = [0-9]*/neurons = 120/' -e 's/^periods = [0-9.]*/periods = 8/' \
		-e 's/^weights_every = [0-9]*/weights_every = 60/' -e 's/^\(activity\|weights\)_window = [0-9]*/\1_window = 2/' \
		-e 's/^weights_between = [0-9]*/weights_between = 240/' "$m" >"$tmp/experiments/$(basename "$m")"
done
"${emu[@]}" "$tmp/ringwave-arm64" run -q -results "$tmp/arm64" "$tmp"/experiments/*.toml
"$tmp/ringwave-amd64" run -q -results "$tmp/amd64" "$tmp"/experiments/*.toml
files=0
for f in "$tmp"/amd64/runs/*/*.npy; do
	g="$tmp/arm64/runs/${f#"$tmp"/amd64/runs/}"
	if ! cmp -s "$f" "$g"; then
		echo "test-arm64: ${f#"$tmp"/amd64/runs/} differs between amd64 and arm64" >&2
		exit 1
	fi
	files=$((files + 1))
done
[ "$files" -gt 0 ] || { echo "test-arm64: no .npy files compared" >&2; exit 1; }
echo "test-arm64: $files .npy files identical on arm64 and amd64"

# The same bits, so the same keys: a cache computed on one is a hit on the
# other (pipeline/manifest's CodeIdentity). The arm64 build finds amd64's
# entries cached.
"${emu[@]}" "$tmp/ringwave-arm64" run -q -results "$tmp/amd64" "$tmp"/experiments/*.toml >"$tmp/hits"
if grep -qv "  cached  " "$tmp/hits"; then
	echo "test-arm64: the arm64 build did not find amd64's runs cached:" >&2
	cat "$tmp/hits" >&2
	exit 1
fi
echo "test-arm64: the arm64 build takes amd64's cache: $(wc -l <"$tmp/hits") runs cached"
