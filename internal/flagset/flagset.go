// Package flagset is the command line's flag set: a flag.FlagSet that
// remembers the order its flags were defined in, so that a command's
// synopsis, generated from its flags, lists them in the order its author
// chose (flag.VisitAll sorts them by name).
package flagset

import (
	"flag"
	"io"
)

// A Set is a flag set whose errors are returned, not printed, and which
// records the order of its flags. Define flags through its own methods;
// one defined on the embedded FlagSet directly is missing from Names.
type Set struct {
	*flag.FlagSet
	order []string
}

// New returns an empty Set named name (the command).
func New(name string) *Set {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned and printed once, by the caller
	fs.Usage = func() {}     // -h is the caller's to answer
	return &Set{FlagSet: fs}
}

// Names returns the names of the flags in the order they were defined.
func (s *Set) Names() []string { return append([]string(nil), s.order...) }

// Form returns how flag name appears in a synopsis: "[-q]" for a boolean,
// "[-j N]" otherwise, N being the back-quoted word of its usage.
func (s *Set) Form(name string) string {
	f := s.Lookup(name)
	if f == nil {
		panic("flagset: no flag -" + name)
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return "[-" + name + "]"
	}
	word, _ := flag.UnquoteUsage(f)
	return "[-" + name + " " + word + "]"
}

func (s *Set) Var(v flag.Value, name, usage string) {
	s.FlagSet.Var(v, name, usage)
	s.order = append(s.order, name)
}

func (s *Set) BoolVar(p *bool, name string, value bool, usage string) {
	s.FlagSet.BoolVar(p, name, value, usage)
	s.order = append(s.order, name)
}

func (s *Set) Bool(name string, value bool, usage string) *bool {
	p := new(bool)
	s.BoolVar(p, name, value, usage)
	return p
}

func (s *Set) IntVar(p *int, name string, value int, usage string) {
	s.FlagSet.IntVar(p, name, value, usage)
	s.order = append(s.order, name)
}

func (s *Set) Int(name string, value int, usage string) *int {
	p := new(int)
	s.IntVar(p, name, value, usage)
	return p
}

func (s *Set) StringVar(p *string, name string, value string, usage string) {
	s.FlagSet.StringVar(p, name, value, usage)
	s.order = append(s.order, name)
}

func (s *Set) String(name string, value string, usage string) *string {
	p := new(string)
	s.StringVar(p, name, value, usage)
	return p
}
