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

// findECharts returns the path of the echarts script: explicit if it is not
// empty, else .cache/echarts/echarts.min.js in the working directory or the
// nearest parent that has one. It returns "" when there is none.
func findECharts(explicit string) string {
	if explicit != "" {
		if st, err := os.Stat(explicit); err == nil && st.Mode().IsRegular() && st.Size() <= maxECharts { // not a FIFO that would block, nor a huge file
			return explicit
		}
		return ""
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, echartsCache)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// installECharts copies the script at src (if any; wanted is where it was
// looked for, for the warning) beside the pages in out.
// It reports whether out then holds one, and writes a warning on log when
// src is missing or is not the pinned release.
func installECharts(src, wanted, out string, log io.Writer) (bool, error) {
	dst := filepath.Join(out, echartsFile)
	if wanted == "" {
		wanted = echartsCache
	}
	if src == "" {
		if st, err := os.Lstat(dst); err == nil && st.Mode().IsRegular() {
			fmt.Fprintf(log, "ringwave report: warning: no %s; keeping the %s already in %s\n", wanted, echartsFile, out)
			return true, nil
		}
		fmt.Fprintf(log, "ringwave report: warning: no %s: the pages show no charts until %s is beside them "+
			"(make echarts, or tools/fetch-echarts.sh, then ringwave report again)\n", wanted, echartsFile)
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
