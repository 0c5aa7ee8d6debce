package enricher

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/registry"
)

const fanoutBody = "Prime Minister Jane Doolittle met Canadian President Arlo Finch in Paris on Monday.\n\n" +
	"\u201cWe agreed to work together,\u201d Ms Doolittle said."

// TestFanoutOnJetStream: an article's events, entities and quotes each land
// once on their subjects, with the headers of the pipeline; the same
// article handled again (a redelivery) publishes nothing more; a second
// article naming the same person says it is not where she was first seen.
func TestFanoutOnJetStream(t *testing.T) {
	env := stagetest.Start(t)
	ctx := context.Background()
	kv := env.KeyValue(t, events.KVBucket)
	x, err := extract.New(extract.Options{Registry: registry.NewKV(kv)})
	if err != nil {
		t.Fatal(err)
	}
	docA := events.DocumentID([]byte(fanoutBody))
	art := events.Article{SchemaVersion: events.SchemaVersion, ID: docA, Source: "a.txt", Title: "Talks in Paris", Body: fanoutBody, Language: "en"}
	data, _ := json.Marshal(art)
	env.Publish(t, events.SubjectArticles, docA, data)
	env.Run(t, stage.RouterConfig{Stage: events.StageEnricher, Consumer: events.EnricherConsumer(), Concurrency: 4},
		NewHandler(x, &Fanout{FirstSeen: registry.NewFirstSeen(kv)}))

	rec := decode[events.EnrichedArticle](t, env.Messages(t, events.StreamEnriched, 1)[0].Data)
	if len(rec.Events) == 0 || len(rec.Entities) < 3 || len(rec.Quotes) != 1 {
		t.Fatalf("record has %d events, %d entities, %d quotes", len(rec.Events), len(rec.Entities), len(rec.Quotes))
	}
	evs := env.Messages(t, events.StreamEvents, len(rec.Events))
	ents := env.Messages(t, events.StreamEntities, len(rec.Entities))
	qs := env.Messages(t, events.StreamQuotes, len(rec.Quotes))
	for i, m := range evs {
		ev := decode[events.EventMessage](t, m.Data)
		want := rec.Events[i]
		if m.Subject != events.EventSubject(want.RootCode, want.Code) || ev.Code != want.Code || ev.Index != i || ev.Article.ID != docA || ev.Article.Title != "Talks in Paris" {
			t.Errorf("event %d on %s: %+v", i, m.Subject, ev)
		}
		checkHeaders(t, m, events.CETypeEventCoded, events.ItemID(events.KindEvent, docA, i), docA)
	}
	for i, m := range ents {
		en := decode[events.EntityMessage](t, m.Data)
		want := rec.Entities[i]
		if m.Subject != events.EntitySubject(want.Type) || en.Entity.ID != want.ID || len(en.Entity.Mentions) != len(want.Mentions) {
			t.Errorf("entity %d on %s: %+v", i, m.Subject, en)
		}
		if !en.FirstSeen {
			t.Errorf("entity %s: first_seen false in the first article naming it", en.Entity.ID)
		}
		checkHeaders(t, m, events.CETypeEntityMentioned, events.ItemID(events.KindEntity, docA, i), docA)
	}
	q := decode[events.QuoteMessage](t, qs[0].Data)
	if qs[0].Subject != events.SubjectQuotes || q.Speaker == nil || q.Speaker.Name != "Jane Doolittle" || q.Speaker.Type != events.EntityPerson || q.Cue != "said" {
		t.Errorf("quote on %s: %+v", qs[0].Subject, q)
	}
	checkHeaders(t, qs[0], events.CETypeQuoteAttributed, events.ItemID(events.KindQuote, docA, 0), docA)

	// The same article again, as a redelivery would bring it: nothing new.
	env.PublishMsgID(t, events.SubjectArticles, docA, "replay-1", data)
	// A second article naming Jane Doolittle.
	bodyB := "Jane Doolittle visited Berlin on Tuesday."
	docB := events.DocumentID([]byte(bodyB))
	dataB, _ := json.Marshal(events.Article{SchemaVersion: events.SchemaVersion, ID: docB, Source: "b.txt", Body: bodyB, Language: "en"})
	env.Publish(t, events.SubjectArticles, docB, dataB)
	env.Messages(t, events.StreamEnriched, 2)
	cons, err := env.JS.Consumer(ctx, events.StreamArticles, events.StageEnricher)
	if err != nil {
		t.Fatal(err)
	}
	stagetest.WaitFor(t, "the three articles acknowledged", 20*time.Second, func() bool {
		info, err := cons.Info(ctx)
		return err == nil && info.AckFloor.Stream == 3
	})
	var janeB *events.EntityMessage
	for _, m := range allMessages(t, env, events.StreamEntities) {
		en := decode[events.EntityMessage](t, m.Data)
		if en.Article.ID == docB && en.Entity.Name == "Jane Doolittle" {
			janeB = &en
		}
	}
	if janeB == nil || janeB.FirstSeen {
		t.Errorf("second article's Jane Doolittle: %+v, want first_seen false", janeB)
	}
	counts := map[string]int{}
	for _, s := range []string{events.StreamEvents, events.StreamEntities, events.StreamQuotes} {
		for _, m := range allMessages(t, env, s) {
			counts[m.Header.Get("Nats-Msg-Id")]++
		}
	}
	for id, n := range counts {
		if n != 1 {
			t.Errorf("%s stored %d times", id, n)
		}
	}
	if n := len(allMessages(t, env, events.StreamQuotes)); n != 1 {
		t.Errorf("quotes stream holds %d messages after the redelivery, want 1", n)
	}
}

