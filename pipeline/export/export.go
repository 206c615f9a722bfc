package export

import (
	"archive/zip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/google/renameio/v2"

	"ringwave/internal/safefile"
	"ringwave/pipeline/cache"
	"ringwave/pipeline/manifest"
)

// An .npz file is what numpy.savez writes: an uncompressed zip of .npy
// members, one per array; numpy.load(file) returns a mapping from each
// member's name without ".npy" to its array. ringwave exports a run as its
// arrays under their file names ("activity", "weights", "weights_initial",
// "weights_history" when recorded) and its run.json as "run_json", a 0-d
// NumPy unicode string: np.load(f)["run_json"].item() is the JSON text,
// with allow_pickle=False. Several runs in one file are told apart by a
// prefix on every member name (see Prefixes).

// Path returns where `ringwave export` writes a run without -o, under the
// results directory results: DIR/exports/<name>.npz, or
// DIR/exports/<name>/<point>.npz in a sweep.
func Path(results string, r *manifest.Run) string {
	if label := r.PathLabel(); label != "" {
		return filepath.Join(results, "exports", r.Manifest.Name, label+".npz")
	}
	return filepath.Join(results, "exports", r.Manifest.Name+".npz")
}

// Prefixes returns the member-name prefix of each run when runs share
// one .npz: what tells them apart and nothing more. One run has no prefix;
// the runs of one sweep have their point ("dynamics.lambda=10/"); runs of
// several manifests have their path under DIR/runs/ ("name/" or
// "name/point/").
func Prefixes(runs []*manifest.Run) []string {
	manifests := map[*manifest.Manifest]bool{}
	for _, r := range runs {
		manifests[r.Manifest] = true
	}
	prefixes := make([]string, len(runs))
	for i, r := range runs {
		var parts []string
		if len(manifests) > 1 {
			parts = append(parts, r.Manifest.Name)
		}
		if label := r.PointLabel(); label != "" && len(runs) > 1 {
			parts = append(parts, label)
		}
		if len(parts) > 0 {
			prefixes[i] = strings.Join(parts, "/") + "/"
		}
	}
	return prefixes
}

// A File is one .npz to write: the results it holds, each result's
// members named with its prefix (see Prefixes).
type File struct {
	Path     string
	Results  []*cache.Result
	Prefixes []string
	Under    string // when set, Path lies under it (the results directory): its directories are made there, never through a link
}

// Write writes every file, all or nothing: each is written and synced as a
// temporary file beside its path, and only once all are complete are they
// renamed into place, so a failure (a damaged run, a full disk, ctx done)
// leaves whatever was there before. Arrays are copied from the cache as
// they are, streamed and checked against the sha256 in run.json on the
// way, so an export is bit for bit the run's .npy files.
func Write(ctx context.Context, files []File) error {
	for _, file := range files { // before anything is written: all or nothing
		if err := CheckTarget(file.Path); err != nil {
			return err
		}
	}
	var pending []*renameio.PendingFile
	defer func() {
		for _, f := range pending {
			f.Cleanup() // a no-op once replaced
		}
	}()
	for _, file := range files {
		f, err := writeNPZ(ctx, file)
		if err != nil {
			return err
		}
		pending = append(pending, f)
	}
	for _, f := range pending {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := f.CloseAtomicallyReplace(); err != nil {
			return err
		}
	}
	return nil
}

// writeNPZ writes one .npz into a pending file beside its path.
func writeNPZ(ctx context.Context, file File) (*renameio.PendingFile, error) {
	if len(file.Prefixes) != len(file.Results) {
		panic("export: Write: one prefix per result")
	}
	if err := makeDirs(file); err != nil {
		return nil, err
	}
	f, err := renameio.NewPendingFile(file.Path, renameio.WithTempDir(filepath.Dir(file.Path)), renameio.WithPermissions(0o644))
	if err != nil {
		return nil, err
	}
	zw := zip.NewWriter(ctxWriter{ctx, f})
	seen := map[string]bool{}
	for i, res := range file.Results {
		prefix := file.Prefixes[i]
		if seen[prefix] {
			err = fmt.Errorf("%s: two runs would share the member names %q in %s", res.Run.Name, prefix+"…", file.Path)
		} else if err = writeMembers(zw, res, prefix); err == nil {
			seen[prefix] = true
			continue
		}
		f.Cleanup()
		return nil, err
	}
	if err := zw.Close(); err != nil {
		f.Cleanup()
		return nil, err
	}
	return f, nil
}

