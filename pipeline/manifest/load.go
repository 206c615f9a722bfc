package manifest

import (
	"errors"
	"fmt"
	"path/filepath"
)

// LoadAll loads the manifests at paths and, ahead of each, the manifests it
// names as its reference, each once, so that running them in the returned
// order computes every dependency first. Two manifests may not share a name
// (their runs would share DIR/runs/<name>). Each is loaded with sections.
func LoadAll(paths []string, sections ...Section) ([]*Manifest, error) {
	var (
		order    []*Manifest
		byPath   = map[string]*Manifest{}
		visiting = map[string]bool{}
		failed   = map[string]bool{} // reported once, however many refer to it
		byName   = map[string]string{}
		errs     []error
	)
	var visit func(path, from string) *Manifest
	visit = func(path, from string) *Manifest {
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
			errs = append(errs, &Error{File: from, Key: "reference", Msg: fmt.Sprintf("makes a cycle through %s", path)})
			return nil
		}
		visiting[abs] = true
		defer delete(visiting, abs)
		m, err := Load(path, sections...)
		if err != nil {
			failed[abs] = true
			if from != "" {
				err = fmt.Errorf("%w (the reference of %s)", err, from)
			}
			errs = append(errs, err)
			return nil
		}
		if m.Reference != "" {
			visit(m.Reference, path)
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
		if m := visit(p, ""); m != nil {
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
