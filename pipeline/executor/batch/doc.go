// Package batch is the driver that every batch system's executor shares.
//
// A batch system (Slurm, PBS, LSF, a script for tests) implements System:
// submit an array of tasks, possibly after tasks of arrays submitted
// before (Dependency: all of them, Slurm's afterok, or task by task, its
// aftercorr), query which tasks are still queued, cancel. The driver does
// the rest, the same for every system:
//
//   - takes the runs already cached (printing their result lines) and
//     submits each missing key once, however many runs share it;
//   - refuses what would not fit on the results filesystem;
//   - writes a job directory per array, DIR/<system>/<date>-<time>-<random>/,
//     holding its task list (tasks.json, executor.TaskList), the tasks'
//     logs (task-<index>.log) and whatever the system writes there (a
//     batch script), and, while the job runs, a copy of this program, so
//     that rebuilding ringwave meanwhile changes nothing the tasks compute;
//   - waits: it asks the system which tasks are still queued, and for each
//     task that has left the queue looks in the cache. A task commits its
//     entry before it leaves the queue, so an entry that is missing then
//     means the task failed, unless the task's log has its result line:
//     then the entry is given visibleGrace to appear (NFS clients see a
//     new directory late);
//   - prints each run's result line (executor.ResultLine) as it lands, and
//     each failure with the task, its log and the log's last words.
//
// Chains. A run that starts from another run's weights ([init] from) must
// not start before that run's entry is in the cache, and a batch system
// runs what it is given whenever it likes. Execute therefore adds the
// upstream runs (manifest.WithUpstreams) and submits the missing ones in
// stages, one array each (chainStages): stage 0 the runs that start from
// no run or from a cached one, stage k+1 those whose upstream is in stage
// k. A stage waits for the one before through the system's dependencies,
// never through this process, so that -detach keeps the order:
//
//   - AfterSame (Slurm's aftercorr) when task i of the stage starts from
//     task i of the stage before, for every i. Each stage is ordered by
//     the one after it (its upstreams first, in that stage's order; from
//     the last stage back), so this holds whenever no two runs of a stage
//     start from the same run: the usual chain, a downstream without a
//     sweep of its own over an upstream sweep, even when some of its
//     upstreams are cached and their downstreams join stage 0. Each pair
//     runs as soon as its upstream is done, and a failed upstream task
//     holds back only its own downstream task.
//   - AfterAll (afterok) for any other mapping, typically a downstream
//     with its own sweep, several of whose tasks start from one upstream
//     task. Pairing those task by task would take one array per point of
//     the downstream's own sweep (or arrays with gaps in their indices);
//     one array per stage keeps the submission and its job directory
//     simple, at the price that one failed upstream task holds back the
//     whole stage. Rerunning the command submits what is still missing.
//
// Only the stage just before is ever waited for: a run's upstream is, by
// construction, in the stage before its own or already cached. A task
// whose dependency failed never runs (the System contract: Slurm's
// --kill-on-invalid-dep=yes); the wait then reports it as not run,
// naming the task it waited for, and, if that one did not run either,
// the task that failed first and its log. A task whose upstream has left
// the queue but is not yet settled (its entry may still become visible)
// is not judged before it is.
//
// Task i of an array runs Array.Command followed by i, which is
// "ringwave run-task TASKS.json", so a new batch system is one adapter
// (see package slurm) and one line in the list of executor kinds.
package batch
