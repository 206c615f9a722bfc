package manifest

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"ringwave/internal/safefile"
)

// A Manifest is one experiment file: a base set of Settings and an optional
// sweep over some of them.
type Manifest struct {
	Path        string // as given on the command line
	Name        string
	Title       string
	Description string
	Reference   string // path of the manifest this one is compared against, or ""
	Requested   bool   // named on the command line, not only as a reference or upstream (LoadAll)

	// From is the path of the upstream manifest ([init] from, joined to
	// this one's directory), or "": each run starts from the final weights
	// of a run of Upstream, which LoadAll loads (see Expand).
	From     string
	Upstream *Manifest

	Base  Settings
	Sweep []Axis // in the order of the file
	Laws  []Law  // its [[law]] tables, in order (see Law)

	sections map[string]any  // decoded tables of other packages (see Section), by name
	given    map[string]bool // settings keys written in the file
	lines    map[string]int  // line of each key, where the scanner found it
	loaded   []Section       // the sections it was loaded with, to load its upstream alike
}

// An Axis of a sweep: every value of Key is combined with every value of the
// other axes.
type Axis struct {
	Key    string
	Values []any
}

// manifestFile is the TOML document.
type manifestFile struct {
	Name        string         `toml:"name"`
	Title       string         `toml:"title"`
	Description string         `toml:"description"`
	Reference   string         `toml:"reference"`
	Sweep       map[string]any `toml:"sweep"`
	Law         []lawFile      `toml:"law"`
	Settings
}

// Error is a problem with a manifest. It prints as FILE:LINE: KEY MSG, the
// line and key where known.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
	Err  error // the cause, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + " ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// maxManifest bounds what Load reads: a manifest of a sweep of thousands
// of values is a few hundred KiB, and a path such as /dev/zero, or a large
// file named by mistake, must not be read without end.
const maxManifest = 4 << 20

