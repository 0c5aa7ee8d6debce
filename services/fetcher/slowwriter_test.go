package fetcher

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/stage/embedded"
)

// slowChunk is one chunk of the slow writers.
var slowChunk = bytes.Repeat([]byte("The council met on Tuesday to discuss the ferry timetable again. "), 10)

// TestSlowWriterIsReadWhole: a file written in four chunks half a second
// apart, longer than the settle time, is followed (inotify) and published
// whole once its writer closes it, not as the first chunk: at the top of
// the inbox, and in folders made after the fetcher started.
func TestSlowWriterIsReadWhole(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("following writers needs inotify")
	}
	for _, c := range []struct {
		name, dir string
		quiet     time.Duration
	}{
		{"top", "", 100 * time.Millisecond},
		{"new subfolder", "incoming/2025/march", 3 * time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			js := startJetStream(t, embedded.Config{}, true)
			cfg := testConfig("")
			cfg.SettleTime, cfg.QuietTime = 300*time.Millisecond, c.quiet
			h := newHarness(t, js, cfg)
			h.start()
			waitFor(t, 5*time.Second, func() bool { return h.logs.FilterMessage("watching inbox").Len() == 1 }, "the fetcher to watch the inbox")
			dir := filepath.Join(h.inbox, filepath.FromSlash(c.dir))
			if c.dir != "" {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				time.Sleep(200 * time.Millisecond)
			}
			f, err := os.Create(filepath.Join(dir, "slow.txt"))
			if err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				if i > 0 {
					time.Sleep(500 * time.Millisecond)
				}
				if _, err := f.Write(slowChunk); err != nil {
					t.Fatal(err)
				}
			}
			time.Sleep(500 * time.Millisecond)
			closeAfterWrite(t, h, f, 4*len(slowChunk))
			h.waitFiles(filepath.Join(ProcessedDir, filepath.FromSlash(c.dir)), 1)
			name := path.Join(c.dir, "slow.txt")
			if n := h.logs.FilterMessage("file is still open for writing; waiting for its writer to close it").
				FilterField(stringField("file", name)).Len(); n != 1 {
				t.Errorf("the wait for the writer (inotify) was logged %d times, want once: %v", n, h.logs.All())
			}
		})
	}
}

// closeAfterWrite writes a last slowChunk to f, closes it, and requires
// the fetcher to publish it as the one document of want bytes.
func closeAfterWrite(t *testing.T, h *harness, f *os.File, want int) {
	t.Helper()
	if _, err := f.Write(slowChunk); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, func() bool { return h.outcomes(OutcomePublished) == 1 }, "the file published")
	onlyDocument(t, h, want)
}

// onlyDocument requires the documents stream to hold one document of want bytes.
func onlyDocument(t *testing.T, h *harness, want int) {
	t.Helper()
	msgs := streamDocs(t, h.js)
	if len(msgs) != 1 || len(msgs[0].doc.Content) != want {
		var got []int
		for _, m := range msgs {
			got = append(got, len(m.doc.Content))
		}
		t.Fatalf("published %v bytes, want one document of %d (the whole file)", got, want)
	}
}
