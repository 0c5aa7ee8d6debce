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

// list returns the candidates of the inbox and of its subfolders, in name
// order: a file in a subfolder is named by its path from the inbox
// ("reports/2025/a.txt"), which becomes its document's source. processed/
// and failed/, dot folders, symlinks to folders, dotfiles and temporary
// files are left out; a file that vanishes while listing is skipped.
func list(inbox string) ([]candidate, error) {
	var out []candidate
	err := filepath.WalkDir(inbox, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			if path == inbox {
				return err
			}
			return nil // a subfolder that vanished or cannot be read: the next scan tries again
		}
		if path == inbox {
			return nil
		}
		rel, err := filepath.Rel(inbox, path)
		if err != nil {
			return nil
		}
		if e.IsDir() {
			if ignored(e.Name()) || rel == ProcessedDir || rel == FailedDir {
				return filepath.SkipDir
			}
			return nil
		}
		if ignored(e.Name()) {
			return nil
		}
		if c, ok := candidateAt(path, filepath.ToSlash(rel)); ok {
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list inbox %s: %w", inbox, err)
	}
	return out, nil
}

// candidateAt describes the file at path, named name; ok is false for a
// file gone since it was listed and for a symlink to a folder.
func candidateAt(path, name string) (candidate, bool) {
	info, err := os.Lstat(path)
	if err != nil {
		return candidate{}, false // gone since it was listed
	}
	c := candidate{name: name, mode: info.Mode().Type()}
	if c.symlink() {
		if target, err := os.Stat(path); err == nil {
			if target.IsDir() {
				return candidate{}, false
			}
			info = target
		}
	}
	c.obs = observation{size: info.Size(), mtime: info.ModTime()}
	return c, true
}
