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
// of the simulation and of the .npy writer, and the Go release.
//
// The simulation gives the same bits on amd64 (AVX-512, AVX2 or pure Go,
// any GOAMD64 level, with or without -tags purego) and arm64: it has its own
// exp, log, sin, FFT and normal numbers, no implicit fused multiply-add and
// one order of every reduction (sim's TestGoldenBits and
// TestNoImplicitFusedMultiplyAdd, `make test-arm64` under qemu). So a cache
// computed on one of them is a hit on the other. On any other architecture,
// where that is not proven, the architecture and the build settings that
// let the compiler choose other instructions are part of the identity.
type CodeIdentity struct {
	Sim   string `json:"sim"`
	Npy   string `json:"npy"`
	Go    string `json:"go"`
	Arch  string `json:"arch,omitempty"`
	Build string `json:"build,omitempty"`
}

// portable are the architectures proven to give the same bits.
var portable = map[string]bool{"amd64": true, "arm64": true}

// numericBuildSettings are the build settings that can change a float's last
// bit where that is not proven otherwise: the instruction-set level (FMA
// contraction) and build tags.
var numericBuildSettings = map[string]bool{
	"GOAMD64": true, "GOARM64": true, "GO386": true, "GOARM": true, "GOPPC64": true,
	"GORISCV64": true, "-tags": true,
}

// Code returns the identity of the code this program computes runs with.
func Code() CodeIdentity { return codeIdentity() }

var codeIdentity = sync.OnceValue(func() CodeIdentity {
	return identity(runtime.GOARCH)
})

func identity(arch string) CodeIdentity {
	id := CodeIdentity{Sim: sim.CodeHash(), Npy: npyfile.CodeHash(), Go: runtime.Version()}
	if portable[arch] {
		return id
	}
	id.Arch = arch
	if info, ok := debug.ReadBuildInfo(); ok {
		var build []string
		for _, s := range info.Settings {
			if numericBuildSettings[s.Key] {
				build = append(build, s.Key+"="+s.Value)
			}
		}
		id.Build = strings.Join(build, " ")
	}
	return id
}

// keyMaterial is everything that determines a run's outputs, and nothing
// else: not the manifest's name, title, comments or key order, not the path
// of an initial-weights file (its values are in Init), not the path or name
// of an upstream run (its key is in Init).
type keyMaterial struct {
	Schema int          `json:"schema"`
	Code   CodeIdentity `json:"code"`
	Params sim.Params   `json:"params"`
	Init   InitWeights  `json:"init"`
	Record Record       `json:"record"`
}

func (r *Run) keyMaterial(code CodeIdentity) keyMaterial {
	init := r.Init
	// An upstream run is its key: where its manifest is and what it is
	// called are not its numbers.
	init.UpstreamManifest, init.UpstreamRun = "", ""
	return keyMaterial{Schema: Schema, Code: code, Params: r.Params, Init: init, Record: r.Settings.Record}
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
