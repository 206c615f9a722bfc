package cache

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"ringwave/internal/npyfile"
	"ringwave/internal/safefile"
)

// A Pending entry is being written: a fresh directory under DIR/cache/tmp/,
// on the cache's filesystem so that Commit's rename is atomic. Each file is
// streamed, hashed and synced as it is written; Finish lists them in
// run.json.
type Pending struct {
	Dir   string
	key   string
	c     Cache
	files map[string]npyfile.Info
	rec   *Record // once Finish has written it
}

// Begin creates a pending entry for key.
func (c Cache) Begin(key string) (*Pending, error) {
	// A link at cache/tmp would make entries be written elsewhere.
	if err := safefile.MkdirAll(filepath.Join(c.Dir, "cache"), "tmp"); err != nil {
		return nil, err
	}
	dir := filepath.Join(c.tmpRoot(), key+"."+randomSuffix())
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	return &Pending{Dir: dir, key: key, c: c, files: map[string]npyfile.Info{}}, nil
}

func (c Cache) tmpRoot() string { return filepath.Join(c.Dir, "cache", "tmp") }

func randomSuffix() string {
	var r [6]byte
	rand.Read(r[:])
	return hex.EncodeToString(r[:])
}

// WriteArray writes a whole array as the file name.
func (p *Pending) WriteArray(name string, values []float64, shape ...int) error {
	info, err := npyfile.WriteFile(filepath.Join(p.Dir, name), values, shape...)
	if err == nil {
		p.files[name] = info
	}
	return err
}

// An ArrayWriter streams an array into a pending entry.
type ArrayWriter struct {
	*npyfile.Writer
	p    *Pending
	name string
}

// Close completes the file and adds it to the entry.
func (w *ArrayWriter) Close() error {
	info, err := w.Writer.Close()
	if err == nil {
		w.p.files[w.name] = info
	}
	return err
}

// Create starts the file name, an array of the given shape written row by
// row; Abort discards it, and is a no-op once closed.
func (p *Pending) Create(name string, shape ...int) (*ArrayWriter, error) {
	w, err := npyfile.Create(filepath.Join(p.Dir, name), shape...)
	if err != nil {
		return nil, err
	}
	return &ArrayWriter{Writer: w, p: p, name: name}, nil
}

// Finish lists the files written in rec, seals it with its checksum and
// writes it as run.json. rec.Files is replaced.
func (p *Pending) Finish(rec *Record) error {
	rec.Files = nil
	for _, name := range fileOrder(rec.Params) {
		if info, ok := p.files[name]; ok {
			rec.Files = append(rec.Files, FileRecord{Name: name, Info: info})
		}
	}
	rec.Checksum = rec.checksum()
	p.rec = rec
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(p.Dir, RecordFile), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Abort removes the pending entry.
func (p *Pending) Abort() { os.RemoveAll(p.Dir) }

// Commit moves the complete, synced entry into place, replacing a corrupt
// entry if there is one (or, with -force, a good one). The caller holds
// the key's lock. On error the pending entry is removed.
func (p *Pending) Commit() (err error) {
	defer func() {
		if err != nil {
			p.Abort()
		}
	}()
	if err := syncDir(p.Dir); err != nil {
		return err
	}
	final := p.c.EntryDir(p.key)
	defer func() {
		if err == nil && p.rec != nil { // the files were hashed as they were written
			p.c.recordFingerprints(p.key, p.rec)
		}
	}()
	if _, err := os.Lstat(final); err == nil {
		// Move the old entry aside first, so that the rename below never
		// meets a non-empty directory, and put it back if that rename fails.
		trash := p.Dir + ".old"
		if err := os.Rename(final, trash); err != nil {
			return err
		}
		if err := os.Rename(p.Dir, final); err != nil {
			os.Rename(trash, final)
			return err
		}
		os.RemoveAll(trash)
		return syncDir(filepath.Dir(final))
	}
	if err := os.Rename(p.Dir, final); err != nil {
		return err
	}
	return syncDir(filepath.Dir(final))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
