// Package slurm is the executor for Slurm clusters: `ringwave run -executor
// slurm` submits the runs that are not cached as one job array (sbatch),
// one task per run, each computing its run into the shared cache through
// executor.RunTask, then follows the job with squeue and prints each run's
// line as its entry appears. Resources come from the manifests' [slurm]
// table (Section) and the command line's flags (Kind); gc removes the
// directories of submissions whose runs are all cached.
package slurm
