// Package kinds lists the executors `ringwave run -executor` can choose:
// the local one and every batch system. A new batch system is one line
// here and its adapter package (see package batch).
package kinds

import (
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/executor/slurm"
	"ringwave/pipeline/manifest"
)

// All are the executor kinds, the default (local) first.
var All = []executor.Kind{executor.LocalKind, slurm.Kind}

// Sections are the manifest tables the executors own ([slurm]), for
// manifest.Load.
func Sections() []manifest.Section {
	var s []manifest.Section
	for _, k := range All {
		if k.Section != nil {
			s = append(s, *k.Section)
		}
	}
	return s
}

// Pruners list what the executors left under the results directory that
// gc may remove.
func Pruners() []cache.Pruner {
	var p []cache.Pruner
	for _, k := range All {
		if k.Prune != nil {
			p = append(p, k.Prune)
		}
	}
	return p
}
