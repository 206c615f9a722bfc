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
// Task i of an array runs Array.Command followed by i, which is
// "ringwave run-task TASKS.json", so a new batch system is one adapter
// (see package slurm) and one line in the list of executor kinds.
package batch
