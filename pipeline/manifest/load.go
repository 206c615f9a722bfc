package manifest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// LoadAll loads the manifests at paths and, ahead of each, the manifests it
// names as its reference and its upstream ([init] from), transitively, each
// once, so that running them in the returned order computes every
// dependency first. A cycle is an error that names every manifest in it. Two manifests may not share a name
// (their runs would share DIR/runs/<name>). Each is loaded with sections.
func LoadAll(paths []string, sections ...Section) ([]*Manifest, error) {
	var (
		order    []*Manifest
		byPath   = map[string]*Manifest{}
		visiting = map[string]bool{}
		stack    []string            // the paths being visited, outermost first
		failed   = map[string]bool{} // reported once, however many refer to it
		byName   = map[string]string{}
		errs     []error
	)
	// visit loads path, named by key how at line of manifest from ("" for
	// the command line).
	var visit func(path, from string, line int, how string) *Manifest
	visit = func(path, from string, line int, how string) *Manifest {
		abs, err := filepath.Abs(path)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if m, ok := byPath[abs]; ok {
			return m
		}
		if failed[abs] {
			return nil
		}
		if visiting[abs] {
			cycle := append(stack[slices.Index(stack, abs):], abs)
			errs = append(errs, &Error{File: from, Line: line, Key: how, Msg: "makes a cycle: " + strings.Join(relative(cycle), " → ")})
			return nil
		}
		visiting[abs] = true
		stack = append(stack, abs)
		defer func() { delete(visiting, abs); stack = stack[:len(stack)-1] }()
		m, err := Load(path, sections...)
		if err != nil {
			failed[abs] = true
			switch how {
			case "init.from":
				err = &Error{File: from, Line: line, Key: how, Err: err,
					Msg: fmt.Sprintf("names %s, which cannot be loaded: %v", path, err)}
			case "reference":
				err = fmt.Errorf("%w (the reference of %s)", err, from)
			}
			errs = append(errs, err)
			return nil
		}
		if m.Reference != "" {
			visit(m.Reference, path, m.lines["reference"], "reference")
		}
		if m.From != "" {
			if m.Upstream = visit(m.From, path, m.lines["init.from"], "init.from"); m.Upstream == nil {
				failed[abs] = true
				return nil
			}
		}
		if other, ok := byName[m.Name]; ok {
			errs = append(errs, &Error{File: path, Line: m.lines["name"], Key: "name",
				Msg: fmt.Sprintf("%q is also the name of %s", m.Name, other)})
			return nil
		}
		byName[m.Name] = path
		byPath[abs] = m
		order = append(order, m)
		return m
	}
	for _, p := range paths {
		if m := visit(p, "", 0, ""); m != nil {
			m.Requested = true
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return order, nil
}

// ExpandAll resolves the runs of every manifest, in order.
func ExpandAll(ms []*Manifest) ([]*Run, error) {
	var runs []*Run
	var errs []error
	for _, m := range ms {
		rs, err := Expand(m)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		runs = append(runs, rs...)
	}
	return runs, errors.Join(errs...)
}

// relative returns absolute paths relative to the working directory where
// that is shorter, for messages.
func relative(paths []string) []string {
	wd, _ := os.Getwd()
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p
		if rel, err := filepath.Rel(wd, p); err == nil && len(rel) < len(p) {
			out[i] = rel
		}
	}
	return out
}
