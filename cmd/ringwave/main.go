// Command ringwave reproduces the ring-network experiments described by TOML
// manifests: it runs the simulations, keeps every output in a
// content-addressed cache, and renders reports.
//
// 'ringwave help' lists the commands, 'ringwave help COMMAND' describes one
// and its flags, and 'ringwave help manifest' lists every manifest key; the
// README has the rest. Results go under DIR (default "results"): DIR/cache/
// holds the entries, DIR/runs/NAME links to them by manifest name.
//
// Errors are printed as "ringwave: FILE:LINE: message" and exit with
// status 1; usage errors (and gc that would delete entries, without -f and
// without a terminal to ask) exit with status 2, an interrupted command
// with 130. One SIGINT, SIGTERM or SIGHUP ends any command within a second.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"ringwave/pipeline/manifest"
	_ "ringwave/report/analysis" // registers the measurements' area with the cache, for gc and verify
)

func main() {
	signals := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) { // a closed terminal stops a command as Ctrl-C does; under nohup it stays ignored
		signals = append(signals, syscall.SIGHUP)
	}
	ctx, stop := signal.NotifyContext(context.Background(), signals...)
	context.AfterFunc(ctx, func() {
		// After the first signal, the default action again: a second
		// Ctrl-C ends a command that is slow to notice the first. One
		// signal is all that kill, timeout or a batch system sends, so a
		// command that has not stopped within stopGrace (a system call
		// that ignores cancellation, a file being hashed) is ended here.
		// That is safe: the cache takes a killed process in its stride.
		stop()
		time.AfterFunc(stopGrace, func() {
			fmt.Fprintf(os.Stderr, "ringwave: interrupted; stopped after %v without finishing (the next run removes what was left)\n", stopGrace)
			os.Exit(130)
		})
	})
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	interrupted := ctx.Err() != nil
	stop()
	os.Exit(exitCode(err, interrupted, os.Stderr))
}

// stopGrace is how long a command may take to stop after a signal: every
// command stops within a second. The simulation notices within 256 steps,
// reports between pages, tables between runs, and an interrupted entry is
// removed in milliseconds, so only a blocked command (a file being hashed,
// a system call that ignores cancellation) reaches it; what it leaves is
// what kill -9 leaves, which the cache and the atomic writes take in
// their stride.
const stopGrace = 800 * time.Millisecond

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errHelp is returned after -h printed a command's usage: exit status 0.
var errHelp = errors.New("help printed")

func exitCode(err error, interrupted bool, stderr io.Writer) int {
	if errors.Is(err, errHelp) {
		return 0
	}
	if interrupted || errors.Is(err, context.Canceled) { // even if it finished meanwhile: a signal was not obeyed
		fmt.Fprintln(stderr, "ringwave: interrupted; nothing partial was kept")
		return 130
	}
	if err == nil {
		return 0
	}
	var u usageError
	if errors.As(err, &u) { // the message, then the usage text as it is
		first, rest, _ := strings.Cut(u.msg, "\n")
		fmt.Fprintln(stderr, "ringwave: "+strings.TrimPrefix(first, "ringwave "))
		if rest != "" {
			fmt.Fprintln(stderr, rest)
		}
		return 2
	}
	for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
		if strings.HasPrefix(line, "    ") { // the source line and caret of a syntax error
			fmt.Fprintln(stderr, line)
			continue
		}
		fmt.Fprintln(stderr, "ringwave: "+line)
	}
	return 1
}

// run is the whole command, for main and for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"no command given\n" + usage()}
	}
	name, args := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "run-task": // one task of a batch job (run -executor slurm)
		if len(args) != 2 {
			return usageError{"usage: ringwave run-task TASKS.json INDEX (run by a batch system's job)"}
		}
		return runTask(ctx, args[0], args[1], stdout, stderr)
	}
	c, ok := lookup(name)
	if !ok {
		return usageError{fmt.Sprintf("unknown command %q\n%s", name, usage())}
	}
	return c.exec(ctx, args, stdout, stderr)
}

// cmdHelp prints the usage, a command's, or the manifest keys.
func cmdHelp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	switch {
	case len(args) == 0:
		fmt.Fprintln(stdout, usage())
		return nil
	case len(args) > 1:
		return usageError{"ringwave help: one topic at a time\n" + usage()}
	case args[0] == "manifest":
		fmt.Fprint(stdout, manifestHelp())
		return nil
	case args[0] == "help":
		c, _ := lookup("help")
		fmt.Fprint(stdout, c.usage())
		return nil
	}
	if _, ok := lookup(args[0]); !ok {
		return usageError{fmt.Sprintf("ringwave help: unknown command %q\n%s", args[0], usage())}
	}
	return run(ctx, []string{args[0], "-h"}, stdout, stderr)
}

// manifestHelp is `ringwave help manifest`: the manifest language, as
// package manifest describes it.
func manifestHelp() string {
	return `A manifest describes one experiment; every key but name is optional and
defaults to the notebook's value. Unknown keys are errors.

` + manifest.Language()
}