// ctxWriter fails once ctx is done, so that a long copy stops at once.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// writeMembers adds one result's arrays and run.json to zw.
func writeMembers(zw *zip.Writer, res *cache.Result, prefix string) error {
	// The entry's finishing time makes the export of a run byte-identical
	// however often it is repeated.
	mtime := res.Record.Provenance.Finished
	create := func(name string) (io.Writer, error) {
		return zw.CreateHeader(&zip.FileHeader{Name: prefix + name + ".npy", Method: zip.Store, Modified: mtime})
	}
	for _, file := range res.Record.Files {
		name, ok := strings.CutSuffix(file.Name, ".npy")
		if !ok {
			continue
		}
		w, err := create(name)
		if err != nil {
			return err
		}
		if err := res.Copy(w, file.Name); err != nil {
			return err
		}
	}
	text, err := res.RecordJSON()
	if err != nil {
		return err
	}
	w, err := create("run_json")
	if err != nil {
		return err
	}
	_, err = w.Write(unicodeNPY(string(text)))
	return err
}

// unicodeNPY returns an .npy file holding s as a 0-d array of NumPy's fixed
// width unicode type '<U<n>': n code points, each a little-endian UTF-32
// unit. Unlike an object array it loads without pickle. s must be valid
// UTF-8 without trailing NUL (NumPy strips those).
func unicodeNPY(s string) []byte {
	n := utf8.RuneCountInString(s)
	dict := fmt.Sprintf("{'descr': '<U%d', 'fortran_order': False, 'shape': (), }", n)
	const preamble = 10 // magic (6), version (2), header length (2)
	dict += strings.Repeat(" ", (64-(preamble+len(dict)+1)%64)%64) + "\n"
	b := make([]byte, preamble, preamble+len(dict)+4*n)
	copy(b, "\x93NUMPY\x01\x00")
	binary.LittleEndian.PutUint16(b[8:], uint16(len(dict)))
	b = append(b, dict...)
	for _, r := range s {
		b = binary.LittleEndian.AppendUint32(b, uint32(r))
	}
	return b
}

// CheckTarget refuses to replace what is not a file of the user's data: a
// device (-o /dev/null), a named pipe, a socket, a directory, or a symbolic
// link (-o /dev/stdout, a link to one of those or to a file elsewhere:
// the rename would replace the link, not write where it points), and a
// read-only file (no write permission for anyone: someone meant to keep
// it; root could replace it, as the rename ignores permissions). A
// missing file or a writable regular file is fine.
func CheckTarget(path string) error {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case st.Mode()&fs.ModeSymlink != 0:
		to, _ := os.Readlink(path)
		return fmt.Errorf("%s is a symbolic link (to %s): export writes a new regular file there and would replace the link; give the path of a regular file", path, to)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%v: export writes only regular files", &safefile.NotRegularError{Name: path, Mode: st.Mode()})
	case st.Mode().Perm()&0o222 == 0:
		return fmt.Errorf("%s is read-only (mode %04o): export does not replace it; remove it or choose another name", path, st.Mode().Perm())
	}
	return nil
}

// makeDirs makes the directories of the file's path.
func makeDirs(file File) error {
	if file.Under == "" {
		return os.MkdirAll(filepath.Dir(file.Path), 0o755)
	}
	rel, err := filepath.Rel(file.Under, filepath.Dir(file.Path))
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("%s is not under %s", file.Path, file.Under)
	}
	if err := os.MkdirAll(file.Under, 0o755); err != nil {
		return err
	}
	if rel == "." {
		return nil
	}
	return safefile.MkdirAll(file.Under, strings.Split(rel, string(filepath.Separator))...)
}
