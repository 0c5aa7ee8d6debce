// Package fanouttest checks the enricher's fan-out streams against the
// stored records in end-to-end tests: every event, entity and quote of every
// record on its subject exactly once, with the record's content.
package fanouttest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
)

// Message is a fan-out message as stored.
type Message struct {
	Subject string
	MsgID   string
	Type    string
	TraceID string
	Data    []byte
}

// Read returns every message of stream in order.
func Read(t testing.TB, js jetstream.JetStream, stream string) []Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatalf("stream %s: %v", stream, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []Message
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			t.Fatalf("%s seq %d: %v", stream, seq, err)
		}
		out = append(out, Message{Subject: m.Subject, MsgID: m.Header.Get(jetstream.MsgIDHeader),
			Type: m.Header.Get(events.HeaderType), TraceID: m.Header.Get(events.HeaderTraceID), Data: m.Data})
	}
	return out
}

// Streams holds the decoded fan-out messages of the three streams.
type Streams struct {
	Events   map[string]events.EventMessage
	Entities map[string]events.EntityMessage
	Quotes   map[string]events.QuoteMessage
	// Subjects maps each item id to the subject it was published on.
	Subjects map[string]string
}

// Check reads the three fan-out streams and checks them against recs:
// exactly one message per item of every record (by Nats-Msg-Id, and no
// other), on its subject, with its ce-type and a trace id, carrying the
// record's item. It returns the decoded messages.
func Check(t testing.TB, js jetstream.JetStream, recs []*events.EnrichedArticle) Streams {
	t.Helper()
	s := Streams{Events: map[string]events.EventMessage{}, Entities: map[string]events.EntityMessage{},
		Quotes: map[string]events.QuoteMessage{}, Subjects: map[string]string{}}
	read := func(stream, ceType string, decode func(id string, data []byte) error) {
		for _, m := range Read(t, js, stream) {
			id := m.MsgID[len(events.StageEnricher)+1:]
			if _, dup := s.Subjects[id]; dup {
				t.Errorf("%s: %s stored twice", stream, m.MsgID)
				continue
			}
			s.Subjects[id] = m.Subject
			if m.Type != ceType || m.TraceID == "" {
				t.Errorf("%s: ce-type %q, trace id %q", m.MsgID, m.Type, m.TraceID)
			}
			if err := decode(id, m.Data); err != nil {
				t.Errorf("%s: %v", m.MsgID, err)
			}
		}
	}
	read(events.StreamEvents, events.CETypeEventCoded, func(id string, b []byte) error { return decodeInto(s.Events, id, b) })
	read(events.StreamEntities, events.CETypeEntityMentioned, func(id string, b []byte) error { return decodeInto(s.Entities, id, b) })
	read(events.StreamQuotes, events.CETypeQuoteAttributed, func(id string, b []byte) error { return decodeInto(s.Quotes, id, b) })

	want := 0
	for _, rec := range recs {
		evs, ents, qs := events.FanoutOf(rec, nil)
		want += len(evs) + len(ents) + len(qs)
		for _, e := range evs {
			got, ok := s.Events[e.ID]
			if !ok {
				t.Errorf("event %s (%s) was not published", e.ID, e.Code)
				continue
			}
			if sub := s.Subjects[e.ID]; sub != events.EventSubject(e.RootCode, e.Code) || !sameJSON(got, e) {
				t.Errorf("event %s on %s:\n got %+v\nwant %+v", e.ID, sub, got, e)
			}
		}
		for _, e := range ents {
			got, ok := s.Entities[e.ID]
			if !ok {
				t.Errorf("entity %s (%s) was not published", e.ID, e.Entity.ID)
				continue
			}
			got.FirstSeen = false // the record does not say
			if sub := s.Subjects[e.ID]; sub != events.EntitySubject(e.Entity.Type) || !sameJSON(got, e) {
				t.Errorf("entity %s on %s:\n got %+v\nwant %+v", e.ID, sub, got, e)
			}
		}
		for _, q := range qs {
			got, ok := s.Quotes[q.ID]
			if !ok {
				t.Errorf("quote %s was not published", q.ID)
				continue
			}
			if sub := s.Subjects[q.ID]; sub != events.SubjectQuotes || !sameJSON(got, q) {
				t.Errorf("quote %s on %s:\n got %+v\nwant %+v", q.ID, sub, got, q)
			}
		}
	}
	if len(s.Subjects) != want {
		t.Errorf("%d fan-out messages, the %d records have %d items", len(s.Subjects), len(recs), want)
	}
	return s
}

func decodeInto[T any](m map[string]T, id string, data []byte) error {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	m[id] = v
	return nil
}

// sameJSON compares two values by their JSON form, the article's
// published time as an instant (a store may give it another zone).
func sameJSON(a, b any) bool {
	return reflect.DeepEqual(jsonForm(a), jsonForm(b))
}

func jsonForm(v any) any {
	b, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	if art, ok := m["article"].(map[string]any); ok {
		if p, ok := art["published"].(string); ok {
			if t, err := time.Parse(time.RFC3339Nano, p); err == nil {
				art["published"] = t.UTC().Format(time.RFC3339Nano)
			}
		}
	}
	return m
}
