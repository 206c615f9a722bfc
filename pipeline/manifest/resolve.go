package manifest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"ringwave/sim"
)

// A Run is one fully resolved simulation: a manifest's base settings with one
// point of its sweep applied.
type Run struct {
	Manifest *Manifest
	Name     string   // the manifest's name, with the sweep point in brackets
	Point    []Assign // the sweep values of this run, in axis order
	Settings Settings // resolved, the period filled in
	Params   sim.Params
	Init     InitWeights
	Key      string // content hash of everything that determines the outputs

	// Upstream is the run whose final weights this one starts from
	// ([init] from), or nil. Its key is part of this run's.
	Upstream *Run
}

// Assign is one sweep coordinate of a run.
type Assign struct {
	Key   string
	Value any
}

// PointLabel is the run's sweep point as key=value pairs ("" without sweep):
// the run's directory name under results/runs/<manifest name>/.
func (r *Run) PointLabel() string {
	parts := make([]string, len(r.Point))
	for i, a := range r.Point {
		parts[i] = a.Key + "=" + formatValue(a.Value)
	}
	return strings.Join(parts, ",")
}

// PathLabel is PointLabel made safe as one path element: a string value
// with a slash does not make a subdirectory, and a label longer than
// MaxLabel bytes (many axes, long values) is cut to its first bytes and
// "~" and 16 hex digits of the sha256 of the whole label: the same point
// always has the same path, and two points never share one.
func (r *Run) PathLabel() string { return r.CutLabel(MaxLabel) }

// CutLabel is PathLabel cut, by the same rule, to at most max bytes (at
// least 18): a report page names a point after its manifest, so its label
// has less room than a directory of its own.
func (r *Run) CutLabel(max int) string {
	label := strings.ReplaceAll(r.PointLabel(), "/", "∕")
	if len(label) <= max {
		return label
	}
	sum := sha256.Sum256([]byte(label))
	cut := max - 1 - 16
	for cut > 0 && !utf8.RuneStart(label[cut]) { // whole characters only
		cut--
	}
	return label[:cut] + "~" + hex.EncodeToString(sum[:8])
}

// ceilDiv is ⌈a/b⌉ for a ≥ 0, b ≥ 1, without overflow for any int.
func ceilDiv(a, b int) int {
	if a <= 0 {
		return 0
	}
	return (a-1)/b + 1
}

