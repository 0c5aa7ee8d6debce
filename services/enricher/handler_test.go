package enricher

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
	"github.com/tidings-news/tidings/services/enricher/extract"
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

func publishArticle(t *testing.T, js jetstream.JetStream, id string, data []byte) {
	t.Helper()
	msg := &nats.Msg{Subject: events.SubjectArticles, Data: data, Header: nats.Header{}}
	msg.Header.Set(events.HeaderDocID, id)
	msg.Header.Set(events.HeaderTraceID, "trace-"+id)
	msg.Header.Set(jetstream.MsgIDHeader, "test:"+id)
	if _, err := js.PublishMsg(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
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

	body := "Prime Minister Jane Doolittle met Canadian President Arlo Finch in Paris on Monday.\n\n" +
		"\u201cWe agreed to work together,\u201d Ms Doolittle said."
	art := events.Article{SchemaVersion: events.SchemaVersion, ID: "doc-good", Source: "good.txt", Body: body, Language: "en"}
	data, err := json.Marshal(art)
	if err != nil {
		t.Fatal(err)
	}
	publishArticle(t, js, "doc-good", data)
	publishArticle(t, js, "doc-bad", []byte("{not json"))

	x, err := extract.New(extract.Options{Registry: extract.NewMemoryRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	cfg := stage.RunnerConfig{Stage: events.StageEnricher, Consumer: events.ConsumerEnricher, Concurrency: 2}
	r := stage.NewRunner(js, cfg, NewHandler(x), stage.NewMetrics(stage.NewRegistry()), zap.NewNop())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()

	out := streamMessages(t, js, events.StreamEnriched.Name, 1)
	var rec events.EnrichedArticle
	if err := json.Unmarshal(out[0].Data, &rec); err != nil {
		t.Fatal(err)
	}
	if !rec.Enriched || rec.ID != "doc-good" || rec.Body != body {
		t.Fatalf("enriched record: enriched=%v id=%q", rec.Enriched, rec.ID)
	}
	if got := out[0].Header.Get(events.HeaderType); got != events.TypeArticleEnriched {
		t.Errorf("type header %q, want %q", got, events.TypeArticleEnriched)
	}
	names := map[string]bool{}
	for _, e := range rec.Entities {
		names[e.Name] = true
	}
	for _, want := range []string{"Jane Doolittle", "Arlo Finch", "Paris"} {
		if !names[want] {
			t.Errorf("entity %q missing; got %v", want, names)
		}
	}
	if len(rec.Quotes) != 1 || rec.Quotes[0].Speaker == nil || rec.Quotes[0].Speaker.Name != "Jane Doolittle" {
		t.Errorf("quotes: %+v", rec.Quotes)
	}

	dl := streamMessages(t, js, events.StreamDLQ.Name, 1)
	if got := dl[0].Header.Get(events.HeaderDLQReason); got != ReasonDecode {
		t.Errorf("DLQ reason %q, want %q", got, ReasonDecode)
	}
	if got := dl[0].Header.Get(events.HeaderDocID); got != "doc-bad" {
		t.Errorf("DLQ doc id %q, want doc-bad", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
