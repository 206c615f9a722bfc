package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"ringwave/internal/npyfile"
	"ringwave/internal/safefile"
	"ringwave/pipeline/manifest"
)

// Record is run.json: what a run is, how it was computed and what files
// it left. It is plain JSON for readers without ringwave.
type Record struct {
	Schema     int                   `json:"schema"`
	Key        string                `json:"key"`
	Name       string                `json:"name"`
	Manifest   string                `json:"manifest"`
	Point      map[string]any        `json:"point,omitempty"`
	Params     manifest.Settings     `json:"params"`
	Units      map[string]string     `json:"units"`
	Derived    Derived               `json:"derived"`
	Init       manifest.InitWeights  `json:"init"`
	Code       manifest.CodeIdentity `json:"code"`
	Provenance Provenance            `json:"provenance"`
	Files      []FileRecord          `json:"files"`
	// Recording maps the rows of the activity and snapshot files to steps.
	// Entries written before windows existed have none: their one file is
	// the whole run at the record.*_every strides.
	Recording *Recording `json:"recording,omitempty"`
	// Checksum is the sha256 of this record written with Checksum empty, so
	// that an edit to run.json itself is found like an edit to a file.
	Checksum string `json:"checksum"`
}

// checksum returns the sha256 of rec's JSON with the Checksum field empty.
func (rec Record) checksum() string {
	rec.Checksum = ""
	b, err := json.Marshal(rec)
	if err != nil {
		panic(err) // a record of plain values always marshals
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// NewRecord starts the record of run r: everything but how it was computed
// (Provenance's times) and its files (Pending.Finish).
func NewRecord(r *manifest.Run) *Record {
	rec := &Record{
		Schema: manifest.Schema, Key: r.Key, Name: r.Name, Manifest: r.Manifest.Path,
		Params: r.Settings, Units: manifest.Units(), Init: r.Init, Code: manifest.Code(),
		Derived: Derived{Steps: r.Params.Steps(), Delay: r.Params.Delay(), InitSteps: r.Params.InitPhaseSteps()},
	}
	recording := RecordingOf(r.Settings)
	rec.Recording = &recording
	if len(r.Point) > 0 {
		rec.Point = map[string]any{}
		for _, a := range r.Point {
			rec.Point[a.Key] = a.Value
		}
	}
	rec.Provenance.Host, _ = os.Hostname()
	rec.Provenance.GoVersion = runtime.Version()
	rec.Provenance.Arch = runtime.GOARCH
	rec.Provenance.Modules = map[string]string{}
	if info, ok := debug.ReadBuildInfo(); ok {
		rec.Provenance.Modules[info.Main.Path] = info.Main.Version
		for _, dep := range info.Deps {
			rec.Provenance.Modules[dep.Path] = dep.Version
		}
	}
	return rec
}

// Derived are quantities computed from the parameters, for readers.
type Derived struct {
	Steps     int `json:"steps"`      // rows of the notebook's X
	Delay     int `json:"delay"`      // τ_d/dt, steps
	InitSteps int `json:"init_steps"` // rows computed by the initial phase
	// MemoryEstimate is the peak memory the run was expected to need,
	// bytes (the executor's estimate, which refuses runs a machine cannot
	// hold); 0 in entries from before it was recorded.
	MemoryEstimate int64 `json:"memory_estimate,omitempty"`
}

// Provenance records where, when and with what a run was computed.
type Provenance struct {
	Host           string    `json:"host"`
	Started        time.Time `json:"started"`
	Finished       time.Time `json:"finished"`
	WallSeconds    float64   `json:"wall_seconds"`
	StepsPerSecond float64   `json:"steps_per_second"`
	// Kernels names the simulation's kernels that ran: "avx512", "avx2" or
	// "go" (sim.Kernels). They give the same bits; the speed differs.
	Kernels   string            `json:"kernels"`
	Arch      string            `json:"arch"` // GOARCH of the program that computed it
	GoVersion string            `json:"go_version"`
	Modules   map[string]string `json:"modules"`
}

// FileRecord describes one file of a run directory.
type FileRecord struct {
	Name string `json:"name"`
	npyfile.Info
}

// File returns the record of the named file, or nil.
func (rec *Record) File(name string) *FileRecord {
	for i := range rec.Files {
		if rec.Files[i].Name == name {
			return &rec.Files[i]
		}
	}
	return nil
}

// requiredFiles lists the files every complete entry of rec's run holds.
func (rec *Record) requiredFiles() []string {
	return fileOrder(rec.Params)
}

// readEntry checks that dir is an entry's own directory (not a symlink to
// one, nor a file) and reads its record (readRecord).
func readEntry(dir, key string) (*Record, error) {
	st, err := os.Lstat(dir)
	switch {
	case err != nil:
		return nil, err
	case st.Mode()&os.ModeSymlink != 0:
		return nil, fmt.Errorf("the entry is a symlink, not a directory")
	case !st.IsDir():
		return nil, fmt.Errorf("the entry is a file, not a directory")
	}
	return readRecord(dir, key)
}

// maxRecord bounds what is read of a run.json (they are a few KiB).
const maxRecord = 1 << 20

// readRecord reads dir/run.json and checks that the entry is complete: the
// expected schema and key, every required file listed, and every listed
// file present, a regular file, with its recorded size. It does not hash
// the files (see Lookup and VerifyEntry). Any problem is returned as an error describing it.
func readRecord(dir, key string) (*Record, error) {
	b, err := safefile.ReadFile(filepath.Join(dir, RecordFile), maxRecord)
	if err != nil {
		return nil, err
	}
	var rec Record
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("run.json is not valid: %v", err)
	}
	if rec.Schema != manifest.Schema {
		return nil, fmt.Errorf("run.json has schema %d, want %d", rec.Schema, manifest.Schema)
	}
	if rec.Checksum != rec.checksum() {
		return nil, fmt.Errorf("run.json does not match its checksum: it was edited or damaged")
	}
	if rec.Key != key {
		return nil, fmt.Errorf("run.json is for key %.12s, not %.12s", rec.Key, key)
	}
	for _, name := range rec.requiredFiles() {
		if rec.File(name) == nil {
			return nil, fmt.Errorf("run.json does not list %s", name)
		}
	}
	for _, f := range rec.Files {
		if filepath.Base(f.Name) != f.Name {
			return nil, fmt.Errorf("run.json lists a bad file name %q", f.Name)
		}
		st, err := statOf(filepath.Join(dir, f.Name))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f.Name, err)
		}
		if st.Size != f.Size {
			return nil, fmt.Errorf("%s has %d bytes, run.json says %d", f.Name, st.Size, f.Size)
		}
	}
	return &rec, nil
}