// MaxName bounds a manifest's name, and MaxLabel the label of a sweep
// point (see Run.PathLabel), in bytes: each is one element of a path, which
// may have 255 bytes, and ringwave adds up to 5 (".html") and the
// temporary names of atomic writes up to 20 more. The rest is margin.
const (
	MaxName  = 200
	MaxLabel = 200
)

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// Load reads and checks a manifest, and the tables of sections in it.
// Every problem found is reported, one *Error per line, joined.
func Load(path string, sections ...Section) (*Manifest, error) {
	src, err := safefile.ReadFile(path, maxManifest)
	if err != nil {
		msg := err.Error()
		var (
			perr *fs.PathError
			nreg *safefile.NotRegularError
			big  *safefile.TooLargeError
		)
		switch {
		case errors.As(err, &perr):
			msg = perr.Err.Error()
		case errors.As(err, &nreg):
			msg = "it is " + nreg.Kind() + ", not a regular file"
		case errors.As(err, &big):
			msg = fmt.Sprintf("it has %d bytes or more; a manifest has at most %d", big.Size, big.Limit)
		}
		return nil, &Error{File: path, Msg: "cannot read manifest: " + msg, Err: err}
	}
	m := &Manifest{Path: path, lines: keyLines(string(src)), given: map[string]bool{}, sections: map[string]any{}, loaded: sections}
	f := manifestFile{Settings: DefaultSettings()}
	md, err := toml.Decode(string(src), &f)
	if err != nil {
		return nil, m.decodeError(err, string(src))
	}
	var errs []error
	fail := func(key, format string, args ...any) {
		errs = append(errs, &Error{File: path, Line: m.lines[key], Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	known := append(topKeyNames(), settingKeys()...)
	owned := map[string]bool{} // tables of sections
	for _, s := range sections {
		owned[s.Name] = true
		for _, k := range s.Keys {
			known = append(known, s.Name+"."+k)
		}
	}
	unknownTables := map[string]bool{}
	for _, k := range md.Undecoded() {
		key := strings.Join(k, ".")
		if len(k) > 1 && unknownTables[k[0]] {
			continue // reported with its table
		}
		switch {
		case len(k) > 2 && k[0] == "sweep":
			fail(key, "needs quotes in [sweep]: write \"%s\" = [...]", strings.Join(k[1:], "."))
		case owned[k[0]] && (len(k) == 1 && md.Type(k...) == "Hash" || len(k) == 2 && slices.Contains(known, key)):
			// decoded by its section (decodeSections)
		case len(k) == 1 && (isTable(key) || owned[key]):
			fail(key, "must be a table ([%s])", key)
		case len(k) == 1 && md.Type(k...) == "Hash":
			unknownTables[key] = true
			fail(key, "is not a manifest table%s", Suggest(key, tables(sections)))
		default:
			fail(key, "is not a manifest key%s", Suggest(key, known))
		}
	}
	m.Name, m.Title, m.Description, m.Base = f.Name, f.Title, f.Description, f.Settings
	errs = append(errs, m.decodeLaws(string(src), f.Law)...)
	if len(sections) > 0 && len(errs) == 0 {
		errs = append(errs, m.decodeSections(string(src), sections)...)
	}
	switch {
	case !md.IsDefined("name"):
		fail("name", "is required (e.g. name = %q)", strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	case !nameRE.MatchString(f.Name):
		fail("name", "must be letters, digits, '_', '-' or '.' (got %q)", f.Name)
	case len(f.Name) > MaxName:
		fail("name", "must be at most %d bytes (got %d): it names files such as results/reports/NAME.html, and a file name has at most 255", MaxName, len(f.Name))
	case strings.EqualFold(f.Name, "index"):
		fail("name", "%q is taken: the reports' index is results/reports/index.html; choose another name", f.Name)
	}
	if m.Reference = f.Reference; m.Reference != "" && !filepath.IsAbs(m.Reference) {
		m.Reference = filepath.Join(filepath.Dir(path), m.Reference)
	}
	for _, key := range settingKeys() {
		m.given[key] = md.IsDefined(strings.Split(key, ".")...)
	}
	errs = append(errs, m.checkFrom(f.Init.From, f.Sweep)...)
	seen := map[string]bool{}
	for _, k := range md.Keys() {
		if len(k) != 2 || k[0] != "sweep" || seen[k[1]] {
			continue
		}
		key := k[1]
		seen[key] = true
		line := m.lines["sweep."+key]
		values, ok := f.Sweep[key].([]any)
		switch {
		case !ok:
			errs = append(errs, &Error{File: path, Line: line, Key: "sweep." + key, Msg: "must be a list of values, e.g. [1.0, 2.0]"})
			continue
		case len(values) == 0:
			errs = append(errs, &Error{File: path, Line: line, Key: "sweep." + key, Msg: "must list at least one value"})
			continue
		}
		if err := checkSweepValues(m.Base, key, values); err != nil {
			errs = append(errs, &Error{File: path, Line: line, Key: "sweep." + key, Msg: err.Error()})
		}
		m.Sweep = append(m.Sweep, Axis{Key: key, Values: values})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

// isTable reports whether key names a table of the manifest's own
// ([network], …).
func isTable(key string) bool {
	return slices.Contains(tables(nil), key)
}

// tables lists the manifest's tables, its own and those of sections.
func tables(sections []Section) []string {
	seen := map[string]bool{"sweep": true}
	list := []string{"sweep"}
	for _, s := range sections {
		seen[s.Name] = true
		list = append(list, s.Name)
	}
	for _, k := range settingKeys() {
		if t, _, ok := strings.Cut(k, "."); ok && !seen[t] {
			seen[t] = true
			list = append(list, t)
		}
	}
	return list
}

var typeErrRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

// decodeError turns the TOML decoder's errors into FILE:LINE: messages, with
// the offending line and a caret for syntax errors.
func (m *Manifest) decodeError(err error, src string) error {
	var perr toml.ParseError
	if errors.As(err, &perr) {
		pos := perr.Position
		msg := perr.Message
		if perr.Usage != "" {
			msg += " (" + strings.TrimSpace(strings.SplitN(perr.Usage, "\n", 2)[0]) + ")"
		}
		lines := strings.Split(src, "\n")
		if start := pos.Start; start > 0 && start <= len(src) {
			// The line and column of the offending byte; for an unexpected
			// end of line that is the end of the line it ends.
			pos.Line = strings.Count(src[:start], "\n") + 1
			pos.Col = start - strings.LastIndexByte(src[:start], '\n')
		}
		e := &Error{File: m.Path, Line: pos.Line, Msg: "syntax error: " + msg, Err: err}
		if pos.Line > 0 && pos.Line <= len(lines) {
			e.Msg += "\n    " + lines[pos.Line-1]
			if pos.Col > 0 {
				e.Msg += "\n    " + strings.Repeat(" ", pos.Col-1) + "^"
			}
		}
		return e
	}
	if sub := typeErrRE.FindStringSubmatch(err.Error()); sub != nil {
		line, _ := strconv.Atoi(sub[1])
		msg := strings.Replace(sub[3], "incompatible types: TOML value has type", "has the wrong type: TOML", 1)
		return &Error{File: m.Path, Line: line, Key: strings.Trim(sub[2], `"`), Msg: msg, Err: err}
	}
	return &Error{File: m.Path, Msg: strings.TrimPrefix(err.Error(), "toml: "), Err: err}
}

// keyLines finds the line of each dotted key in a TOML document. It knows
// only the forms manifests use ([table] headers, key = value, quoted keys);
// a key it misses is reported without a line.
func keyLines(src string) map[string]int {
	lines := map[string]int{}
	table := ""
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '[':
			end := strings.IndexByte(line, ']')
			if end < 0 {
				continue
			}
			table = unquoteKey(strings.Trim(line[:end], "[ "))
			if _, ok := lines[table]; !ok {
				lines[table] = i + 1
			}
		default:
			eq := strings.IndexByte(line, '=')
			if eq < 0 {
				continue
			}
			key := unquoteKey(strings.TrimSpace(line[:eq]))
			if table != "" {
				key = table + "." + key
			}
			if _, ok := lines[key]; !ok {
				lines[key] = i + 1
			}
		}
	}
	return lines
}

func unquoteKey(k string) string {
	if n := len(k); n >= 2 && (k[0] == '"' || k[0] == '\'') && k[n-1] == k[0] {
		return k[1 : n-1] // "dynamics.lambda" in [sweep]
	}
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// Suggest returns ` (did you mean x?)` for the known name closest to key,
// when it is close enough to be a typo, else "" (manifest keys, table
// columns).
func Suggest(key string, known []string) string {
	best, bestDist := "", 1<<30
	for _, k := range known {
		d := editDistance(key, k)
		// Also compare the last component alone: [network] nuerons = 1.
		if i := strings.LastIndexByte(k, '.'); i >= 0 && !strings.Contains(key, ".") {
			if dd := editDistance(key, k[i+1:]); dd < d {
				d = dd
			}
		}
		if d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" || bestDist > max(2, len(key)/3) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
