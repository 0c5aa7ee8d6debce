package fetcher

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// candidate is a file of the inbox that may be a document.
type candidate struct {
	name string
	// mode is the type of the file itself (a symlink is ModeSymlink).
	mode fs.FileMode
	// obs is what was seen of the file (of its target, for a symlink that resolves).
	obs observation
}

// symlink reports whether the candidate is a symbolic link.
func (c candidate) symlink() bool { return c.mode&fs.ModeSymlink != 0 }

// list returns the candidates of the inbox in name order. Directories
// (processed/ and failed/ among them), symlinks to directories, dotfiles and
// temporary files are left out; a file that vanishes while listing is skipped.
func list(inbox string) ([]candidate, error) {
	entries, err := os.ReadDir(inbox)
	if err != nil {
		return nil, fmt.Errorf("list inbox %s: %w", inbox, err)
	}
	out := make([]candidate, 0, len(entries))
	for _, e := range entries {
		if e.IsDir() || ignored(e.Name()) {
			continue
		}
		path := filepath.Join(inbox, e.Name())
		info, err := os.Lstat(path)
		if err != nil {
			continue // gone since ReadDir
		}
		c := candidate{name: e.Name(), mode: info.Mode().Type()}
		if c.symlink() {
			if target, err := os.Stat(path); err == nil {
				if target.IsDir() {
					continue
				}
				info = target
			}
		}
		c.obs = observation{size: info.Size(), mtime: info.ModTime()}
		out = append(out, c)
	}
	return out, nil
}
