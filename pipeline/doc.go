// Package pipeline turns manifests into runs and runs into cached results.
//
// The flow is one way: Load reads a TOML manifest strictly (every unknown
// key is reported, with its line and a "did you mean"); Expand resolves its
// runs, one per point of its sweep, each validated and keyed; Cache.Execute
// takes each run from the cache or computes it with package sim; reports
// and exports read results through Cache.Open.
//
// A run's key is the sha256 of everything that determines its outputs and
// nothing else (see keyMaterial): the resolved parameters, the values of
// its initial weights, its record strides, the schema of an entry, and the
// identity of the code that computes and writes it (hashes of the sources
// of sim and of the .npy writer, the Go release, architecture and
// instruction-set settings, gonum's version).
//
// The cache under a results directory DIR:
//
//	DIR/cache/<key[:2]>/<key>/       one complete run: run.json and .npy files
//	DIR/cache/<key[:2]>/<key>.lock   the per-entry lock (gofrs/flock)
//	DIR/cache/tmp/<key>.<random>/    an entry being written
//	DIR/cache/quarantine/            entries verify found corrupt
//	DIR/runs/<name>[/<point>]        links by manifest name to the entries
//
// An entry is written in tmp/, each file streamed, hashed and synced as it
// is written, then renamed into place whole under its lock, so a reader
// never sees part of one and two processes never compute one twice at
// once. A lookup treats anything malformed (unreadable or edited run.json,
// a missing or resized file, a small file whose sha256 differs) as a miss;
// verify re-hashes everything. Errors about a manifest are *Error values
// that print as FILE:LINE: key message.
package pipeline
