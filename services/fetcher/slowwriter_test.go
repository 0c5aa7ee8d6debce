package fetcher

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/stage/embedded"
)

// TestSlowWriterIsReadWhole: a file written in four chunks half a second
// apart, longer than the settle time, is published whole once its writer
// closes it, not as the first chunk.
func TestSlowWriterIsReadWhole(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("following writers needs inotify")
	}
	js := startJetStream(t, embedded.Config{}, true)
	cfg := testConfig("")
	cfg.SettleTime = 300 * time.Millisecond
	cfg.RescanInterval = 100 * time.Millisecond
	h := newHarness(t, js, cfg)
	h.start()
	waitFor(t, 5*time.Second, func() bool { return h.logs.FilterMessage("watching inbox").Len() == 1 }, "the fetcher to watch the inbox")
	chunk := bytes.Repeat([]byte("The council met on Tuesday to discuss the ferry timetable again. "), 10)
	f, err := os.Create(filepath.Join(h.inbox, "slow.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if i > 0 {
			time.Sleep(500 * time.Millisecond)
		}
		if _, err := f.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	h.waitFiles(ProcessedDir, 1)
	msgs := streamDocs(t, js)
	if len(msgs) != 1 || len(msgs[0].doc.Content) != 4*len(chunk) {
		var got []int
		for _, m := range msgs {
			got = append(got, len(m.doc.Content))
		}
		t.Fatalf("published %v bytes, want one document of %d (the whole file)", got, 4*len(chunk))
	}
	if h.logs.FilterMessage("file is still open for writing; waiting for its writer to close it").Len() != 1 {
		t.Errorf("the wait for the writer was not logged once: %v", h.logs.All())
	}
}
