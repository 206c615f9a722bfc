package flagset

import "strings"

// Synopsis returns the set's flags in the order they were defined, each
// as Form writes it, then operands ("MANIFEST...").
func (s *Set) Synopsis(operands string) string {
	var words []string
	for _, f := range s.order {
		words = append(words, s.Form(f))
	}
	return strings.Join(append(words, operands), " ")
}

// FormLine returns a synopsis line, its arguments continued on lines
// indented under the first, none longer than 80 characters.
func FormLine(head, args string) string {
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

// Wrap breaks text into lines of at most width characters.
func Wrap(text string, width int) string { return wrapWords(strings.Fields(text), width) }

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
