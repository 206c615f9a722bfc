#!/usr/bin/env bash
# Fetches the pinned ECharts build that the HTML reports load, into a
# git-ignored cache (never committed):
#
#	tools/fetch-echarts.sh [DIR]     (default .cache/echarts)
#
# leaves DIR/echarts.min.js, and a copy in the user's cache
# (${XDG_CACHE_HOME:-~/.cache}/ringwave/echarts-VERSION/echarts.min.js), where
# a ringwave binary run from any directory finds it. `ringwave report` copies
# it beside the pages, so that they work offline; without it the pages still
# render, with a banner saying the charts need this script.
#
# The tarball comes from the npm registry through `npm pack` and is checked
# against the sha512 integrity pinned below (the registry's dist.integrity
# of echarts@5.6.0), and the extracted file against its pinned sha256 (the
# one report/assets.go checks too). A mismatch is an error. A missing npm or
# an unreachable registry is only a warning (exit 0) on a developer's
# machine, and an error under CI=true, where .ci/run installs npm.
set -euo pipefail

VERSION=5.6.0
INTEGRITY=sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA==
# The sha256 of package/dist/echarts.min.js in that tarball.
FILE_SHA256=bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1

cd "$(dirname "$0")/.."
dest=${1:-.cache/echarts}
target=$dest/echarts.min.js

fail() { # a problem that only CI must not tolerate
	echo "fetch-echarts: WARNING: $*" >&2
	echo "fetch-echarts: reports will render without charts (they show a banner saying so)" >&2
	if [ -n "${CI:-}" ]; then
		exit 1
	fi
	exit 0
}

# share copies the checked script into the user's cache; a cache that
# cannot be written is only a warning (reports made in the checkout still
# find .cache/echarts).
share() {
	local dir=${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/ringwave/echarts-$VERSION
	if [ -f "$dir/echarts.min.js" ] && [ "$(sha256sum "$dir/echarts.min.js" | cut -d' ' -f1)" = "$FILE_SHA256" ]; then
		return
	fi
	if mkdir -p "$dir" 2>/dev/null && cp "$target" "$dir/echarts.min.js.tmp" 2>/dev/null &&
		mv "$dir/echarts.min.js.tmp" "$dir/echarts.min.js"; then
		echo "fetch-echarts: also in $dir (for ringwave run from any directory)" >&2
	else
		echo "fetch-echarts: warning: could not copy it into $dir; reports made outside this checkout need -echarts $PWD/$target" >&2
	fi
}

if [ -f "$target" ] && [ "$(sha256sum "$target" | cut -d' ' -f1)" = "$FILE_SHA256" ]; then
	share
	exit 0 # already there and right
fi

command -v npm >/dev/null 2>&1 || fail "npm is not installed (apt-get install npm), cannot fetch echarts@$VERSION"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "echarts@$VERSION" >/dev/null 2>"$tmp/npm.log"); then
	cat "$tmp/npm.log" >&2
	fail "npm pack echarts@$VERSION failed (no network?)"
fi
tgz=$tmp/echarts-$VERSION.tgz
# node comes with npm; no openssl needed.
got=$(node -e 'const c=require("crypto"),fs=require("fs");
process.stdout.write("sha512-"+c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$tgz")
if [ "$got" != "$INTEGRITY" ]; then
	echo "fetch-echarts: echarts-$VERSION.tgz has integrity $got, want $INTEGRITY" >&2
	exit 1
fi
tar -xzf "$tgz" -C "$tmp" package/dist/echarts.min.js
got=$(sha256sum "$tmp/package/dist/echarts.min.js" | cut -d' ' -f1)
if [ "$got" != "$FILE_SHA256" ]; then
	echo "fetch-echarts: echarts.min.js has sha256 $got, want $FILE_SHA256" >&2
	exit 1
fi
mkdir -p "$dest"
cp "$tmp/package/dist/echarts.min.js" "$target.tmp"
mv "$target.tmp" "$target"
echo "fetch-echarts: $target (echarts $VERSION)" >&2
share
