package main

import (
	"fmt"
	"strings"

	"ringwave/internal/flagset"
)

// synopsis returns the usage lines of every command, aligned, a long form
// continued on indented lines.
func synopsis() string {
	var b strings.Builder
	for _, c := range commands {
		for _, s := range c.synopsis() {
			b.WriteString(flagset.FormLine(fmt.Sprintf("ringwave %-6s ", c.name), s))
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
	return []string{fs.Synopsis(c.operands)}
}

// usage is the head of `ringwave help CMD`: its synopsis and what it
// does, wrapped; its flags follow.
func (c command) usage() string {
	var b strings.Builder
	for i, s := range c.synopsis() {
		prefix := "usage: "
		if i > 0 {
			prefix = "       "
		}
		b.WriteString(flagset.FormLine(prefix+"ringwave "+c.name+" ", s))
	}
	b.WriteString("\n" + flagset.Wrap(c.name+" "+c.doc, 78) + "\n")
	return b.String()
}
