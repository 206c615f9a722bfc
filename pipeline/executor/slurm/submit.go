package slurm

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"ringwave/internal/safefile"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
	"strconv"
	"strings"
	"time"

	"github.com/google/renameio/v2"
)

// Executor computes runs on a Slurm cluster.
type Executor struct {
	Cache    cache.Cache
	Override Options   // from the command line: wins over the manifests' [slurm] tables
	Detach   bool      // return once the job is submitted
	Out      io.Writer // one result line per run, as the local executor prints them
	Log      io.Writer // the job's id and its progress
}

// Execute submits the runs that are not cached to Slurm. It prints the cached runs,
// submits one job array (sbatch) whose task i computes the i-th missing run
// into the cache, through the same per-entry locks as a local run, then
// waits for the job and prints each run's line as its entry appears. The
// results directory must be on a filesystem the nodes share.
//
// Everything a task needs is written under DIR/slurm/<submission>/: the
// task list, the batch script, a copy of this program (so that rebuilding
// ringwave meanwhile changes nothing the tasks compute), and the tasks'
// logs. A task that leaves Slurm's queue without its entry in the cache
// failed: its error names the Slurm task (JOBID_INDEX) and its log. Runs
// are never computed with Force; runs that share a key are computed once.
func (cfg Executor) Execute(ctx context.Context, runs []*manifest.Run) error {
	c := cfg.Cache
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	var (
		missing []*manifest.Run                // one run per missing key, in order: task i computes missing[i]
		sharing = map[string][]*manifest.Run{} // the runs of each missing key
		errs    []error
	)
	for _, r := range runs {
		if _, ok := sharing[r.Key]; ok {
			sharing[r.Key] = append(sharing[r.Key], r)
			continue
		}
		if _, state, _ := c.Lookup(r.Key); state == cache.Cached {
			if err := c.Link(r); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", r.Name, err))
				continue
			}
			fmt.Fprintf(cfg.Out, "%s  %.12s  cached  %s\n", r.Name, r.Key, c.EntryDir(r.Key))
			continue
		}
		sharing[r.Key] = []*manifest.Run{r}
		missing = append(missing, r)
	}
	if len(errs) > 0 || len(missing) == 0 {
		return errors.Join(errs...)
	}
	// The tasks write into this cache: refuse here what cannot fit there.
	if err := executor.CheckDisk(c, missing); err != nil {
		return err
	}
	opts, err := settings(missing, cfg.Override)
	if err != nil {
		return err
	}
	sbatch, err := exec.LookPath("sbatch")
	if err == nil && !cfg.Detach {
		_, err = exec.LookPath("squeue")
	}
	if err != nil {
		return fmt.Errorf("-executor slurm needs Slurm's sbatch and squeue on PATH: %w", err)
	}
	job, err := prepareJob(c, missing, opts)
	if err != nil {
		return err
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(sbatch, append(append([]string{"--parsable"}, opts.Options...), job.script())...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(job.Dir) // nothing was submitted
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			err = errors.New(msg)
		}
		return fmt.Errorf("submitting the job array: %w", err)
	}
	// --parsable prints "jobid" or "jobid;cluster".
	jobID, _, _ := strings.Cut(strings.TrimSpace(stdout.String()), ";")
	if _, err := strconv.Atoi(jobID); err != nil {
		return fmt.Errorf("sbatch printed %q, not a job id", stdout.String())
	}
	logs := filepath.Join(c.Dir, "slurm", filepath.Base(job.Dir)) // as the user named the results
	runsWord := "runs"
	if len(missing) == 1 {
		runsWord = "run"
	}
	msg := fmt.Sprintf("submitted slurm job %s: %d %s to compute; logs in %s\n", jobID, len(missing), runsWord, logs)
	if cfg.Detach {
		fmt.Fprint(cfg.Out, msg)
		return nil
	}
	fmt.Fprint(cfg.Log, msg)
	w := slurmWait{c: c, jobID: jobID, program: job.Program, logs: logs, tasks: missing, sharing: sharing, cfg: cfg}
	return w.wait(ctx)
}

// prepareJob writes the task list, the batch script and the copy of the
// program into a new DIR/slurm/<submission>/.
func prepareJob(c cache.Cache, missing []*manifest.Run, opts Options) (slurmJob, error) {
	list, err := executor.NewTaskList(c, missing)
	if err != nil {
		return slurmJob{}, err
	}
	dir := filepath.Join(list.Results, "slurm", time.Now().Format("20060102-150405")+"-"+randomSuffix())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return slurmJob{}, err
	}
	job := slurmJob{Dir: dir, Program: filepath.Join(dir, "ringwave"), Tasks: len(missing), Options: opts}
	err = copyProgram(job.Program)
	if err == nil {
		err = list.Write(job.taskList())
	}
	if err == nil {
		err = safefile.WriteFile(job.script(), []byte(job.batchScript()), 0o644)
	}
	if err != nil {
		os.RemoveAll(dir)
		return slurmJob{}, fmt.Errorf("preparing the job: %w", err)
	}
	return job, nil
}

// copyProgram copies the running executable to dst.
func copyProgram(dst string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	src, err := os.Open(self)
	if err != nil {
		return err
	}
	defer src.Close()
	f, err := renameio.TempFile(filepath.Dir(dst), dst)
	if err != nil {
		return err
	}
	defer f.Cleanup()
	if _, err := io.Copy(f, src); err != nil {
		return err
	}
	if err := f.Chmod(0o755); err != nil {
		return err
	}
	return f.CloseAtomicallyReplace()
}

func randomSuffix() string {
	var r [3]byte
	rand.Read(r[:])
	return hex.EncodeToString(r[:])
}
