// Package slurm is the executor for Slurm clusters, an adapter over the
// batch driver (package batch): `ringwave run -executor slurm` submits the
// runs that are not cached as one job array per stage of a chain (sbatch,
// a batch script per array, --dependency=aftercorr or afterok with
// --kill-on-invalid-dep=yes for the stages that wait for others), follows
// them with squeue and cancels with scancel; the driver does the rest.
// Resources come from the manifests' [slurm] table (Section) and the
// command line's flags (Kind); gc removes the directories of submissions
// whose runs are all cached.
package slurm
