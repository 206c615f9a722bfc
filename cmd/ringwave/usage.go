package main

import (
	"fmt"
	"strings"
)

// synopsis returns the usage lines of every command, aligned, a long form
// continued on indented lines.
func synopsis() string {
	var b strings.Builder
	for _, c := range commands {
		for _, s := range c.synopsis() {
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

// synopsis returns the command's forms, each its flags (from its flag
// set, in the order they are defined) and its operands.
func (c command) synopsis() []string {
	if c.flags == nil {
		return []string{c.operands}
	}
	fs, results := newFlags(c.name)
	if c.forms != nil {
		return c.forms(fs, c.operands)
	}
	c.flags(fs, results)
	var words []string
	for _, f := range fs.Names() {
		words = append(words, fs.Form(f))
	}
	return []string{strings.Join(append(words, c.operands), " ")}
}

// commandUsage is the head of `ringwave help CMD`: its synopsis and what it
// does, wrapped; its flags follow.
func (c command) usage() string {
	var b strings.Builder
	for i, s := range c.synopsis() {
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
