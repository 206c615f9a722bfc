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

// HashSources returns the sha256 of the names and contents of the non-test
// .go files at the root of fsys (a package's embedded source), in name order.
func HashSources(fsys fs.FS) string {
	names, err := fs.Glob(fsys, "*.go")
	if err != nil {
		panic(err) // the pattern is constant
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
