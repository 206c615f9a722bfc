package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"ringwave/internal/flagset"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// dagNode is one manifest of the graph and the state of its runs.
type dagNode struct {
	m                          *manifest.Manifest
	runs, cached, missing, bad int
	waiting                    int // missing runs whose upstream is missing too
}

func dagFlags(fs *flagset.Set, results *string) action {
	format := fs.String("format", "text", "`text|dot`")
	return func(_ context.Context, paths []string, stdout, stderr io.Writer) error {
		if *format != "text" && *format != "dot" {
			return usageError{fmt.Sprintf("ringwave dag: -format must be text or dot (got %q)", *format)}
		}
		ms, runs, err := load("dag", paths, true)
		if err != nil {
			return err
		}
		return dag(stdout, cache.Cache{Dir: *results}, ms, runs, *format)
	}
}

// dag prints the graph of ms, with the state of their runs in c.
func dag(stdout io.Writer, c cache.Cache, ms []*manifest.Manifest, runs []*manifest.Run, format string) error {
	nodes := map[*manifest.Manifest]*dagNode{}
	for _, m := range ms {
		nodes[m] = &dagNode{m: m}
	}
	for _, r := range runs {
		n := nodes[r.Manifest]
		n.runs++
		switch _, state, _ := c.Lookup(r.Key); state {
		case cache.Cached:
			n.cached++
		case cache.Corrupt:
			n.bad++
		default:
			n.missing++
		}
		if c.UpstreamMissing(r) != nil {
			n.waiting++
		}
	}
	if format == "dot" {
		return writeDot(stdout, ms, nodes)
	}
	for _, m := range ms { // LoadAll's order: every manifest after those it needs
		n := nodes[m]
		fmt.Fprintf(stdout, "%s  %s  %s", m.Path, m.Name, n.counts())
		if m.Upstream != nil {
			fmt.Fprintf(stdout, "  from %s", m.Upstream.Path)
		}
		if m.Reference != "" {
			fmt.Fprintf(stdout, "  reference %s", m.Reference)
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

// counts says how many runs are cached and missing.
func (n *dagNode) counts() string {
	s := fmt.Sprintf("%d runs: %d cached, %d missing", n.runs, n.cached, n.missing)
	if n.bad > 0 {
		s += fmt.Sprintf(", %d corrupt", n.bad)
	}
	if n.waiting > 0 {
		s += fmt.Sprintf(" (%d wait for their upstream)", n.waiting)
	}
	return s
}

// writeDot writes the graph in Graphviz's DOT language. Nodes are named
// by manifest name, unique among the manifests loaded together.
func writeDot(w io.Writer, ms []*manifest.Manifest, nodes map[*manifest.Manifest]*dagNode) error {
	var b strings.Builder
	b.WriteString("digraph ringwave {\n\trankdir=LR;\n\tnode [shape=box, fontname=\"Helvetica\"];\n")
	for _, m := range ms {
		n := nodes[m]
		color := "palegreen"
		if n.missing+n.bad > 0 {
			color = "lightgoldenrod1"
		}
		fmt.Fprintf(&b, "\t%s [label=%s, style=filled, fillcolor=%s];\n",
			dotID(m.Name), dotID(m.Name+"\n"+m.Path+"\n"+n.counts()), color)
	}
	for _, m := range ms {
		if m.Upstream != nil {
			fmt.Fprintf(&b, "\t%s -> %s [label=\"init.from\"];\n", dotID(m.Upstream.Name), dotID(m.Name))
		}
		for _, o := range ms {
			if m.Reference != "" && sameFile(o.Path, m.Reference) {
				fmt.Fprintf(&b, "\t%s -> %s [label=\"reference\", style=dashed];\n", dotID(o.Name), dotID(m.Name))
			}
		}
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// dotID quotes s as a DOT identifier: a double-quoted string, in which
// only '"' and '\' need escaping; a newline is DOT's centred line break.
func dotID(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// sameFile reports whether two manifest paths name the same file.
func sameFile(a, b string) bool {
	x, errA := filepath.Abs(a)
	y, errB := filepath.Abs(b)
	return errA == nil && errB == nil && x == y
}
