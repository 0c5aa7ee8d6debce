//go:build linux

package fetcher

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"unsafe"

	"golang.org/x/sys/unix"
)

// writeEvent says that a file of the watched folder was written to (open)
// or that a writer of it closed it (or it was moved in, whole).
type writeEvent struct {
	name string
	open bool
}

// writeWatch follows who is writing the files of one folder through inotify:
// IN_MODIFY when a file is written, IN_CLOSE_WRITE when a writer closes it,
// IN_MOVED_TO when a file is renamed into the folder (complete by then). A
// file written and not yet closed is still growing, however long its size
// and mtime have been still (a slow writer between two chunks).
type writeWatch struct {
	f      *os.File
	events chan writeEvent
}

// watchWrites starts following the writers of dir's files.
func watchWrites(dir string) (*writeWatch, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf("inotify: %w", err)
	}
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_MODIFY|unix.IN_CLOSE_WRITE|unix.IN_MOVED_TO); err != nil {
		_ = unix.Close(fd)
		return nil, fmt.Errorf("inotify watch %s: %w", dir, err)
	}
	w := &writeWatch{f: os.NewFile(uintptr(fd), "inotify"), events: make(chan writeEvent, 256)}
	go w.read()
	return w, nil
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
			name := string(bytes.TrimRight(nameBytes, "\x00"))
			if name == "" {
				continue
			}
			w.events <- writeEvent{name: name, open: ev.Mask&unix.IN_MODIFY != 0 && ev.Mask&(unix.IN_CLOSE_WRITE|unix.IN_MOVED_TO) == 0}
		}
	}
}

// Events delivers the write events.
func (w *writeWatch) Events() <-chan writeEvent { return w.events }

// Close stops the watch.
func (w *writeWatch) Close() error { return w.f.Close() }
