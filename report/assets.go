package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"ringwave/internal/safefile"
)

// echartsVersion is the ECharts release the pages are written for, fetched
// by tools/fetch-echarts.sh (never committed).
const echartsVersion = "5.6.0"

// echartsSHA256 is the sha256 of dist/echarts.min.js in the npm tarball of
// echartsVersion; tools/fetch-echarts.sh pins the same.
const echartsSHA256 = "bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1"

// echartsCache is where tools/fetch-echarts.sh leaves the script, relative
// to the project's root.
var echartsCache = filepath.Join(".cache", "echarts", echartsFile)

// userECharts is where tools/fetch-echarts.sh (make echarts) also leaves the
// script, under the user's cache directory ($XDG_CACHE_HOME or ~/.cache on
// Linux), so that a ringwave installed anywhere finds it.
var userECharts = filepath.Join("ringwave", "echarts-"+echartsVersion, echartsFile)

// executable is the running program's path; a variable for the tests.
var executable = os.Executable

// echartsPlaces are where findECharts looks, in order, when no file is
// named: beside the binary; the project's cache seen from the binary
// (bin/ringwave built by make in a checkout); the user's cache; the
// project's cache in the working directory or the nearest parent that has
// one. The first two make a report drawn from any directory work with the
// binary make built; the third, with one built by go install.
func echartsPlaces() []string {
	var places []string
	if exe, err := executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		dir := filepath.Dir(exe)
		places = append(places, filepath.Join(dir, echartsFile), filepath.Join(filepath.Dir(dir), echartsCache))
	}
	if dir, err := os.UserCacheDir(); err == nil {
		places = append(places, filepath.Join(dir, userECharts))
	}
	if dir, err := os.Getwd(); err == nil {
		for {
			places = append(places, filepath.Join(dir, echartsCache))
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return places
}

// findECharts returns the path of the echarts script: explicit if it names
// a regular file, else the first of echartsPlaces that is one. It returns
// "" when there is none.
func findECharts(explicit string) string {
	if explicit != "" {
		if regular(explicit) {
			return explicit
		}
		return ""
	}
	for _, p := range echartsPlaces() {
		if regular(p) {
			return p
		}
	}
	return ""
}

// regular reports whether p is a regular file no larger than an echarts
// script may be (not a FIFO that would block a read, a directory, nor a
// huge file).
func regular(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Size() <= maxECharts
}

// installECharts copies the script at src (if any; wanted is where it was
// looked for, for the warning) beside the pages in out.
// It reports whether out then holds one, and writes a warning on log when
// src is missing or is not the pinned release.
func installECharts(src, wanted, out string, log io.Writer) (bool, error) {
	dst := filepath.Join(out, echartsFile)
	if wanted == "" {
		wanted = "echarts.min.js (looked for beside the binary, in " + filepath.Join("$XDG_CACHE_HOME", userECharts) +
			" and in " + echartsCache + " from here upwards)"
	}
	if src == "" {
		if st, err := os.Lstat(dst); err == nil && st.Mode().IsRegular() {
			fmt.Fprintf(log, "ringwave report: warning: no %s; keeping the %s already in %s\n", wanted, echartsFile, out)
			return true, nil
		}
		fmt.Fprintf(log, "ringwave report: warning: no %s: the pages show no charts until %s is beside them "+
			"(name it with -echarts FILE, or run make echarts in ringwave's checkout, then ringwave report again)\n", wanted, echartsFile)
		return false, nil
	}
	b, err := safefile.ReadFile(src, maxECharts)
	if err != nil {
		return false, err
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != echartsSHA256 {
		fmt.Fprintf(log, "ringwave report: warning: %s is not ECharts %s as pinned (sha256 %s); using it anyway\n",
			src, echartsVersion, hex.EncodeToString(sum[:12]))
	}
	if old, err := safefile.ReadOwn(dst, maxECharts); err == nil && bytes.Equal(old, b) {
		return true, nil
	}
	return true, safefile.WriteFile(dst, b, 0o644) // whatever was there (a link, a damaged copy) is replaced
}

// maxECharts bounds what is read of an echarts script: the release is
// about 1 MiB.
const maxECharts = 64 << 20
