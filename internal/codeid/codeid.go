// Package codeid identifies code by the hash of its source, so that a cache
// keyed by it never needs anyone to remember to bump a version number.
package codeid

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sort"
	"strings"
)

// HashSources returns the sha256 of the names and contents of the source
// files at the root of fsys (a package's embedded source: Go, assembly and
// its headers), test files excluded, in name order.
func HashSources(fsys fs.FS) string {
	var names []string
	for _, pattern := range []string{"*.go", "*.s", "*.h"} {
		m, err := fs.Glob(fsys, pattern)
		if err != nil {
			panic(err) // the patterns are constant
		}
		names = append(names, m...)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(err) // embedded files are always readable
		}
		h.Write([]byte(name + "\x00"))
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
