// Package manifest reads experiment manifests and resolves their runs.
//
// Load reads a TOML manifest strictly: every unknown key is reported at once,
// with its line and a "did you mean", as *Error values that print as
// FILE:LINE: key message. Tables that other packages own ([slurm]) are
// declared as Sections and decoded by them. Only regular files are read,
// manifests up to 4 MiB, initial weights by shape before values. Names are
// checked to fit in file names (MaxName; not "index", which is the
// reports' index) and a sweep to list each value once. Expand resolves a
// manifest's runs, one per point of its sweep, each validated and keyed;
// a point's directory is its label, shortened with a hash past MaxLabel
// (Run.PathLabel). An error of sim about a quantity derived from keys the
// user did not write (the initial phase, the delay in steps) is put on the
// keys they did write, with their lines and a likely unit slip (explain.go).
//
// Settings is the one parameter table: each field's tags give its manifest
// key, unit, meaning and the sim.Params field it sets. Defaults, units in
// run.json, `ringwave help manifest` and the mapping of sim's errors back to
// manifest keys are derived from it.
//
// A run's key is the sha256 of everything that determines its outputs and
// nothing else (see keyMaterial): the resolved parameters, the values of
// its initial weights, what it records (strides and windows: a key the
// manifest does not use is left out, so that manifests without windows
// keep their keys), the schema of an entry, and the
// identity of the code that computes and writes it (hashes of the sources
// of sim and of the .npy writer, the Go release; not the machine on amd64
// and arm64, whose bits are proven equal: see CodeIdentity). Comments, key
// order, name, title and sections do not change it.
//
// Chains (chain.go): [init] from = "other.toml" makes each run start from
// the final weights of a run of another manifest, its upstream. LoadAll
// loads upstreams ahead of the manifests that start from them (a cycle is
// one error naming every manifest in it); Expand gives one run per upstream
// run and own sweep point, each with its Upstream run, whose key is part of
// its own. WithUpstreams orders a list of runs so that each comes after
// its upstream: the dependency graph an executor maps to stages or job
// dependencies.
//
// Recording windows (record.*_window, record.*_between) split a run's
// activity or snapshots into spans (Span), one file each; every row lies
// on its stride's grid of steps. checkRecord rejects, at load and with the
// key's line, windows that do not fit the run or do not hold whole periods.
package manifest
