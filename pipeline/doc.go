// Package pipeline is the house of the packages that turn manifests into
// cached results. It holds no code of its own; data flows one way through
// its parts:
//
//	manifest  TOML → runs: load strictly, expand sweeps, resolve defaults, key;
//	          the one parameter table (manifest key, unit, doc, sim field)
//	cache     the content-addressed store: lookup, lock, pending entries and
//	          their commit, run.json, reading results, verify, quarantine, gc
//	executor  the Executor interface and the local executor (which calls
//	          package sim); task lists for batch systems; executor/slurm
//	export    .npz files of cached runs for colleagues without ringwave
//
// manifest → cache (lookup) → executor → sim → cache (commit) → report. A
// reader opens runs through cache.Open, never by guessing paths.
package pipeline
