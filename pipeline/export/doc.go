// Package export writes cached runs as NumPy .npz files, for colleagues
// without ringwave (see the format in export.go). Write writes every file
// or none, checks each array against its sha256 as it copies it, and stops
// when its context is done.
package export
