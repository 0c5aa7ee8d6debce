package fetcher

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Subdirectories of the inbox that files are moved to.
const (
	ProcessedDir = "processed"
	FailedDir    = "failed"
)

// reasonSuffix names the file written beside a rejected one.
const reasonSuffix = ".reason"

// moveOut moves inbox/name into dir, keeping both files when the name is
// taken there: the moved file then gets a short id suffix before its
// extension (the document id's first 8 hex digits when known, else random).
// With withReason the name's .reason file must be free as well. It returns
// the path the file now has. The fetcher is the only writer of dir, so
// checking for a free name before renaming is race free.
func moveOut(inbox, name, dir, docID string, withReason bool) (string, error) {
	src := filepath.Join(inbox, name)
	dst := filepath.Join(dir, name)
	if sub := filepath.Dir(name); sub != "." { // a file of a subfolder keeps its path there
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return "", fmt.Errorf("move %s: %w", name, err)
		}
	}
	for attempt := 0; ; attempt++ {
		taken, err := exists(dst)
		if err == nil && !taken && withReason {
			taken, err = exists(dst + reasonSuffix)
		}
		if err != nil {
			return "", err
		}
		if !taken {
			break
		}
		if attempt >= 16 {
			return "", fmt.Errorf("move %s: no free name in %s", name, dir)
		}
		dst = filepath.Join(dir, withSuffix(name, shortID(docID, attempt)))
	}
	if err := os.Rename(src, dst); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if _, serr := os.Lstat(src); errors.Is(serr, fs.ErrNotExist) {
				return "", errGone
			}
		}
		return "", fmt.Errorf("move %s to %s: %w", src, dst, err)
	}
	return dst, nil
}

// exists reports whether path names anything, a dangling symlink included.
func exists(path string) (bool, error) {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	default:
		return false, fmt.Errorf("check %s: %w", path, err)
	}
}

// withSuffix inserts "-suffix" before the extension: report.txt → report-1a2b3c4d.txt.
func withSuffix(name, suffix string) string {
	ext := filepath.Ext(name)
	if ext == name { // no stem to put it after
		ext = ""
	}
	return strings.TrimSuffix(name, ext) + "-" + suffix + ext
}

// shortID is the collision suffix of the attempt: the document id's prefix
// first, random hex after that.
func shortID(docID string, attempt int) string {
	if attempt == 0 && len(docID) >= 8 {
		return docID[:8]
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// writeReason writes the human-readable <file>.reason beside a rejected file.
func writeReason(path, source string, rej *rejection, at time.Time) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Rejected %s: %s.\n\n", source, rej.detail)
	fmt.Fprintf(&b, "reason: %s\n", rej.reason)
	fmt.Fprintf(&b, "file: %s\n", source)
	if rej.docID != "" {
		fmt.Fprintf(&b, "doc_id: %s\n", rej.docID)
	}
	fmt.Fprintf(&b, "time: %s\n", at.UTC().Format(time.RFC3339))
	// Write beside and rename, so that a reader never sees half a reason.
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+reasonSuffix+".tmp")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write reason for %s: %w", path, err)
	}
	if err := os.Rename(tmp, path+reasonSuffix); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write reason for %s: %w", path, err)
	}
	return nil
}
