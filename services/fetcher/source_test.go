package fetcher

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
)

// memorySource is a second source of documents: items held in memory,
// each sent once through the fetcher's publishing path, the verdicts kept.
type memorySource struct {
	items []Item
	mu    sync.Mutex
	got   map[string]error
	docs  map[string]Published
	done  chan struct{}
}

func (m *memorySource) Name() string                    { return "memory" }
func (m *memorySource) Ready(ctx context.Context) error { return ctx.Err() }

func (m *memorySource) Run(ctx context.Context, publish PublishFunc) error {
	for _, it := range m.items {
		res, err := publish(ctx, it)
		m.mu.Lock()
		m.got[it.Name], m.docs[it.Name] = err, res
		m.mu.Unlock()
	}
	close(m.done)
	<-ctx.Done()
	return nil
}

// Every source publishes through the one path: the same checks, the same
// document and headers, the same metrics as the inbox's files.
func TestASecondSourceUsesThePublishingPath(t *testing.T) {
	js := startJetStream(t, embedded.Config{}, true)
	big := bytes.Repeat([]byte("The estuary ferry timetable changes on Monday.\n"), 200)
	mem := &memorySource{got: map[string]error{}, docs: map[string]Published{}, done: make(chan struct{}), items: []Item{
		{Name: "upload-1", MediaType: events.MediaText, Raw: textDoc},
		{Name: "upload-2", MediaType: events.MediaMarkdown, Raw: big},
		{Name: "upload-3", MediaType: events.MediaText, Raw: []byte("%PDF-1.7 not text")},
		{Name: "upload-4", MediaType: events.MediaText, Raw: nil},
	}}
	cfg := testConfig(t.TempDir())
	cfg.InlineLimit = 1 << 10
	h := newHarness(t, js, cfg, mem)
	h.start()
	select {
	case <-mem.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the memory source did not finish")
	}
	if err := h.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}

	for name, reason := range map[string]Reason{"upload-3": ReasonBinary, "upload-4": ReasonEmpty} {
		var rej *rejection
		if err := mem.got[name]; !errors.As(err, &rej) || rej.reason != reason {
			t.Errorf("%s: %v, want a rejection for %s", name, err, reason)
		}
	}
	msgs := streamDocs(t, js)
	if len(msgs) != 2 {
		t.Fatalf("%d documents published, want 2", len(msgs))
	}
	for i, name := range []string{"upload-1", "upload-2"} {
		m, res := msgs[i], mem.docs[name]
		if mem.got[name] != nil || m.doc.Source != name || m.doc.ID != res.Doc.ID || m.header.Get(events.HeaderTraceID) != res.Doc.TraceID {
			t.Errorf("%s: error %v, published %+v, stream holds %s", name, mem.got[name], res.Doc, m.doc.Source)
		}
		if i == 0 {
			checkDocument(t, m, textDoc, events.MediaText)
		} else if !m.claimCheck || !bytes.Equal(m.doc.Content, big) || m.doc.MediaType != events.MediaMarkdown {
			t.Errorf("%s: claim check %v, %d bytes of %s; want the %d bytes through the object store", name, m.claimCheck, len(m.doc.Content), m.doc.MediaType, len(big))
		}
	}
	if got := testutil.ToFloat64(h.f.metrics.bytes); got != float64(len(textDoc)+len(big)) {
		t.Errorf("bytes = %v, want %d", got, len(textDoc)+len(big))
	}
	if got := testutil.ToFloat64(h.f.metrics.objectStore); got != 1 {
		t.Errorf("object store = %v, want 1", got)
	}
	if err := h.f.Ready(context.Background()); err != nil {
		t.Errorf("Ready with both sources: %v", err)
	}
}
