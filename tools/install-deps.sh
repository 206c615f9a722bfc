#!/usr/bin/env bash
# Installs what the tests and benchmarks need beyond Go, from Debian's
# packages: python3-numpy (fidelity and round-trip tests), chromium (report
# tests), npm (to fetch the pinned echarts), jupyter-nbconvert with
# ipykernel, pandas and matplotlib (the notebook's test), qemu-user-static
# (the arm64 build's tests, make test-arm64) and libopenblas0-pthread (NumPy
# at its best for make bench: it becomes the libblas.so.3 that NumPy loads).
# Does nothing for what is present. Without root or apt-get it says what is
# missing and exits 0: the tests that need it are then skipped, except under
# CI=true, where they fail.
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
/usr/bin/python3 -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The notebook (notebooks/ringwave_results.ipynb), executed headless by the tests.
command -v jupyter-nbconvert >/dev/null 2>&1 || missing+=(jupyter-nbconvert)
for m in ipykernel pandas matplotlib; do
	/usr/bin/python3 -c "import $m" 2>/dev/null || missing+=(python3-$m)
done
case "$(uname -m)" in
aarch64 | arm64) ;;
*) command -v qemu-aarch64-static >/dev/null 2>&1 || missing+=(qemu-user-static) ;;
esac
if command -v dpkg-query >/dev/null 2>&1 && ! installed libopenblas0-pthread; then
	missing+=(libopenblas0-pthread)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: missing ${missing[*]}; install them (e.g. sudo apt-get install -y ${missing[*]})" >&2
	echo "install-deps: the tests that need them will be skipped" >&2
	exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
