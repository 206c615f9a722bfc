package manifest

import "github.com/BurntSushi/toml"

// A Section is a table of manifests that another package owns and reads:
// [slurm] belongs to the Slurm executor. Load checks its keys with the
// manifest's other keys (an unknown one is reported with its line and a
// "did you mean"), decodes it with Decode and keeps the value, which the
// owner reads back with Manifest.Section. Its keys are not part of any
// run's key: a section says where or how runs are computed, never what.
type Section struct {
	Name string   // the table, "slurm"
	Keys []string // its keys
	// Decode decodes the table (md.IsDefined(Name, key) says whether a key
	// was written) and returns its value and the problems of its values.
	// It is called for every manifest, with table == nil when the manifest
	// has none.
	Decode func(md toml.MetaData, table *toml.Primitive) (any, []Problem)
}

// A Problem is a bad value of one key of a Section.
type Problem struct{ Key, Msg string }

// Section returns the decoded value of the named section's table (see
// Section.Decode), nil if Load was not given that section.
func (m *Manifest) Section(name string) any { return m.sections[name] }

// decodeSections decodes the tables of sections in the document src.
func (m *Manifest) decodeSections(src string, sections []Section) []error {
	var doc map[string]toml.Primitive
	md, err := toml.Decode(src, &doc)
	if err != nil {
		return []error{m.decodeError(err, src)} // not reached: the document was decoded once already
	}
	var errs []error
	for _, s := range sections {
		var table *toml.Primitive
		if p, ok := doc[s.Name]; ok {
			table = &p
		}
		v, problems := s.Decode(md, table)
		for _, p := range problems {
			key := s.Name + "." + p.Key
			errs = append(errs, &Error{File: m.Path, Line: m.lines[key], Key: key, Msg: p.Msg})
		}
		m.sections[s.Name] = v
	}
	return errs
}
