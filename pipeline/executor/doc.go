// Package executor computes runs into the cache.
//
// An Executor takes a list of runs and makes sure each is cached, printing
// one line per run as it lands. Local computes in this process with package
// sim, -j runs at a time, under the cache's per-entry locks. A batch system
// is another Executor in a subpackage (slurm): it writes a TaskList, has its
// nodes run "ringwave run-task TASKS.json INDEX" (RunTask, the local
// executor on one run), and waits. Each executor is declared as a Kind: its
// name for -executor, its flags, its manifest table and what gc may prune.
package executor
