// Package executor computes runs into the cache.
//
// An Executor takes a list of runs and makes sure each is cached, printing
// one line per run as it lands (ResultLine, written and read only here).
// Local computes in this process with package sim, -j runs at a time,
// under the cache's per-entry locks. A batch system is an adapter over the
// batch driver (subpackage batch; slurm is one): the driver writes a
// TaskList, the system's nodes run "ringwave run-task TASKS.json INDEX"
// (RunTask, the local executor on one run), and the driver waits. Each
// executor is declared as a Kind: its name for -executor, its flags, its
// manifest table and what gc may prune; package kinds lists them.
//
// Runs are refused before anything is written when they cannot be
// computed here: a run needing more memory than the machine has
// (MemoryEstimate), or runs whose files would not fit in the space free on
// the results filesystem (DiskEstimate, exact for the .npy files; checked
// for all the runs to compute at once, and again as each starts). Local
// first removes the pending entries of killed runs.
package executor
