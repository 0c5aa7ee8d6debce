//go:build linux

package fetcher

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// dirMask is what a watched folder reports: writes and closes of its files,
// files and folders moved in, folders created, moved out or removed.
const dirMask = unix.IN_MODIFY | unix.IN_CLOSE_WRITE | unix.IN_MOVED_TO | unix.IN_MOVED_FROM |
	unix.IN_CREATE | unix.IN_DELETE | unix.IN_ONLYDIR | unix.IN_DONT_FOLLOW

// writeWatch follows who is writing the files of the inbox and of its
// subfolders through inotify: IN_MODIFY when a file is written,
// IN_CLOSE_WRITE when a writer closes it, IN_MOVED_TO when a file is
// renamed into a folder (complete by then). A file written and not yet
// closed is still growing, however long its size and mtime have been still
// (a slow writer between two chunks). Folders are watched as they appear
// (processed/, failed/ and dot folders are not); a file written before its
// folder was watched is not reported at all, which the inbox treats as a
// file whose writers are unknown.
type writeWatch struct {
	f      *os.File
	fd     int
	root   string
	events chan writeEvent
	// dirs maps a watch descriptor to its folder's path from the root
	// ("" for the root); only the reading goroutine uses it after start.
	dirs map[int32]string
	// failed is the first folder that could not be watched (logged once).
	failed error
}

// watchWrites starts following the writers of the files under root.
func watchWrites(root string) (*writeWatch, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf("inotify: %w", err)
	}
	w := &writeWatch{fd: fd, root: root, events: make(chan writeEvent, 256), dirs: map[int32]string{}}
	if err := w.addDir(""); err != nil {
		_ = unix.Close(fd)
		return nil, err
	}
	w.addTree("")
	w.f = os.NewFile(uintptr(fd), "inotify")
	go w.read()
	return w, nil
}

// watchable reports whether the folder rel (from the root) holds documents.
func watchable(rel string) bool {
	if rel == ProcessedDir || rel == FailedDir {
		return false
	}
	for _, part := range strings.Split(rel, "/") {
		if ignored(part) {
			return false
		}
	}
	return true
}

// addDir watches the folder rel.
func (w *writeWatch) addDir(rel string) error {
	wd, err := unix.InotifyAddWatch(w.fd, filepath.Join(w.root, filepath.FromSlash(rel)), dirMask)
	if err != nil {
		return fmt.Errorf("inotify watch %s: %w", filepath.Join(w.root, rel), err)
	}
	w.dirs[int32(wd)] = rel
	return nil
}

// addTree watches the folders under rel (itself already watched), such as
// those a `cp -r` created before the watch of their parent reported them.
func (w *writeWatch) addTree(rel string) {
	base := filepath.Join(w.root, filepath.FromSlash(rel))
	_ = filepath.WalkDir(base, func(p string, e fs.DirEntry, err error) error {
		if err != nil || p == base || !e.IsDir() {
			return nil
		}
		sub, rerr := filepath.Rel(w.root, p)
		if rerr != nil {
			return filepath.SkipDir
		}
		sub = filepath.ToSlash(sub)
		if !watchable(sub) {
			return filepath.SkipDir
		}
		if err := w.addDir(sub); err != nil {
			if w.failed == nil {
				w.failed = err
				w.events <- writeEvent{kind: writeUnwatched, name: sub, err: err}
			}
			return filepath.SkipDir
		}
		return nil
	})
}

// removeTree stops watching the folder rel and the folders under it (moved
// out or removed); a folder moved within the inbox is watched again where
// it arrives.
func (w *writeWatch) removeTree(rel string) {
	for wd, d := range w.dirs {
		if d == rel || strings.HasPrefix(d, rel+"/") {
			delete(w.dirs, wd)
			_, _ = unix.InotifyRmWatch(w.fd, uint32(wd))
		}
	}
}

// read turns inotify records into write events until the watch is closed.
func (w *writeWatch) read() {
	defer close(w.events)
	buf := make([]byte, 64<<10)
	for {
		n, err := w.f.Read(buf)
		if err != nil {
			if errors.Is(err, os.ErrClosed) {
				return
			}
			continue // EINTR and the like; a closed watch ends the loop above
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			nameBytes := buf[off+unix.SizeofInotifyEvent : off+unix.SizeofInotifyEvent+int(ev.Len)]
			off += unix.SizeofInotifyEvent + int(ev.Len)
			w.handle(ev.Wd, ev.Mask, string(bytes.TrimRight(nameBytes, "\x00")))
		}
	}
}

// handle turns one inotify record into write events and watch changes.
func (w *writeWatch) handle(wd int32, mask uint32, name string) {
	if mask&unix.IN_Q_OVERFLOW != 0 {
		w.events <- writeEvent{kind: writeLost}
		return
	}
	if mask&unix.IN_IGNORED != 0 {
		delete(w.dirs, wd) // the folder was removed
		return
	}
	dir, ok := w.dirs[wd]
	if !ok || name == "" {
		return
	}
	rel := path.Join(dir, name)
	if mask&unix.IN_ISDIR != 0 {
		switch {
		case mask&(unix.IN_MOVED_FROM|unix.IN_DELETE) != 0:
			w.removeTree(rel)
		case mask&(unix.IN_CREATE|unix.IN_MOVED_TO) != 0 && watchable(rel):
			if err := w.addDir(rel); err != nil {
				w.events <- writeEvent{kind: writeUnwatched, name: rel, err: err}
				return
			}
			w.addTree(rel)
			w.events <- writeEvent{kind: writeFolder, name: rel}
		}
		return
	}
	switch {
	case mask&(unix.IN_CLOSE_WRITE|unix.IN_MOVED_TO) != 0:
		w.events <- writeEvent{kind: writeClosed, name: rel}
	case mask&unix.IN_MODIFY != 0:
		w.events <- writeEvent{kind: writeOpen, name: rel}
	}
}

// Events delivers the write events.
func (w *writeWatch) Events() <-chan writeEvent { return w.events }

// Close stops the watch.
func (w *writeWatch) Close() error { return w.f.Close() }
