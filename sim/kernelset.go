package sim

import (
	"os"
	"strings"
)

// kernelSet names one implementation of the dense kernels (kernels.go,
// kernels_step.go, kernels_spectral.go). Every set computes the same bits:
// the choice changes the speed only.
type kernelSet int

const (
	kernelsGo     kernelSet = iota // portable Go, every architecture
	kernelsAVX2                    // amd64 with AVX2 and FMA (*_avx2_amd64.s)
	kernelsAVX512                  // amd64 with AVX-512F (*_amd64.s)
)

var kernelNames = [...]string{kernelsGo: "go", kernelsAVX2: "avx2", kernelsAVX512: "avx512"}

func (k kernelSet) String() string { return kernelNames[k] }

// kernels is the set this process uses: the fastest the CPU supports, less
// what GODEBUG switches off. Tests change it to compare the sets.
var kernels = chooseKernels(cpuKernels(), os.Getenv("GODEBUG"))

// Kernels names the kernels the simulation runs on: "avx512", "avx2" or
// "go". They give the same numbers; a run's record says which ran.
func Kernels() string { return kernels.String() }

// chooseKernels returns best, or a slower set if godebug switches off a CPU
// feature it needs, as Go's runtime reads GODEBUG for its own code (Go's
// switches reach only the standard library's kernels, not these):
// cpu.avx512f=off leaves AVX2; cpu.avx2=off, cpu.fma=off or cpu.all=off
// leave Go (the AVX-512 kernels need FMA too). Later settings override
// earlier ones; "on" cannot add what the CPU lacks.
func chooseKernels(best kernelSet, godebug string) kernelSet {
	off := map[string]bool{}
	for _, field := range strings.Split(godebug, ",") {
		key, value, ok := strings.Cut(strings.TrimSpace(field), "=")
		name, isCPU := strings.CutPrefix(key, "cpu.")
		if !ok || !isCPU || (value != "on" && value != "off") {
			continue
		}
		if name == "all" {
			for _, f := range []string{"avx512f", "avx2", "fma"} {
				off[f] = value == "off"
			}
			continue
		}
		off[name] = value == "off"
	}
	switch {
	case off["avx2"] || off["fma"]:
		return kernelsGo
	case best == kernelsAVX512 && off["avx512f"]:
		return kernelsAVX2
	}
	return best
}
