package manifest

// DerivedRun returns a run that no manifest names: it starts from weights
// derived from the results of u (not its final weights), by the
// derivation named derivation (a name and a version: executor's
// RegisterDerivation knows how), with u's settings changed by change. Its
// key holds u's key and the derivation, so that it is computed once and
// cached like any run, and changes when u's numbers or the derivation do.
// It is linked under DIR/runs/<u's manifest name>.<suffix>.
func (u *Run) DerivedRun(suffix, derivation string, change func(s *Settings)) *Run {
	m := &Manifest{Path: u.Manifest.Path, Name: u.Manifest.Name + "." + suffix, Title: u.Manifest.Title, Base: u.Manifest.Base}
	r := &Run{Manifest: m, Name: u.Name + " (" + suffix + ")", Point: u.Point, Settings: u.Settings, Upstream: u}
	change(&r.Settings)
	r.Params = r.Settings.params()
	r.Init = InitWeights{Source: "derived", Upstream: u.Key, Derived: derivation, UpstreamManifest: u.Manifest.Path, UpstreamRun: u.Name}
	r.Key = key(r, codeIdentity())
	return r
}
