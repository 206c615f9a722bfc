package slurm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"ringwave/internal/safefile"

	"ringwave/pipeline/executor/batch"
)

// system is Slurm as the batch driver uses it: sbatch, squeue and scancel.
type system struct {
	override Options // from the command line: wins over the manifests' [slurm] tables
}

// Submit writes the array's batch script, job.sh, into its directory and
// submits it with sbatch. The manifests' [slurm] tables and the command
// line decide the resources (settings).
func (s system) Submit(_ context.Context, a batch.Array) (string, error) {
	opts, err := settings(a.Runs, s.override)
	if err != nil {
		return "", err
	}
	sbatch, err := exec.LookPath("sbatch")
	if err == nil && a.Follow {
		_, err = exec.LookPath("squeue")
	}
	if err != nil {
		return "", fmt.Errorf("-executor slurm needs Slurm's sbatch and squeue on PATH: %w", err)
	}
	job := slurmJob{Array: a, Options: opts}
	script := filepath.Join(a.Dir, "job.sh")
	if err := safefile.WriteFile(script, []byte(job.batchScript()), 0o644); err != nil { // beside it, never in $TMPDIR
		return "", fmt.Errorf("preparing the job: %w", err)
	}
	// Not cancelled with ctx: an sbatch killed midway may have submitted
	// a job that nobody would then know of.
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(sbatch, append(append([]string{"--parsable"}, opts.Options...), script)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			err = errors.New(msg)
		}
		return "", fmt.Errorf("submitting the job array: %w", err)
	}
	// --parsable prints "jobid" or "jobid;cluster".
	jobID, _, _ := strings.Cut(strings.TrimSpace(stdout.String()), ";")
	if _, err := strconv.Atoi(jobID); err != nil {
		return "", fmt.Errorf("sbatch printed %q, not a job id", stdout.String())
	}
	return jobID, nil
}

// Query returns the state of each task of the job still in Slurm's queue
// (pending, running, completing), by array index, with the reason when it
// waits.
func (system) Query(ctx context.Context, job string) (map[int]string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "squeue", "--noheader", "--array", "--jobs", job, "--format", "%K|%T|%r")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "Invalid job id") {
			return map[int]string{}, nil // forgotten by the controller: no task is left
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("asking Slurm about job %s: squeue: %s", job, msg)
	}
	return parseQueue(stdout.String()), nil
}

// Cancel cancels the job's tasks still queued.
func (system) Cancel(ctx context.Context, job string) error {
	out, err := exec.CommandContext(ctx, "scancel", job).CombinedOutput()
	if err != nil {
		if msg := strings.TrimSpace(string(out)); msg != "" {
			err = errors.New(msg)
		}
		return fmt.Errorf("scancel %s: %w", job, err)
	}
	return nil
}

// parseQueue reads squeue's "%K|%T|%r" lines.
func parseQueue(out string) map[int]string {
	queue := map[int]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.SplitN(line, "|", 3)
		i, err := strconv.Atoi(f[0])
		if len(f) != 3 || err != nil {
			continue
		}
		state := strings.ToLower(f[1])
		if reason := f[2]; state == "pending" && reason != "None" && reason != "" {
			state += " (" + reason + ")"
		}
		queue[i] = state
	}
	return queue
}