func checkHeaders(t *testing.T, m *jetstream.RawStreamMsg, ceType, itemID, docID string) {
	t.Helper()
	h := m.Header
	if h.Get(events.HeaderType) != ceType || h.Get("Nats-Msg-Id") != "enricher:"+itemID || h.Get(events.HeaderID) != "enricher:"+itemID ||
		h.Get(events.HeaderDocID) != docID || h.Get(events.HeaderTraceID) != "trace-"+docID || h.Get(events.HeaderSpecVersion) != "1.0" ||
		h.Get(events.HeaderSource) != "tidings/enricher" {
		t.Errorf("%s: headers %v", itemID, h)
	}
}

func decode[T any](t *testing.T, data []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("decode %T: %v", v, err)
	}
	return v
}

// allMessages reads every message of stream once it has been quiet briefly.
func allMessages(t *testing.T, env *stagetest.Env, stream string) []*jetstream.RawStreamMsg {
	t.Helper()
	ctx := context.Background()
	s, err := env.JS.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return env.Messages(t, stream, int(info.State.Msgs))
}

func TestFirstSeenIsStableAcrossInstances(t *testing.T) {
	env := stagetest.Start(t)
	ctx := context.Background()
	kv := env.KeyValue(t, events.KVBucket)
	a, b := registry.NewFirstSeen(kv), registry.NewFirstSeen(kv)
	for _, c := range []struct {
		fs        *registry.FirstSeen
		id, doc   string
		wantFirst bool
	}{
		{a, "per:jane-doolittle", "doc-1", true},
		{a, "per:jane-doolittle", "doc-1", true}, // the same article again
		{a, "per:jane-doolittle", "doc-2", false},
		{b, "per:jane-doolittle", "doc-1", true}, // another replica agrees
		{b, "per:jane-doolittle", "doc-2", false},
		{b, "loc:paris", "doc-2", true},
		{a, "loc:paris", "doc-1", false},
	} {
		got, err := c.fs.FirstSeen(ctx, c.id, c.doc)
		if err != nil || got != c.wantFirst {
			t.Errorf("FirstSeen(%s, %s) = %v, %v; want %v", c.id, c.doc, got, err, c.wantFirst)
		}
	}
}
