package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"ringwave/internal/npyfile"
	"ringwave/sim"
)

// Schema numbers the layout of a cache entry (files, run.json). It is part
// of every key; the code that computes the numbers is identified by its
// hash instead (CodeIdentity), so nobody has to remember to bump it.
const Schema = 1

// CodeIdentity names the code that computed a run: the hashes of the source
// of the simulation and of the .npy writer, the Go release (its math
// library is part of the numbers), the architecture (FMA contraction
// differs between them), the build settings that let the compiler choose
// other instructions (GOAMD64 and friends, build tags) and the version of
// gonum (its FFT).
type CodeIdentity struct {
	Sim   string `json:"sim"`
	Npy   string `json:"npy"`
	Go    string `json:"go"`
	Arch  string `json:"arch"`
	Build string `json:"build,omitempty"`
	Gonum string `json:"gonum"`
}

// numericBuildSettings are the build settings that can change a float's last
// bit: the instruction-set level (FMA contraction) and build tags (purego).
var numericBuildSettings = map[string]bool{
	"GOAMD64": true, "GOARM64": true, "GO386": true, "GOARM": true, "GOPPC64": true,
	"GORISCV64": true, "-tags": true,
}

// Code returns the identity of the code this program computes runs with.
func Code() CodeIdentity { return codeIdentity() }

var codeIdentity = sync.OnceValue(func() CodeIdentity {
	id := CodeIdentity{Sim: sim.CodeHash(), Npy: npyfile.CodeHash(), Go: runtime.Version(), Arch: runtime.GOARCH, Gonum: "unknown"}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "gonum.org/v1/gonum" {
				if dep.Replace != nil { // a local copy: its checksum, not its claimed version
					dep = dep.Replace
				}
				id.Gonum = dep.Version + " " + dep.Sum
			}
		}
		var build []string
		for _, s := range info.Settings {
			if numericBuildSettings[s.Key] {
				build = append(build, s.Key+"="+s.Value)
			}
		}
		id.Build = strings.Join(build, " ")
	}
	return id
})

// keyMaterial is everything that determines a run's outputs, and nothing
// else: not the manifest's name, title, comments or key order, not the path
// of an initial-weights file (its values are in Init).
type keyMaterial struct {
	Schema int          `json:"schema"`
	Code   CodeIdentity `json:"code"`
	Params sim.Params   `json:"params"`
	Init   InitWeights  `json:"init"`
	Record Record       `json:"record"`
}

func (r *Run) keyMaterial(code CodeIdentity) keyMaterial {
	return keyMaterial{Schema: Schema, Code: code, Params: r.Params, Init: r.Init, Record: r.Settings.Record}
}

// key returns the run's cache key for code: the sha256 of its key material
// as JSON (struct fields in a fixed order, floats in shortest form).
func key(r *Run, code CodeIdentity) string {
	b, err := json.Marshal(r.keyMaterial(code))
	if err != nil {
		panic(err) // plain structs of numbers and strings always marshal
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// KeyMaterial returns what goes into the run's key, as indented JSON.
func (r *Run) KeyMaterial() string {
	b, _ := json.MarshalIndent(r.keyMaterial(codeIdentity()), "", "  ")
	return string(b)
}
