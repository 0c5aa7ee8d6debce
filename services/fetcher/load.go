package fetcher

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tidings-news/tidings/pkg/events"
)

// changedError means the file changed after it had settled; it settles
// again from what was seen last.
type changedError struct{ seen observation }

func (e *changedError) Error() string { return "file changed after it had settled" }

// errGone means the file left the inbox before it could be handled.
var errGone = errors.New("file is no longer in the inbox")

// loaded is a file read from the inbox, ready for the publishing path.
type loaded struct {
	// raw is the file's content as it is on disk.
	raw       []byte
	mediaType string
}

// load checks and reads one candidate. It returns a *rejection for a file
// that can never be accepted, a *changedError for one to let settle again,
// errGone for one that left, and any other error for a transient failure.
func (f *inbox) load(c candidate) (*loaded, error) {
	path := filepath.Join(f.inbox, c.name)
	if c.symlink() {
		if err := f.checkSymlink(path); err != nil {
			return nil, err
		}
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, errGone
	case errors.Is(err, fs.ErrPermission):
		return nil, reject(ReasonUnreadable, "permission denied: %v", err)
	case err != nil:
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return nil, reject(ReasonNotRegular, "not a regular file (%s)", info.Mode().Type())
	}
	media, ok := events.MediaTypeOf(c.name)
	if !ok {
		return nil, reject(ReasonUnsupportedType, "unsupported file type %q; accepted: %s", filepath.Ext(c.name), events.AcceptedExtensions())
	}
	if info.Size() > f.cfg.MaxSize {
		return nil, reject(ReasonTooLarge, "%d bytes is over the limit of %d bytes", info.Size(), f.cfg.MaxSize)
	}
	raw, err := f.read(path, c)
	if err != nil {
		return nil, err
	}
	return &loaded{raw: raw, mediaType: media}, nil
}

// checkSymlink rejects a symlink that is broken or leads out of the inbox.
func (f *inbox) checkSymlink(path string) error {
	target, err := filepath.EvalSymlinks(path)
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := os.Lstat(path); errors.Is(lerr, fs.ErrNotExist) {
			return errGone
		}
		return reject(ReasonUnreadable, "broken symlink: %v", err)
	}
	if err != nil {
		return reject(ReasonUnreadable, "cannot resolve symlink: %v", err)
	}
	if !within(f.inbox, target) {
		return reject(ReasonSymlinkOutside, "symlink leads out of the inbox to %s", target)
	}
	return nil
}

// read returns the file's bytes, at most MaxSize+1 of them, and checks that
// the file still is what settled.
func (f *inbox) read(path string, c candidate) ([]byte, error) {
	file, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrPermission):
		return nil, reject(ReasonUnreadable, "permission denied")
	case errors.Is(err, fs.ErrNotExist):
		return nil, errGone
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer file.Close()
	raw, err := readSized(file, c.obs.size, f.cfg.MaxSize+1)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(raw)) > f.cfg.MaxSize {
		return nil, reject(ReasonTooLarge, "over the limit of %d bytes", f.cfg.MaxSize)
	}
	info, err := file.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	seen := observation{size: info.Size(), mtime: info.ModTime()}
	if !seen.equal(c.obs) || int64(len(raw)) != seen.size {
		return nil, &changedError{seen: seen}
	}
	return raw, nil
}

// within reports whether path (absolute, symlinks resolved) is inside dir.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	if err != nil || filepath.IsAbs(rel) {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// readSized reads r to its end, at most limit bytes, into a buffer of the
// size expected (io.ReadAll grows one by doubling: twice the memory of a
// large file, and a copy).
func readSized(r io.Reader, size, limit int64) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(min(max(size, 0), limit)) + bytes.MinRead) // ReadFrom keeps MinRead free before each read
	_, err := b.ReadFrom(io.LimitReader(r, limit))
	return b.Bytes(), err
}
