package parser

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
)

// startJetStream runs an embedded JetStream with the pipeline's streams.
func startJetStream(t *testing.T) jetstream.JetStream {
	t.Helper()
	srv, err := embedded.Start(embedded.Config{StoreDir: t.TempDir(), Port: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	nc, err := nats.Connect(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := (stage.Topology{}).EnsureStreams(ctx, js); err != nil {
		t.Fatal(err)
	}
	return js
}

func publishDocument(t *testing.T, js jetstream.JetStream, id string, data []byte) {
	t.Helper()
	msg := &nats.Msg{Subject: events.SubjectDocuments, Data: data, Header: nats.Header{}}
	msg.Header.Set(events.HeaderDocID, id)
	msg.Header.Set(events.HeaderTraceID, "trace-"+id[:8])
	msg.Header.Set(jetstream.MsgIDHeader, "test:"+id)
	if _, err := js.PublishMsg(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
}

func documentJSON(t *testing.T, doc events.Document) []byte {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// streamMessages waits until stream holds want messages and returns them.
func streamMessages(t *testing.T, js jetstream.JetStream, stream string, want int) []*jetstream.RawStreamMsg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	for {
		info, err := s.Info(ctx)
		if err != nil {
			t.Fatalf("stream %s: %v", stream, err)
		}
		if info.State.Msgs >= uint64(want) {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("stream %s holds %d messages, want %d", stream, info.State.Msgs, want)
		case <-time.After(50 * time.Millisecond):
		}
	}
	var out []*jetstream.RawStreamMsg
	for seq := uint64(1); len(out) < want; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatalf("get %s seq %d: %v", stream, seq, err)
		}
		out = append(out, m)
	}
	return out
}

func TestHandlerOnJetStream(t *testing.T) {
	js := startJetStream(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	inline := []byte("Ferry resumes after storm\n\nThe ferry sailed again on Friday. Passengers cheered on the quay.")
	stored := readFixture(t, "article.html")
	obs, err := (stage.Topology{}).EnsureObjectStore(ctx, js)
	if err != nil {
		t.Fatal(err)
	}
	storedID := events.DocumentID(stored)
	if _, err := obs.PutBytes(ctx, storedID, stored); err != nil {
		t.Fatal(err)
	}
	inlineID := events.DocumentID(inline)
	badID := events.DocumentID([]byte("bad"))
	missingID := events.DocumentID([]byte("missing"))

	publishDocument(t, js, inlineID, documentJSON(t, events.Document{
		SchemaVersion: events.SchemaVersion, ID: inlineID, Source: "ferry.txt", MediaType: events.MediaText,
		ReceivedAt: time.Now().UTC(), Size: int64(len(inline)), Content: inline,
	}))
	publishDocument(t, js, badID, []byte(`{"id": "not json`))
	publishDocument(t, js, storedID, documentJSON(t, events.Document{
		SchemaVersion: events.SchemaVersion, ID: storedID, Source: "bridge.html", MediaType: events.MediaHTML,
		ReceivedAt: time.Now().UTC(), Size: int64(len(stored)),
		Ref: &events.ObjectRef{Bucket: events.ObjectBucket, Name: storedID, Size: int64(len(stored))},
	}))
	publishDocument(t, js, missingID, documentJSON(t, events.Document{
		SchemaVersion: events.SchemaVersion, ID: missingID, Source: "gone.html", MediaType: events.MediaHTML,
		Ref: &events.ObjectRef{Bucket: events.ObjectBucket, Name: "no-such-object"},
	}))

	cfg := stage.RunnerConfig{Stage: events.StageParser, Consumer: events.ConsumerParser, Concurrency: 2}
	runner := stage.NewRunner(js, cfg, NewHandler(js), stage.NewMetrics(stage.NewRegistry()), zap.NewNop())
	done := make(chan error, 1)
	go func() { done <- runner.Run(ctx) }()

	arts := map[string]events.Article{}
	for _, m := range streamMessages(t, js, events.StreamArticles.Name, 2) {
		if m.Subject != events.SubjectArticles {
			t.Errorf("article on subject %q", m.Subject)
		}
		if got := m.Header.Get(events.HeaderType); got != events.TypeArticleParsed {
			t.Errorf("ce-type = %q", got)
		}
		validateArticleJSON(t, m.Data)
		var a events.Article
		if err := json.Unmarshal(m.Data, &a); err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, &a)
		if m.Header.Get(events.HeaderDocID) != a.ID {
			t.Errorf("doc id header %q, article %q", m.Header.Get(events.HeaderDocID), a.ID)
		}
		arts[a.ID] = a
	}
	if a, ok := arts[inlineID]; !ok || a.Title != "Ferry resumes after storm" || len(a.Sentences) != 2 {
		t.Errorf("inline article = %+v", a)
	}
	if a, ok := arts[storedID]; !ok || a.Title != "Old river bridge to close for six months of repairs" {
		t.Errorf("object-store article = %+v", a)
	}

	reasons := map[string]string{}
	for _, m := range streamMessages(t, js, events.StreamDLQ.Name, 2) {
		reasons[m.Header.Get(events.HeaderDocID)] = m.Header.Get(events.HeaderDLQReason)
	}
	if reasons[badID] != ReasonDecode {
		t.Errorf("malformed document: DLQ reason %q, want %q", reasons[badID], ReasonDecode)
	}
	if reasons[missingID] != ReasonMissingObject {
		t.Errorf("missing object: DLQ reason %q, want %q", reasons[missingID], ReasonMissingObject)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("runner did not stop")
	}
}
