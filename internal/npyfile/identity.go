package npyfile

import (
	"embed"
	"sync"

	"ringwave/internal/codeid"
)

//go:embed *.go
var source embed.FS

// CodeHash identifies this package's code (see codeid): what it writes
// is part of every cached result.
var CodeHash = sync.OnceValue(func() string { return codeid.HashSources(source) })
