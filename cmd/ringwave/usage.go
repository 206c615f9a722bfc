package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// A command is one verb of ringwave: its synopsis (the arguments after its
// name, one line per form) and what it does. The usage, `ringwave help CMD`,
// `ringwave CMD -h` and README's list of commands are all made from this
// table (a test keeps README in step).
type command struct {
	name     string
	synopsis []string
	doc      string
	run      func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands []command // filled by init: the commands' functions print the usage

func init() {
	commands = []command{
		{"run", []string{
			"[-results DIR] [-j N] [-force] [-q] MANIFEST...",
			"[-results DIR] -executor slurm [-detach] [-partition P] [-time T] [-cpus-per-task N] [-mem M] [-slurm-opts \"...\"] MANIFEST...",
		}, `computes every run of the manifests (and of the manifests they name as reference) that is not cached or whose files changed since they were computed, and prints one line per run: its name, short key, "cached" or "computed", and its directory. A run already being computed by another process is waited for, not computed twice. Runs whose files would not fit on the results filesystem are refused before anything is written, with the bytes needed and free. It first removes what killed runs left in DIR/cache/tmp. Long runs show a progress bar on a terminal and otherwise a line when they start and every 10 s; -q silences them. With -executor slurm the runs not cached are submitted as one Slurm job array into the same cache, which must be on a filesystem the nodes share (see README, "Running on a Slurm cluster").`, cmdRun},
		{"path", []string{"[-results DIR] MANIFEST..."},
			`prints the cache directory of each run, in sweep order, whether or not it exists yet. It computes nothing.`, cmdPath},
		{"status", []string{"[-results DIR] [-v] MANIFEST..."},
			`prints, for each run, whether it is cached, missing or corrupt (and why), and its key, then how many runs are to compute and the bytes they will write; -v also prints each run's size on disk by file and what goes into its key.`, cmdStatus},
		{"verify", []string{"[-results DIR] [-recompute N] [MANIFEST...]"},
			`re-hashes every file of every cache entry and compares with its run.json; a corrupt entry (a damaged file, or an entry that is a symlink or a file) is moved to DIR/cache/quarantine so that the next run recomputes it. It checks every entry, and exits with status 1 if any was corrupt or could not be moved. With -recompute N it also recomputes N cached runs of the given manifests and checks that they come out bit for bit the same.`, cmdVerify},
		{"gc", []string{"[-results DIR] [-dry-run] [-f] MANIFEST..."},
			`removes the cache entries that no run of the given manifests uses (and their links under DIR/runs), the temporary directories of interrupted runs, the quarantine, and what executors left that is no longer needed (Slurm submissions whose runs are all cached). It first lists the entries it would delete by the manifest that last used them, with their number and size, and asks on a terminal; without a terminal it deletes entries only with -f, and otherwise exits with status 2 having removed nothing. -dry-run only lists what it would remove. A failure to remove anything is an error (status 1).`, cmdGC},
		{"export", []string{"[-results DIR] [-o FILE.npz] MANIFEST..."},
			`writes computed runs as NumPy .npz files for colleagues without ringwave: one per run at DIR/exports/NAME.npz (DIR/exports/NAME/POINT.npz in a sweep), or, with -o, all runs of the manifests (not their references) in one file, their members prefixed by what tells them apart ("dynamics.lambda=10/weights"). It computes nothing: a run not in the cache is an error, and nothing is written. Every array is checked against its sha256 as it is copied, and the files are written all or none.`, cmdExport},
		{"table", []string{"[-results DIR] [-format text|csv|json] [-sort COLUMN] MANIFEST..."},
			`prints one row per run of the manifests: its name, sweep point, status and key, each swept key (by its dotted name), the main parameters, and the run's measurements (kernel_peak, kernel_peak_offset, zero_crossings, decay_rate, theory_rel_diff, steady_rel_diff, weights_drift, settled, regime, …; README lists every column). Text shows the run, its swept keys and the main measurements; csv (for pandas.read_csv) and json have every column. Measurements are computed once per run and kept in DIR/analysis. It computes no simulation: a run not cached shows as missing, with the command that computes it.`, cmdTable},
		{"report", []string{"[-results DIR] [-o DIR] [-echarts FILE] [-prune] MANIFEST..."},
			`renders the pages of each manifest into DIR/reports (or -o DIR) from the cached runs: one page per manifest, or for a sweep a summary (every measurement against each swept key, with theory) and a page per point; and index.html, which lists every manifest ever reported there, with outcomes, until -prune deletes the pages of manifests that no longer exist. It copies the pinned echarts.min.js beside them so that they work offline. Every array read is checked against its sha256. Runs not computed yet, or whose files changed since, get a notice, and report then exits with status 1 after writing every page.`, cmdReport},
		dagCommand(),
		{"help", []string{"[COMMAND | manifest]"},
			`prints the usage, a command's usage and flags, or every manifest key with its default, unit and meaning.`, cmdHelp},
	}
}

// synopsis returns the usage lines of every command, aligned, a long form
// continued on indented lines.
func synopsis() string {
	var b strings.Builder
	for _, c := range commands {
		for _, s := range c.synopsis {
			b.WriteString(formLine(fmt.Sprintf("ringwave %-6s ", c.name), s))
		}
	}
	return b.String()
}

// usage is what `ringwave help` and a usage error print.
func usage() string {
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, line := range strings.Split(strings.TrimSpace(synopsis()), "\n") {
		b.WriteString("  " + line + "\n")
	}
	b.WriteString("Run 'ringwave help COMMAND' for a command's flags, 'ringwave help manifest' for the manifest keys; README.md has the rest.")
	return b.String()
}

// lookup returns the command named name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// commandUsage is the head of `ringwave help CMD`: its synopsis and what it
// does, wrapped; its flags follow.
func (c command) usage() string {
	var b strings.Builder
	for i, s := range c.synopsis {
		prefix := "usage: "
		if i > 0 {
			prefix = "       "
		}
		b.WriteString(formLine(prefix+"ringwave "+c.name+" ", s))
	}
	b.WriteString("\n" + wrap(c.name+" "+c.doc, 78) + "\n")
	return b.String()
}

// formLine returns a synopsis line, its arguments continued on lines
// indented under the first, none longer than 80 characters.
func formLine(head, args string) string {
	indent := "\n" + strings.Repeat(" ", len(head))
	return head + strings.ReplaceAll(wrapWords(synopsisWords(args), 80-len(head)), "\n", indent) + "\n"
}

// synopsisWords splits a synopsis at spaces outside brackets and quotes, so
// that "[-time T]" stays on one line.
func synopsisWords(s string) []string {
	var words []string
	depth, quoted, start := 0, false, 0
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == '[' && !quoted:
			depth++
		case r == ']' && !quoted:
			depth--
		case r == ' ' && depth == 0 && !quoted:
			if i > start {
				words = append(words, s[start:i])
			}
			start = i + 1
		}
	}
	return append(words, s[start:])
}

// wrap breaks text into lines of at most width characters.
func wrap(text string, width int) string { return wrapWords(strings.Fields(text), width) }

func wrapWords(words []string, width int) string {
	var b strings.Builder
	line := 0
	for i, w := range words {
		if i > 0 && line+1+len(w) > width {
			b.WriteByte('\n')
			line = 0
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}
