package fetcher

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// Fixtures, written for these tests.
var (
	textDoc  = []byte("Harbour council approves new ferry timetable\n\nThe council voted on Tuesday to add two evening crossings.\n")
	mdDoc    = []byte("# Library reopens\n\nThe town library reopened after a **six-month** refit.\n")
	htmlDoc  = []byte("<!doctype html><html><head><title>Orchard fair</title></head><body><p>The orchard fair drew a record crowd.</p></body></html>\n")
	jsonDoc  = []byte(`{"title":"Bridge inspection","body":"Engineers found the bridge sound."}` + "\n")
	noteText = []byte("A short note about the allotment society's annual show.\n")
)

func TestPublishesFilesPresentAtStart(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	h := newHarness(t, js, testConfig(""))
	want := map[string]struct {
		content []byte
		media   string
	}{
		"ferry.txt":   {textDoc, events.MediaText},
		"library.MD":  {mdDoc, events.MediaMarkdown},
		"orchard.htm": {htmlDoc, events.MediaHTML},
		"bridge.json": {jsonDoc, events.MediaJSON},
	}
	for name, w := range want {
		h.write(name, w.content)
	}
	h.write(".hidden.txt", textDoc)
	h.write("draft.txt.part", textDoc)
	h.write("notes.md~", textDoc)
	h.start()

	h.waitFiles(ProcessedDir, len(want))
	msgs := streamDocs(t, js)
	if len(msgs) != len(want) {
		t.Fatalf("stream holds %d messages, want %d", len(msgs), len(want))
	}
	for _, m := range msgs {
		w, ok := want[m.doc.Source]
		if !ok {
			t.Fatalf("unexpected document from %q", m.doc.Source)
		}
		checkDocument(t, m, w.content, w.media)
	}
	if got := h.files(""); strings.Join(got, ",") != ".hidden.txt,draft.txt.part,notes.md~" {
		t.Errorf("inbox holds %v, want only the ignored files", got)
	}
	if got := h.outcomes(OutcomePublished); got != 4 {
		t.Errorf("published = %v, want 4", got)
	}
	var total int
	for _, w := range want {
		total += len(w.content)
	}
	if got := testutil.ToFloat64(h.f.metrics.bytes); got != float64(total) {
		t.Errorf("bytes = %v, want %d", got, total)
	}
	if got := testutil.ToFloat64(h.f.metrics.inbox); got != 0 {
		t.Errorf("backlog gauge = %v, want 0 (ignored files are not waiting)", got)
	}
}

// checkDocument asserts the decoded message and its headers.
func checkDocument(t *testing.T, m stored, content []byte, media string) {
	t.Helper()
	d := m.doc
	if d.ID != events.DocumentID(content) {
		t.Errorf("%s: id %s, want DocumentID of the content", d.Source, d.ID)
	}
	if !bytes.Equal(d.Content, content) || m.claimCheck {
		t.Errorf("%s: content %q (claim check %v), want %q inline", d.Source, d.Content, m.claimCheck, content)
	}
	if d.MediaType != media || d.Size != int64(len(content)) || d.SchemaVersion != events.SchemaVersion {
		t.Errorf("%s: media %q size %d version %d", d.Source, d.MediaType, d.Size, d.SchemaVersion)
	}
	if d.ReceivedAt.IsZero() || time.Since(d.ReceivedAt) > time.Minute {
		t.Errorf("%s: received at %v", d.Source, d.ReceivedAt)
	}
	h := m.header
	if got := h.Get(jetstream.MsgIDHeader); got != "fetcher:"+d.ID {
		t.Errorf("%s: Nats-Msg-Id %q", d.Source, got)
	}
	if h.Get(events.HeaderType) != events.CETypeDocumentReceived || h.Get(events.HeaderDocID) != d.ID {
		t.Errorf("%s: ce-type %q doc id header %q", d.Source, h.Get(events.HeaderType), h.Get(events.HeaderDocID))
	}
	if d.TraceID == "" || h.Get(events.HeaderTraceID) != d.TraceID {
		t.Errorf("%s: trace id %q, header %q", d.Source, d.TraceID, h.Get(events.HeaderTraceID))
	}
	rcv, err := time.Parse(time.RFC3339Nano, h.Get(events.HeaderReceived))
	if err != nil || !rcv.Equal(d.ReceivedAt) {
		t.Errorf("%s: received header %q (%v), want %v", d.Source, h.Get(events.HeaderReceived), err, d.ReceivedAt)
	}
}

