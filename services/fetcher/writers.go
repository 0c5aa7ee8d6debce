package fetcher

import (
	"path/filepath"
	"strconv"
	"time"
)

// writeKind is what a write event says.
type writeKind int

const (
	// writeOpen: the file was written to; a close has not followed yet.
	writeOpen writeKind = iota
	// writeClosed: a writer of the file closed it, or it was moved in whole.
	writeClosed
	// writeFolder: a folder appeared (and is watched now).
	writeFolder
	// writeUnwatched: a folder could not be watched (err says why).
	writeUnwatched
	// writeLost: events were lost (the kernel's queue overflowed).
	writeLost
)

// writeEvent is one thing the watch of the inbox's writers saw; name is the
// path from the inbox, slash separated.
type writeEvent struct {
	kind writeKind
	name string
	err  error
}

// hold is why a settled file is not read yet.
type hold int

const (
	holdNone hold = iota
	// holdWriting: inotify saw a write and no close since.
	holdWriting
	// holdQuiet: its writers were not followed and it changed lately.
	holdQuiet
	// holdOpen: its writers were not followed and a process holds it open
	// for writing (/proc).
	holdOpen
)

// writers knows, for each file of the inbox, whether a writer may still be
// at work on it: what inotify said (a write not yet followed by a close),
// and, for a file it said nothing about, how long the file has been still
// and whether a process this one can see holds it open for writing. It is
// not safe for concurrent use; the run loop owns it.
type writers struct {
	// quiet is the stillness asked of a file whose writers were not
	// followed (Config.QuietTime).
	quiet time.Duration
	// writing names the files written to and not closed since; followed,
	// those inotify reported on since they were last unknown.
	writing, followed map[string]bool
	// open lists the files processes hold open for writing (nil: not
	// looked up since the last scan began).
	open map[string]int
	// openFor finds them (openForWriting; replaceable in tests).
	openFor func(dir string) (map[string]int, error)
}

func newWriters(quiet time.Duration) *writers {
	return &writers{quiet: quiet, writing: map[string]bool{}, followed: map[string]bool{},
		openFor: openForWriting}
}

// event records a write event; it reports whether the inbox is worth a scan.
func (w *writers) event(ev writeEvent) (scan bool) {
	switch ev.kind {
	case writeOpen:
		w.writing[ev.name], w.followed[ev.name] = true, true
		return false
	case writeClosed:
		delete(w.writing, ev.name)
		w.followed[ev.name] = true
		return true
	case writeLost:
		// What was missed is unknown: every file is again.
		clear(w.writing)
		clear(w.followed)
	}
	return true
}

// retain forgets the files no longer in the inbox.
func (w *writers) retain(present map[string]bool) {
	for name := range w.followed {
		if !present[name] {
			delete(w.followed, name)
			delete(w.writing, name)
		}
	}
}

// forget drops a file that left the inbox.
func (w *writers) forget(name string) {
	delete(w.writing, name)
	delete(w.followed, name)
}

// newScan drops what was learnt from /proc by the last scan.
func (w *writers) newScan() { w.open = nil }

// check says whether the settled file c (under inbox), seen unchanged
// since, must wait for a writer, with a detail for the log; until is when
// to look again (zero: a write event or a rescan will tell). A file's
// stillness is the longer of the time since its modification time and the
// time it has been seen unchanged (a modification time in the future does
// not hold it for ever).
func (w *writers) check(inbox string, c candidate, since, now time.Time) (h hold, detail string, until time.Time) {
	if w.writing[c.name] {
		return holdWriting, "", time.Time{}
	}
	if w.followed[c.name] {
		return holdNone, "", time.Time{}
	}
	if still := max(now.Sub(c.obs.mtime), now.Sub(since)); still < w.quiet {
		return holdQuiet, "", now.Add(w.quiet - still)
	}
	if w.open == nil {
		open, err := w.openFor(inbox)
		if err != nil || open == nil {
			open = map[string]int{}
		}
		w.open = open
	}
	path := filepath.Join(inbox, filepath.FromSlash(c.name))
	if c.symlink() {
		if target, err := filepath.EvalSymlinks(path); err == nil {
			path = target
		}
	}
	if pid, ok := w.open[path]; ok {
		return holdOpen, "process " + strconv.Itoa(pid), time.Time{}
	}
	return holdNone, "", time.Time{}
}
