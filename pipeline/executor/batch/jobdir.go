package batch

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/google/renameio/v2"

	"ringwave/pipeline/cache"
	"ringwave/pipeline/executor"
	"ringwave/pipeline/manifest"
)

// The files of a job directory that the driver writes.
const (
	taskListName = "tasks.json"
	programName  = "ringwave" // the copy of the program, removed when the wait ends
)

func (e Executor) defaults() Executor {
	if e.Out == nil {
		e.Out = io.Discard
	}
	if e.Log == nil {
		e.Log = io.Discard
	}
	if e.clock.now == nil {
		e.clock = realClock
	}
	return e
}

// newJobDir makes DIR/<Name>/<date>-<time>-<random>/ (absolute) with the
// task list of runs and, if withProgram, a copy of this program.
func (e Executor) newJobDir(runs []*manifest.Run, withProgram bool) (string, error) {
	list, err := executor.NewTaskList(e.Cache, runs)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(list.Results, e.Name, time.Now().Format("20060102-150405")+"-"+randomSuffix())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if withProgram {
		err = copyProgram(filepath.Join(dir, programName))
	}
	if err == nil {
		err = list.Write(filepath.Join(dir, taskListName))
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("preparing the job: %w", err)
	}
	return dir, nil
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

// Prune is the gc pruner of a batch system's job directories
// (DIR/<name>/<submission>) all of whose runs are cached: their logs have
// nothing left to explain, and a task still queued would only find its
// run done. title names the system in gc's list ("Slurm").
func Prune(name, title string) cache.Pruner {
	return func(c cache.Cache) []cache.Garbage {
		dirs, _ := os.ReadDir(filepath.Join(c.Dir, name))
		var done []cache.Garbage
		for _, d := range dirs {
			path := filepath.Join(c.Dir, name, d.Name())
			list, ok := executor.ReadTaskList(filepath.Join(path, taskListName))
			if !ok {
				continue // not ours, or being written
			}
			finished := true
			for _, t := range list.Tasks {
				if !cache.ValidKey(t.Key) {
					finished = false
					break
				}
				if _, state, _ := c.Lookup(t.Key); state != cache.Cached {
					finished = false
					break
				}
			}
			if finished {
				done = append(done, cache.Garbage{Path: path, Why: "a " + title + " submission whose runs are all cached"})
			}
		}
		return done
	}
}