func TestPublishesFileDroppedWhileRunning(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	cfg := testConfig("")
	cfg.RescanInterval = time.Hour // only the watcher can notice the file
	h := newHarness(t, js, cfg)
	h.start()
	time.Sleep(100 * time.Millisecond) // let the watcher start
	h.write("ferry.txt", textDoc)

	if got := h.waitFiles(ProcessedDir, 1); got[0] != "ferry.txt" {
		t.Fatalf("processed/ holds %v", got)
	}
	msgs := streamDocs(t, js)
	if len(msgs) != 1 {
		t.Fatalf("stream holds %d messages, want 1", len(msgs))
	}
	checkDocument(t, msgs[0], textDoc, events.MediaText)
	if got := h.files(""); len(got) != 0 {
		t.Errorf("inbox still holds %v", got)
	}
}

func TestRejects(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	cfg := testConfig("")
	cfg.MaxSize = 1 << 10
	h := newHarness(t, js, cfg)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, textDoc, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		make   func(path string) error
		reason Reason
	}{
		{"empty.txt", writeBytes(nil), ReasonEmpty},
		{"blank.md", writeBytes([]byte(" \n\t\n")), ReasonEmpty},
		{"huge.txt", writeBytes(bytes.Repeat([]byte("word "), 400)), ReasonTooLarge},
		{"nul.txt", writeBytes([]byte("text with a \x00 byte")), ReasonBinary},
		{"image.html", writeBytes([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")), ReasonBinary},
		{"report.pdf", writeBytes([]byte("%PDF-1.7 not accepted by extension")), ReasonUnsupportedType},
		{"noextension", writeBytes(textDoc), ReasonUnsupportedType},
		{"latin1.txt", writeBytes([]byte("caf\xe9 cr\xe8me")), ReasonInvalidEncoding},
		{"utf32.txt", writeBytes([]byte{0xFF, 0xFE, 0, 0, 'a', 0, 0, 0}), ReasonInvalidEncoding},
		{"escape.txt", func(p string) error { return os.Symlink(outside, p) }, ReasonSymlinkOutside},
		{"dangling.txt", func(p string) error { return os.Symlink(filepath.Join(filepath.Dir(p), "missing"), p) }, ReasonUnreadable},
		{"broken.json", writeBytes([]byte(`{"title": "Talks", "body": "unterminated`)), ReasonInvalidJSON},
		{"list.json", writeBytes([]byte(`[{"body": "an array, not a document"}]`)), ReasonInvalidJSON},
		{"notext.json", writeBytes([]byte(`{"title": "Talks", "url": "https://example.com/a"}`)), ReasonInvalidJSON},
	}
	if os.Geteuid() != 0 { // root reads any file
		cases = append(cases, struct {
			name   string
			make   func(path string) error
			reason Reason
		}{"locked.txt", func(p string) error {
			if err := os.WriteFile(p, textDoc, 0o644); err != nil {
				return err
			}
			return os.Chmod(p, 0)
		}, ReasonUnreadable})
	}
	for _, c := range cases {
		if err := c.make(filepath.Join(h.inbox, c.name)); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
	h.start()

	waitFor(t, 5*time.Second, func() bool { return h.outcomes(OutcomeRejected) >= float64(len(cases)) }, "every file to be rejected")
	failed := h.waitFiles(FailedDir, 2*len(cases))
	for _, c := range cases {
		reason, err := os.ReadFile(filepath.Join(h.inbox, FailedDir, c.name+reasonSuffix))
		if err != nil {
			t.Errorf("%s: no reason file (failed/ holds %v)", c.name, failed)
			continue
		}
		if !strings.Contains(string(reason), "reason: "+string(c.reason)+"\n") || !strings.HasPrefix(string(reason), "Rejected "+c.name+": ") {
			t.Errorf("%s: reason file says %q, want reason %s", c.name, reason, c.reason)
		}
		if _, err := os.Lstat(filepath.Join(h.inbox, FailedDir, c.name)); err != nil {
			t.Errorf("%s: not in failed/: %v", c.name, err)
		}
	}
	counts := map[Reason]float64{}
	for _, c := range cases {
		counts[c.reason]++
	}
	for _, r := range Reasons() {
		if got := testutil.ToFloat64(h.f.metrics.rejects.WithLabelValues(string(r))); got != counts[r] {
			t.Errorf("rejects{reason=%s} = %v, want %v", r, got, counts[r])
		}
	}
	if got := h.outcomes(OutcomeRejected); got != float64(len(cases)) {
		t.Errorf("rejected = %v, want %d", got, len(cases))
	}
	if msgs := streamDocs(t, js); len(msgs) != 0 {
		t.Errorf("rejects were published: %d messages", len(msgs))
	}
	// The symlink was moved, its target left alone.
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("symlink target outside the inbox was touched: %v", err)
	}
	// Every reject was logged with the stage and file, and doc_id once the content was read.
	for _, c := range []string{"nul.txt", "latin1.txt"} {
		entries := h.logs.FilterMessage("file rejected").FilterField(stringField("file", c)).All()
		if len(entries) != 1 {
			t.Fatalf("%s: %d reject log lines", c, len(entries))
		}
		ctx := entries[0].ContextMap()
		if ctx["stage"] != "fetcher" || ctx["doc_id"] == nil || ctx["reason"] == nil {
			t.Errorf("%s: reject log fields %v", c, ctx)
		}
	}
}

func TestRejectsNonRegularFile(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	h := newHarness(t, js, testConfig(""))
	if err := mkfifo(filepath.Join(h.inbox, "pipe.txt")); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	h.start()
	h.waitFiles(FailedDir, 2)
	if got := testutil.ToFloat64(h.f.metrics.rejects.WithLabelValues(string(ReasonNotRegular))); got != 1 {
		t.Errorf("rejects{not_regular_file} = %v", got)
	}
}

func TestSymlinkInsideInboxIsPublished(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	h := newHarness(t, js, testConfig(""))
	store := filepath.Join(h.inbox, ".store") // a dot folder: not read itself
	if err := os.Mkdir(store, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(store, "original.md"), mdDoc, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(".store", "original.md"), filepath.Join(h.inbox, "alias.md")); err != nil {
		t.Fatal(err)
	}
	h.start()
	h.waitFiles(ProcessedDir, 1)
	msgs := streamDocs(t, js)
	if len(msgs) != 1 || msgs[0].doc.Source != "alias.md" {
		t.Fatalf("messages %+v, want one from alias.md", msgs)
	}
	checkDocument(t, msgs[0], mdDoc, events.MediaMarkdown)
}

func TestEncodings(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	h := newHarness(t, js, testConfig(""))
	h.write("bom.txt", append([]byte{0xEF, 0xBB, 0xBF}, noteText...))
	h.write("wide.txt", utf16LE("Snow closes the pass — é\n"))
	h.start()
	h.waitFiles(ProcessedDir, 2)
	got := map[string]events.Document{}
	for _, m := range streamDocs(t, js) {
		got[m.doc.Source] = m.doc
	}
	if d := got["bom.txt"]; !bytes.Equal(d.Content, noteText) || d.ID != events.DocumentID(noteText) {
		t.Errorf("bom.txt: content %q id %s; want the text without its byte order mark", d.Content, d.ID)
	}
	want := []byte("Snow closes the pass — é\n")
	if d := got["wide.txt"]; !bytes.Equal(d.Content, want) || d.ID != events.DocumentID(want) || d.Size != int64(len(want)) {
		t.Errorf("wide.txt: content %q size %d; want UTF-8 %q", d.Content, d.Size, want)
	}
}

func TestLargeFileGoesThroughObjectStore(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	cfg := testConfig("")
	cfg.InlineLimit = 1 << 10
	h := newHarness(t, js, cfg)
	big := bytes.Repeat([]byte("The regional orchestra announced its winter season today.\n"), 100)
	h.write("season.txt", big)
	h.write("ferry.txt", textDoc)
	h.start()

	h.waitFiles(ProcessedDir, 2)
	docs := map[string]stored{}
	for _, m := range streamDocs(t, js) {
		docs[m.doc.Source] = m
	}
	m := docs["season.txt"]
	if !m.claimCheck {
		t.Fatalf("large document: inline, want a claim check")
	}
	if d := m.doc; d.ID != events.DocumentID(big) || !bytes.Equal(d.Content, big) || d.Size != int64(len(big)) {
		t.Errorf("claimed document: id %s, %d content bytes, size %d; want the file's %d", d.ID, len(d.Content), d.Size, len(big))
	}
	if small := docs["ferry.txt"]; small.claimCheck || !bytes.Equal(small.doc.Content, textDoc) {
		t.Errorf("small document not inline: %+v", small)
	}
	if got := testutil.ToFloat64(h.f.metrics.objectStore); got != 1 {
		t.Errorf("object_store = %v, want 1", got)
	}
}

func TestDocumentTooBigForPayloadGoesThroughObjectStore(t *testing.T) {
	js := startJetStream(t, embedded.Config{MaxPayload: 256 << 10}, true)
	// The default inline limit (512 KiB) is above what the server takes.
	h := newHarness(t, js, testConfig(""))
	// About 294 KB of text, 392 KB as JSON: under the inline limit, over the max payload.
	big := bytes.Repeat([]byte("Tide tables for the estuary were revised upward.\n"), 6000)
	h.write("tides.txt", big)
	h.start()
	h.waitFiles(ProcessedDir, 1)
	msgs := streamDocs(t, js)
	if len(msgs) != 1 || !msgs[0].claimCheck {
		t.Fatalf("want one claim-check message, got %d", len(msgs))
	}
	if !bytes.Equal(msgs[0].doc.Content, big) {
		t.Errorf("object holds %d bytes, want the %d of the file", len(msgs[0].doc.Content), len(big))
	}
}

func TestSameContentTwiceIsStoredOnce(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	h := newHarness(t, js, testConfig(""))
	h.start()
	h.write("note.txt", noteText)
	h.waitFiles(ProcessedDir, 1)
	h.write("note.txt", noteText)
	got := h.waitFiles(ProcessedDir, 2)

	id := events.DocumentID(noteText)
	if want := []string{"note-" + id[:8] + ".txt", "note.txt"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("processed/ holds %v, want %v (both kept)", got, want)
	}
	msgs := streamDocs(t, js)
	if len(msgs) != 1 || msgs[0].doc.ID != id {
		t.Fatalf("stream holds %d messages, want 1 (deduplicated)", len(msgs))
	}
	pubs := h.logs.FilterMessage("document published").All()
	if len(pubs) != 2 {
		t.Fatalf("%d publishes logged, want 2", len(pubs))
	}
	for i, e := range pubs {
		ctx := e.ContextMap()
		dup, _ := ctx["duplicate"].(bool) // the field is there only for a duplicate
		if ctx["doc_id"] != id || dup != (i == 1) {
			t.Errorf("publish %d: doc_id %v duplicate %v; want %s, %v", i, ctx["doc_id"], ctx["duplicate"], id, i == 1)
		}
	}
	if got := h.outcomes(OutcomePublished); got != 2 {
		t.Errorf("published = %v, want 2", got)
	}
}

func TestWaitsForFileToSettle(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	cfg := testConfig("")
	cfg.SettleTime = 700 * time.Millisecond
	cfg.RescanInterval = 50 * time.Millisecond
	h := newHarness(t, js, cfg)
	h.start()

	parts := [][]byte{[]byte("Storm warning for the coast.\n"), []byte("Ferries are cancelled.\n"), []byte("Schools close early.\n")}
	file, err := os.Create(filepath.Join(h.inbox, "storm.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	for _, p := range parts {
		if _, err := file.Write(p); err != nil {
			t.Fatal(err)
		}
		time.Sleep(250 * time.Millisecond)
		if n := len(streamDocs(t, js)); n != 0 || len(h.files(ProcessedDir)) != 0 {
			t.Fatalf("a growing file was published (%d messages)", n)
		}
	}
	if err := file.Close(); err != nil {
		t.Fatal(err)
	}
	h.waitFiles(ProcessedDir, 1)
	msgs := streamDocs(t, js)
	if len(msgs) != 1 {
		t.Fatalf("stream holds %d messages, want 1", len(msgs))
	}
	checkDocument(t, msgs[0], bytes.Join(parts, nil), events.MediaText)
}

func TestTransientFailureKeepsFileUntilPublished(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, false) // no streams yet: publishes fail
	h := newHarness(t, js, testConfig(""))
	h.write("ferry.txt", textDoc)
	h.start()

	waitFor(t, 5*time.Second, func() bool { return h.outcomes(OutcomeError) >= 2 }, "failed publishes to be retried")
	if got := h.files(""); len(got) != 1 || got[0] != "ferry.txt" {
		t.Fatalf("inbox holds %v after failed publishes, want the file kept", got)
	}
	if got := h.files(ProcessedDir); len(got) != 0 {
		t.Fatalf("moved to processed/ without a PubAck: %v", got)
	}
	stagetest.EnsureStreams(t, js)
	h.waitFiles(ProcessedDir, 1)
	msgs := streamDocs(t, js)
	if len(msgs) != 1 {
		t.Fatalf("stream holds %d messages, want 1", len(msgs))
	}
	checkDocument(t, msgs[0], textDoc, events.MediaText)
}

// TestPublishingResumesSoonAfterAnOutage: after failed publishes the inbox
// is tried again with a growing pause, not after a whole rescan interval (an
// hour here), so the files go out within a second or two of NATS answering
// again (a leader elected, a node back).
func TestPublishingResumesSoonAfterAnOutage(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, false) // no streams yet: publishes fail
	cfg := testConfig("")
	cfg.RescanInterval = time.Hour
	h := newHarness(t, js, cfg)
	h.write("ferry.txt", textDoc)
	h.start()

	waitFor(t, 5*time.Second, func() bool { return h.outcomes(OutcomeError) >= 2 }, "publishes to fail twice")
	stagetest.EnsureStreams(t, js)
	back := time.Now()
	waitFor(t, 3*time.Second, func() bool { return len(h.files(ProcessedDir)) == 1 }, "the file published once the stream answers")
	t.Logf("published %s after the stream was back", time.Since(back).Round(time.Millisecond))
}

func TestGracefulStop(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	h := newHarness(t, js, testConfig(""))
	h.write("ferry.txt", textDoc)
	h.start()
	h.waitFiles(ProcessedDir, 1)
	if err := h.f.Run(context.Background()); err == nil {
		t.Error("a second concurrent Run was allowed")
	}
	start := time.Now()
	if err := h.stop(); err != nil {
		t.Fatalf("Run returned %v after cancellation, want nil", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("stop took %s", d)
	}
}

// gatedJS holds every publish until the gate opens.
type gatedJS struct {
	jetstream.JetStream
	entered chan struct{}
	gate    chan struct{}
}

func (g *gatedJS) PublishMsg(ctx context.Context, msg *nats.Msg, opts ...jetstream.PublishOpt) (*jetstream.PubAck, error) {
	g.entered <- struct{}{}
	<-g.gate
	return g.JetStream.PublishMsg(ctx, msg, opts...)
}

func TestStopFinishesFileInProgress(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	gated := &gatedJS{JetStream: js, entered: make(chan struct{}, 1), gate: make(chan struct{})}
	h := newHarness(t, gated, testConfig(""))
	h.write("ferry.txt", textDoc)
	h.start()
	select {
	case <-gated.entered:
	case <-time.After(5 * time.Second):
		t.Fatal("the file was never published")
	}
	h.cancel() // stop while the publish waits
	h.cancel = nil
	time.Sleep(50 * time.Millisecond)
	close(gated.gate)
	select {
	case err := <-h.done:
		if err != nil {
			t.Fatalf("Run returned %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
	if got := h.files(ProcessedDir); len(got) != 1 {
		t.Fatalf("processed/ holds %v: the file in progress was not finished", got)
	}
	if msgs := streamDocs(t, js); len(msgs) != 1 {
		t.Fatalf("stream holds %d messages, want 1", len(msgs))
	}
}

func TestReady(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	h := newHarness(t, js, testConfig(filepath.Join(t.TempDir(), "new", "inbox")))
	ctx := context.Background()
	if err := h.f.Ready(ctx); err != nil {
		t.Fatalf("fresh inbox not ready: %v", err)
	}
	if got := h.files(""); len(got) != 0 {
		t.Errorf("readiness probe left %v behind", got)
	}
	if os.Geteuid() != 0 { // root writes anywhere
		if err := os.Chmod(h.inbox, 0o555); err != nil {
			t.Fatal(err)
		}
		if err := h.f.Ready(ctx); err == nil {
			t.Error("ready with a read-only inbox")
		}
		if err := os.Chmod(h.inbox, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(h.inbox, FailedDir)); err != nil {
		t.Fatal(err)
	}
	if err := h.f.Ready(ctx); err == nil {
		t.Error("ready without failed/")
	}
}

func TestMetricsLint(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	h := newHarness(t, js, testConfig(""))
	problems, err := testutil.GatherAndLint(h.reg)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("metric %s: %s", p.Metric, p.Text)
	}
	n, err := testutil.GatherAndCount(h.reg, "tidings_fetcher_files_total", "tidings_fetcher_rejects_total",
		"tidings_fetcher_bytes_total", "tidings_inbox_files", "tidings_fetcher_object_store_total")
	if err != nil {
		t.Fatal(err)
	}
	if want := 3 + len(Reasons()) + 3; n != want {
		t.Errorf("%d series registered at start, want %d", n, want)
	}
	if _, err := New(js, Config{Inbox: h.inbox}, h.reg, nil); err == nil {
		t.Error("registering the metrics twice on one registry did not fail")
	}
}

// The published line names what always matters and the exceptions only when
// they happen, so it stays short.
func TestPublishedLineIsConcise(t *testing.T) {
	plain := publishedFields("text/plain", 56, 56, Published{}, "processed/note.txt")
	if len(plain) != 3 {
		t.Errorf("a plain publish logs %d fields, want media_type, size and moved_to", len(plain))
	}
	odd := Published{FromUTF16: true}
	odd.ClaimCheck = true
	odd.PubAck = &jetstream.PubAck{Duplicate: true}
	if n := len(publishedFields("text/plain", 56, 114, odd, "processed/note.txt")); n != 7 {
		t.Errorf("an unusual publish logs %d fields, want all 7", n)
	}
}
