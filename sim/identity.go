package sim

import (
	"embed"
	"sync"

	"ringwave/internal/codeid"
)

// The package's own source, assembly included: the identity of the
// simulation code is computed, not declared, so any edit to a non-test file
// changes it.
//
//go:embed *.go *.s *.h
var source embed.FS

var codeHash = sync.OnceValue(func() string { return codeid.HashSources(source) })

// CodeHash returns the sha256 of this package's non-test Go source. Caches
// use it so that results of other code are never taken for this code's.
func CodeHash() string { return codeHash() }
