package npyfile

import (
	"embed"
	"sync"

	"ringwave/internal/codeid"
)

//go:embed write.go
var source embed.FS

// CodeHash identifies the code that writes .npy files (see codeid): what
// it writes is part of every cached result. The reader is left out: initial
// weights are keyed by their values, not by how they were read.
var CodeHash = sync.OnceValue(func() string { return codeid.HashSources(source) })