// Expand resolves every run of a manifest, in sweep order (the first axis
// varies slowest). Each run is validated and keyed.
//
// A manifest with an upstream ([init] from) has one run per upstream run
// and point of its own sweep, the upstream's varying slowest; a run's point
// (and label) is the upstream run's point followed by its own.
//
// Seeds: without a sweep, randn uses the manifest's seed. In a sweep, each
// run's seed is derived from the manifest's seed and the run's own sweep
// coordinates, whatever the order of the axes (seed itself and record.*
// aside), so adding a value to an axis never changes the numbers of the
// runs already there; a sweep over seed alone uses the seeds as given.
func Expand(m *Manifest) ([]*Run, error) {
	points := [][]Assign{nil}
	for _, axis := range m.Sweep {
		var next [][]Assign
		for _, p := range points {
			for _, v := range axis.Values {
				next = append(next, append(append([]Assign(nil), p...), Assign{axis.Key, v}))
			}
		}
		points = next
	}
	ups := []*Run{nil}
	if m.From != "" {
		var err error
		if ups, err = m.expandUpstream(); err != nil {
			return nil, err
		}
	}
	files := map[string]InitWeights{} // initial-weight files are read once
	var runs []*Run
	var errs []error
	for _, up := range ups {
		for _, point := range points {
			r, err := m.resolve(point, files, up)
			if err != nil {
				errs = append(errs, err)
				if len(errs) >= 5 { // a bad base value fails every point alike
					break
				}
				continue
			}
			runs = append(runs, r)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(dedupe(errs)...)
	}
	byLabel := map[string]*Run{}
	for _, r := range runs {
		if other, ok := byLabel[r.PathLabel()]; ok && len(r.Point) > 0 {
			return nil, &Error{File: m.Path, Line: m.lines["sweep"], Key: "sweep",
				Msg: fmt.Sprintf("points %s and %s would share the directory runs/%s/%s", other.PointLabel(), r.PointLabel(), m.Name, r.PathLabel())}
		}
		byLabel[r.PathLabel()] = r
	}
	return runs, nil
}

// resolve resolves the run of m at its own sweep point, starting from the
// upstream run up (nil without init.from).
func (m *Manifest) resolve(point []Assign, files map[string]InitWeights, up *Run) (*Run, error) {
	s := m.Base
	swept := map[string]bool{}
	for _, a := range point {
		if err := s.set(a.Key, a.Value); err != nil {
			return nil, m.errorAt(a.Key, true, err.Error())
		}
		swept[a.Key] = true
	}
	r := &Run{Manifest: m, Name: m.Name, Point: point}
	if up != nil {
		r.Point = append(slices.Clone(up.Point), point...)
	}
	if label := r.PointLabel(); label != "" {
		r.Name += "[" + label + "]"
	}
	where := func(key, format string, args ...any) error {
		msg := fmt.Sprintf(format, args...)
		if label := r.PointLabel(); label != "" {
			msg += " in sweep point " + label
		}
		return m.errorAt(key, swept[key], msg)
	}
	if (m.given["network.period"] || swept["network.period"]) && !(s.Network.Period > 0) {
		return nil, where("network.period", "must be a positive number of seconds (got %v); leave it out for neurons·dt", s.Network.Period)
	}
	if s.Network.Period == 0 {
		s.Network.Period = float64(s.Network.Neurons) * s.Network.Dt
	}
	r.Settings = s
	r.Params = s.params()
	// An initial phase as long as the run is init.steps' fault whatever
	// else it makes overflow (9223372036854775807 steps would otherwise be
	// blamed on init.travel, whose time grid it overflows).
	if steps := r.Params.Steps(); s.Init.Steps > 0 && steps > 0 && s.Init.Steps >= steps {
		return nil, where("init.steps", "the initial phase (%d steps) must be shorter than the run (%d steps)", s.Init.Steps, steps)
	}
	if err := r.Params.Validate(); err != nil {
		var perr *sim.ParamError
		if errors.As(err, &perr) {
			set := func(k string) bool { return m.given[k] || swept[k] }
			key, msg := m.explain(s, set, perr.Field, perr.Msg)
			return nil, where(key, "%s", msg)
		}
		return nil, where("", "%v", err)
	}
	if err := checkRecord(s, r.Params, where); err != nil {
		return nil, err
	}
	if math.IsNaN(s.Init.Scale) || math.IsInf(s.Init.Scale, 0) {
		return nil, where("init.scale", "must be a finite number (got %v)", s.Init.Scale)
	}

	switch w := s.Init.Weights; {
	case up != nil:
		if err := r.startFrom(up); err != nil {
			return nil, where("init.from", "%v", err)
		}
	case w == "randn":
		r.Init = InitWeights{Source: "randn", Seed: runSeed(s.Seed, point), Scale: s.Init.Scale}
	case w == "zeros":
		r.Init = InitWeights{Source: "zeros"}
	case w == "":
		return nil, where("init.weights", `must be "randn", "zeros" or the path of an .npy file`)
	default:
		path := w
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(m.Path), path)
		}
		want := r.WeightShape()
		cacheKey := path + fmt.Sprint(want)
		init, ok := files[cacheKey]
		if !ok {
			var err error
			if init, err = hashWeightsFile(path, want); err != nil {
				return nil, where("init.weights", "%v", err)
			}
			files[cacheKey] = init
		}
		r.Init = init
	}
	r.Key = key(r, codeIdentity())
	return r, nil
}

// ErrorAt makes an *Error about the run's setting key, at the line of its
// sweep entry when the run's value came from the sweep, else of the key.
func (r *Run) ErrorAt(key, msg string) *Error {
	swept := false
	for _, a := range r.Point {
		swept = swept || a.Key == key
	}
	return r.Manifest.errorAt(key, swept, msg)
}

// errorAt makes an *Error at the line of key, preferring its sweep entry
// when the value came from the sweep.
func (m *Manifest) errorAt(key string, fromSweep bool, msg string) *Error {
	line := m.lines[key]
	if fromSweep || line == 0 {
		if l := m.lines["sweep."+key]; l > 0 {
			line = l
		}
	}
	if line == 0 && strings.Contains(key, ".") { // the table header, at least
		line = m.lines[key[:strings.IndexByte(key, '.')]]
	}
	return &Error{File: m.Path, Line: line, Key: key, Msg: msg}
}

// runSeed derives a run's randn seed (see Expand) from the manifest's seed
// (s, with a swept seed applied) and the run's sweep coordinates, sorted so
// that the order of the axes does not matter. The seed itself and record.*
// (which changes what is written, not what is simulated) are left out.
func runSeed(s int64, point []Assign) uint64 {
	var coords []string
	for _, a := range point {
		if a.Key != "seed" && !strings.HasPrefix(a.Key, "record.") {
			coords = append(coords, a.Key+"="+formatValue(a.Value))
		}
	}
	if len(coords) == 0 {
		return uint64(s)
	}
	sort.Strings(coords)
	h := sha256.Sum256([]byte("ringwave seed\x00" + strconv.FormatInt(s, 10) + "\x00" + strings.Join(coords, "\x00")))
	return binary.LittleEndian.Uint64(h[:8])
}

func formatValue(v any) string {
	switch v := v.(type) {
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		return strconv.Quote(v)
	}
	return fmt.Sprint(v)
}

func dedupe(errs []error) []error {
	seen := map[string]bool{}
	var out []error
	for _, e := range errs {
		if !seen[e.Error()] {
			seen[e.Error()] = true
			out = append(out, e)
		}
	}
	return out
}
