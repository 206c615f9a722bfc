package executor

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"ringwave/pipeline/manifest"
	"ringwave/sim"
)

// checkMemory refuses a run this machine cannot hold, before anything is
// allocated or written. It is checked where a run is computed, not where it
// is resolved: path, status or a Slurm submission on a small login node
// must not refuse what a compute node can run.
func checkMemory(r *manifest.Run) error {
	if est, total := MemoryEstimate(r), availableMemory(); total > 0 && est > total {
		return r.ErrorAt("network.neurons", fmt.Sprintf(
			"needs about %.1f GiB of memory to simulate; this machine has %.1f GiB in all",
			float64(est)/(1<<30), float64(total)/(1<<30)))
	}
	return nil
}

// MemoryEstimate is the peak memory of a run in bytes: three copies of the
// weights (initial, working, a snapshot being written), the delay line, the
// write buffers and the Go runtime.
func MemoryEstimate(r *manifest.Run) int64 {
	n := int64(r.Params.Neurons)
	weights := 8 * int64(sim.WeightLen(r.Params.Model, int(n)))
	delayLine := 8 * n * int64(r.Params.Delay()+1)
	return 3*weights + delayLine + 64<<20
}

// availableMemory returns the machine's total memory in bytes (MemTotal of
// /proc/meminfo; 0 where unknown). Total, not free: a refusal must not depend
// on what else runs at the moment.
func availableMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
