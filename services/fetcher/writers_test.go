package fetcher

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestWritersCheck: inotify's word decides for a followed file; a file
// nobody reported on must have been still for the quiet time (counted from
// the later of its modification time and when it was first seen so, so
// that a future modification time does not hold it for ever) and held open
// by no process; lost events make every file unknown again.
func TestWritersCheck(t *testing.T) {
	inbox := "/srv/inbox"
	now := time.Unix(1_700_000_000, 0)
	lookups := 0
	w := newWriters(3 * time.Second)
	w.openFor = func(dir string) (map[string]int, error) {
		lookups++
		if dir != inbox {
			t.Errorf("looked up writers under %s", dir)
		}
		return map[string]int{filepath.Join(inbox, "held.txt"): 42}, nil
	}
	file := func(name string, mtime time.Time) candidate {
		return candidate{name: name, obs: observation{size: 10, mtime: mtime}}
	}
	check := func(c candidate, since time.Time) (hold, string, time.Time) {
		return w.check(inbox, c, since, now)
	}

	w.newScan()
	if h, _, until := check(file("fresh.txt", now.Add(-time.Second)), now.Add(-time.Second)); h != holdQuiet || !until.Equal(now.Add(2*time.Second)) {
		t.Errorf("a file changed 1s ago with unknown writers: %v until %v, want quiet until +2s", h, until)
	}
	if h, _, until := check(file("future.txt", now.Add(time.Hour)), now.Add(-4*time.Second)); h != holdNone {
		t.Errorf("a file seen unchanged for 4s with a future mtime: %v until %v, want read", h, until)
	}
	if h, detail, _ := check(file("held.txt", now.Add(-time.Minute)), now); h != holdOpen || detail != "process 42" {
		t.Errorf("a still file a process holds open for writing: %v %q", h, detail)
	}
	if h, _, _ := check(file("old.txt", now.Add(-time.Minute)), now); h != holdNone {
		t.Errorf("an old file nobody holds: %v", h)
	}
	if lookups != 1 {
		t.Errorf("/proc looked up %d times in one scan, want once", lookups)
	}

	// Followed files: inotify decides, however fresh.
	w.event(writeEvent{kind: writeOpen, name: "a/slow.txt"})
	if h, _, _ := check(file("a/slow.txt", now.Add(-time.Minute)), now); h != holdWriting {
		t.Errorf("written, not closed: %v", h)
	}
	if !w.event(writeEvent{kind: writeClosed, name: "a/slow.txt"}) {
		t.Error("a close does not ask for a scan")
	}
	if h, _, _ := check(file("a/slow.txt", now), now); h != holdNone {
		t.Errorf("closed a moment ago: %v, want read", h)
	}
	w.event(writeEvent{kind: writeClosed, name: "held.txt"})
	if h, _, _ := check(file("held.txt", now), now); h != holdNone {
		t.Errorf("closed after /proc was read: %v, want read", h)
	}

	// Lost events: nothing is known any more.
	w.event(writeEvent{kind: writeOpen, name: "b.txt"})
	w.event(writeEvent{kind: writeLost})
	if h, _, _ := check(file("b.txt", now), now); h != holdQuiet {
		t.Errorf("after lost events, a file just written: %v, want quiet", h)
	}
	w.retain(map[string]bool{})
	if len(w.followed) != 0 || len(w.writing) != 0 {
		t.Errorf("files that left are still known: %v %v", w.followed, w.writing)
	}

	// Without /proc, stillness alone decides.
	w.newScan()
	w.openFor = func(string) (map[string]int, error) { return nil, errors.New("no /proc") }
	if h, _, _ := check(file("held.txt", now.Add(-time.Minute)), now); h != holdNone {
		t.Errorf("no /proc, an old file: %v", h)
	}
}
