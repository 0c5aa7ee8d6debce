//go:build linux

package fetcher

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/stage/embedded"
)

// nextWrite waits for the next event of w about a file or folder.
func nextWrite(t *testing.T, w *writeWatch) writeEvent {
	t.Helper()
	select {
	case ev := <-w.Events():
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no write event within 5s")
		return writeEvent{}
	}
}

// nextFileWrite waits for the next event of w about a file.
func nextFileWrite(t *testing.T, w *writeWatch) writeEvent {
	t.Helper()
	for {
		if ev := nextWrite(t, w); ev.kind != writeFolder {
			return ev
		}
	}
}

// TestWriteWatchFollowsSubfolders: folders are watched as they appear,
// nested ones a single mkdir -p created included, and followed where they
// are moved; processed/ and dot folders are not.
func TestWriteWatchFollowsSubfolders(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{ProcessedDir, ".git"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := watchWrites(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := os.MkdirAll(filepath.Join(root, "a", "b", "c"), 0o755); err != nil {
		t.Fatal(err)
	}
	if ev := nextWrite(t, w); ev.kind != writeFolder || ev.name != "a" {
		t.Fatalf("first event %+v, want the folder a", ev)
	}
	time.Sleep(100 * time.Millisecond) // the nested folders' watches
	for _, name := range []string{"processed/x.txt", ".git/x.txt"} {
		if err := os.WriteFile(filepath.Join(root, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create(filepath.Join(root, "a", "b", "c", "slow.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("first chunk"); err != nil {
		t.Fatal(err)
	}
	if ev := nextFileWrite(t, w); ev.kind != writeOpen || ev.name != "a/b/c/slow.txt" {
		t.Fatalf("after a write: %+v, want a/b/c/slow.txt written (nothing of processed/ or .git/)", ev)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if ev := nextFileWrite(t, w); ev.kind != writeClosed || ev.name != "a/b/c/slow.txt" {
		t.Fatalf("after the close: %+v", ev)
	}
	if err := os.Rename(filepath.Join(root, "a", "b"), filepath.Join(root, "moved")); err != nil {
		t.Fatal(err)
	}
	if ev := nextWrite(t, w); ev.kind != writeFolder || ev.name != "moved" {
		t.Fatalf("after a move: %+v, want the folder moved", ev)
	}
	time.Sleep(100 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(root, "moved", "c", "late.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		ev := nextFileWrite(t, w)
		if ev.name != "moved/c/late.txt" {
			t.Fatalf("a file written in a moved folder: %+v, want moved/c/late.txt", ev)
		}
		if ev.kind == writeClosed {
			break
		}
	}
}

// TestOpenForWriting finds this process's descriptor open for writing on
// a file of the folder, not one open for reading.
func TestOpenForWriting(t *testing.T) {
	dir := t.TempDir()
	w, err := os.Create(filepath.Join(dir, "written.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := os.WriteFile(filepath.Join(dir, "read.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := os.Open(filepath.Join(dir, "read.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	open, err := openForWriting(dir)
	if err != nil {
		t.Fatal(err)
	}
	if pid, ok := open[filepath.Join(dir, "written.txt")]; !ok || pid != os.Getpid() {
		t.Errorf("written.txt: %v, want this process %d", open, os.Getpid())
	}
	if _, ok := open[filepath.Join(dir, "read.txt")]; ok {
		t.Errorf("read.txt, open for reading only, is listed: %v", open)
	}
}

// TestWriterOpenAtStartIsReadWhole: a file a writer opened and began
// before the fetcher started (no inotify event to go by) and keeps open
// past the settle and quiet times is held back while /proc shows it open
// for writing, and published whole once closed.
func TestWriterOpenAtStartIsReadWhole(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	cfg := testConfig("")
	cfg.SettleTime, cfg.QuietTime = 100*time.Millisecond, 200*time.Millisecond
	h := newHarness(t, js, cfg)
	f, err := os.Create(filepath.Join(h.inbox, "open.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(slowChunk); err != nil {
		t.Fatal(err)
	}
	h.start()
	waitFor(t, 5*time.Second, func() bool {
		return h.logs.FilterMessage("file is held open for writing by a process; waiting for it to close the file").Len() == 1
	}, "the file held for its writer")
	time.Sleep(time.Second) // well past the settle and quiet times
	if n := h.outcomes(OutcomePublished); n != 0 {
		t.Fatalf("published %v files while the writer holds it open", n)
	}
	closeAfterWrite(t, h, f, 2*len(slowChunk))
}

// TestAppendAfterStartIsReadWhole: a file written and closed just before
// the fetcher started, then appended to (opened, written, closed) half a
// second later, is not read in between: its writers were not followed, so
// it must have been still for the quiet time first.
func TestAppendAfterStartIsReadWhole(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	cfg := testConfig("")
	cfg.SettleTime, cfg.QuietTime = 100*time.Millisecond, 2*time.Second
	h := newHarness(t, js, cfg)
	name := filepath.Join(h.inbox, "appended.txt")
	h.write("appended.txt", slowChunk)
	h.start()
	time.Sleep(500 * time.Millisecond)
	if n := h.outcomes(OutcomePublished); n != 0 {
		t.Fatalf("published %v files within the quiet time", n)
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	closeAfterWrite(t, h, f, 2*len(slowChunk))
}
