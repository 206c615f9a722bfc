// Package export writes cached runs as NumPy .npz files, for colleagues
// without ringwave (see the format in export.go).
package export
