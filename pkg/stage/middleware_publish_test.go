package stage_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

func TestPublishStoresEveryOutputBeforeReturning(t *testing.T) {
	e := newEnv(t)
	pub := stage.NewPublisher(e.js, events.StageParser, e.m, stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 0))
	outs := []stage.Output{
		{Subject: events.SubjectArticles, Type: events.CETypeArticleParsed, Data: []byte("one")},
		{Subject: events.SubjectArticles, Type: events.CETypeArticleParsed, DocID: "own-id", Data: []byte("two")},
	}
	h := stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) { return outs, nil })
	parent := nats.Header{}
	parent.Set(events.HeaderTraceID, "trace-1")
	d := &stage.Delivery{DocID: "input-id", Header: parent, Log: zap.NewNop()}
	got, err := stage.Publish(pub)(h).Handle(context.Background(), d)
	if err != nil || got != nil {
		t.Fatalf("Publish: %v, %v; want no outputs left and no error", got, err)
	}
	// Both are in the stream when Handle returns, with the input's trace.
	s, _ := e.js.Stream(context.Background(), events.StreamArticles)
	for seq, want := range map[uint64]string{1: "input-id", 2: "own-id"} {
		raw, err := s.GetMsg(context.Background(), seq)
		if err != nil {
			t.Fatal(err)
		}
		if raw.Header.Get(events.HeaderDocID) != want || raw.Header.Get(events.HeaderTraceID) != "trace-1" ||
			raw.Header.Get(jetstream.MsgIDHeader) != "parser:"+want {
			t.Errorf("message %d: headers %v, want doc %s", seq, raw.Header, want)
		}
	}
	// An output the server cannot store fails the handling (the input is retried).
	outs = []stage.Output{{Subject: "tidings.nowhere.v1", Data: []byte("x")}}
	if _, err := stage.Publish(pub)(h).Handle(context.Background(), d); err == nil || stage.Outcome(err) != stage.OutcomeNak {
		t.Errorf("publish to a subject no stream holds: %v", err)
	}
}

// Several outputs of one input, each with its own item id: all stored, in
// order, with distinct Nats-Msg-Ids; publishing them again stores nothing.
func TestPublishAllItemsOnceInOrder(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pub := stage.NewPublisher(e.js, events.StageEnricher, e.m, stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 0))
	var outs []stage.Output
	for i := range 600 { // more than one window
		outs = append(outs, stage.Output{Subject: events.EventSubject("19", "190"), Type: events.CETypeEventCoded,
			DocID: "doc", ItemID: events.ItemID(events.KindEvent, "doc", i), Data: []byte{byte(i)}})
	}
	res, err := pub.PublishAll(ctx, outs, nil)
	if err != nil || len(res) != len(outs) {
		t.Fatalf("PublishAll: %v (%d results)", err, len(res))
	}
	s, _ := e.js.Stream(ctx, events.StreamEvents)
	for i := range outs {
		raw, err := s.GetMsg(ctx, uint64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		want := "enricher:" + events.ItemID(events.KindEvent, "doc", i)
		if raw.Data[0] != byte(i) || raw.Header.Get(jetstream.MsgIDHeader) != want || raw.Header.Get(events.HeaderID) != want ||
			raw.Header.Get(events.HeaderDocID) != "doc" || raw.Header.Get(events.HeaderType) != events.CETypeEventCoded {
			t.Errorf("message %d: %v %v", i+1, raw.Data, raw.Header)
		}
	}
	res, err = pub.PublishAll(ctx, outs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if !r.Duplicate {
			t.Errorf("output %d stored twice", i)
		}
	}
	if info, _ := s.Info(ctx); info.State.Msgs != uint64(len(outs)) {
		t.Errorf("stream holds %d messages, want %d", info.State.Msgs, len(outs))
	}
	// One output no stream holds fails the whole publish.
	outs[7].Subject = "tidings.nowhere.v1"
	if _, err := pub.PublishAll(ctx, outs, nil); err == nil || stage.Outcome(err) != stage.OutcomeNak {
		t.Errorf("publish with one unstorable output: %v", err)
	}
}

// TestPublishAllReleasesAClaimCheckedPayload: an output that went to the
// object store is not held while the others are published (the enricher's
// 28 MB record while thousands of events went); its object is whole.
func TestPublishAllReleasesAClaimCheckedPayload(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	claims := stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 1000)
	pub := stage.NewPublisher(e.js, events.StageEnricher, e.m, claims)
	big := bytes.Repeat([]byte("r"), 5000)
	outs := []stage.Output{{Subject: events.SubjectEnriched, Type: events.CETypeArticleEnriched, DocID: "doc", Data: big}}
	for i := range 3 {
		outs = append(outs, stage.Output{Subject: events.EventSubject("19", "190"), Type: events.CETypeEventCoded,
			DocID: "doc", ItemID: events.ItemID(events.KindEvent, "doc", i), Data: []byte{byte(i)}})
	}
	res, err := pub.PublishAll(ctx, outs, nil)
	if err != nil || !res[0].ClaimCheck {
		t.Fatalf("PublishAll: %v, %+v", err, res)
	}
	if outs[0].Data != nil || len(outs[1].Data) != 1 {
		t.Errorf("after publishing, the claim-checked output holds %d bytes (want none), an inline one %d (want 1)", len(outs[0].Data), len(outs[1].Data))
	}
	s, _ := e.js.Stream(ctx, events.StreamEnriched)
	raw, err := s.GetMsg(ctx, res[0].Sequence)
	if err != nil {
		t.Fatal(err)
	}
	var seen []byte
	h := stage.HandlerFunc(func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) { seen = d.Data; return nil, nil })
	if _, err := stage.ClaimCheck(claims)(h).Handle(ctx, &stage.Delivery{Header: raw.Header}); err != nil || !bytes.Equal(seen, big) {
		t.Errorf("the stored record: %d bytes, %v; want the %d published", len(seen), err, len(big))
	}
}

// The outputs of a batch share one header map, refilled for each: no
// output keeps a header of the one before it (a claim check, its own
// source or receive time), nor lacks one it has and the one before not.
func TestPublishAllHeadersAreEachOutputsOwn(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pub := stage.NewPublisher(e.js, events.StageEnricher, e.m, stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 64))
	received := time.Date(2026, 12, 6, 23, 0, 0, 0, time.UTC)
	outs := []stage.Output{
		{Subject: events.SubjectQuotes, Type: events.CETypeQuoteAttributed, ItemID: "doc.quote.0", Data: []byte("small"),
			Source: "own.txt", Received: received, TraceID: "own-trace"},
		{Subject: events.SubjectQuotes, Type: events.CETypeQuoteAttributed, ItemID: "doc.quote.1", Data: bytes.Repeat([]byte("x"), 100)},
		{Subject: events.EntitySubject(events.EntityOrg), Type: events.CETypeEntityMentioned, ItemID: "doc.entity.0", Data: []byte("small")},
		{Subject: events.EntitySubject(events.EntityOrg), Type: events.CETypeEntityMentioned, ItemID: "doc.entity.1", Data: []byte("small"),
			Source: "own2.txt"},
		{Subject: events.EntitySubject(events.EntityOrg), Type: events.CETypeEntityMentioned, ItemID: "doc.entity.2", Data: []byte("small")},
		{Subject: events.EntitySubject(events.EntityOrg), Type: events.CETypeEntityMentioned, ItemID: "doc.entity.3", Data: []byte("small"),
			Received: received},
	}
	for i := range outs {
		outs[i].DocID = "doc"
	}
	parent := nats.Header{}
	parent.Set(events.HeaderTraceID, "trace-1")
	res, err := pub.PublishAll(ctx, outs, parent)
	if err != nil || len(res) != len(outs) || res[0].ClaimCheck || !res[1].ClaimCheck || res[2].ClaimCheck {
		t.Fatalf("PublishAll: %v, %+v; want the second output alone as a claim check", err, res)
	}
	want := []map[string]string{
		{events.HeaderSourceName: "own.txt", events.HeaderReceived: received.Format(time.RFC3339Nano), events.HeaderTraceID: "own-trace",
			events.HeaderType: events.CETypeQuoteAttributed},
		{events.HeaderClaimCheck: events.ClaimCheckBucket + "/" + events.SubjectQuotes + ".enricher:doc.quote.1", events.HeaderTraceID: "trace-1",
			events.HeaderType: events.CETypeQuoteAttributed},
		{events.HeaderTraceID: "trace-1", events.HeaderType: events.CETypeEntityMentioned},
		{events.HeaderTraceID: "trace-1", events.HeaderType: events.CETypeEntityMentioned, events.HeaderSourceName: "own2.txt"},
		{events.HeaderTraceID: "trace-1", events.HeaderType: events.CETypeEntityMentioned},
		{events.HeaderTraceID: "trace-1", events.HeaderType: events.CETypeEntityMentioned, events.HeaderReceived: received.Format(time.RFC3339Nano)},
	}
	streams := []string{events.StreamQuotes, events.StreamQuotes, events.StreamEntities, events.StreamEntities, events.StreamEntities, events.StreamEntities}
	seqs := []uint64{1, 2, 1, 2, 3, 4}
	for i, w := range want {
		s, _ := e.js.Stream(ctx, streams[i])
		raw, err := s.GetMsg(ctx, seqs[i])
		if err != nil {
			t.Fatal(err)
		}
		w[jetstream.MsgIDHeader] = "enricher:" + outs[i].ItemID
		w[events.HeaderID] = w[jetstream.MsgIDHeader]
		w[events.HeaderDocID], w[events.HeaderSubject] = "doc", "doc"
		w[events.HeaderSource], w[events.HeaderSpecVersion] = "tidings/enricher", events.CloudEventsSpecVersion
		if len(raw.Header) != len(w)+1 || raw.Header.Get(events.HeaderTime) == "" { // ce-time besides
			t.Errorf("output %d: headers %v, want %v and ce-time", i, raw.Header, w)
		}
		for k, v := range w {
			if got := raw.Header.Values(k); len(got) != 1 || got[0] != v {
				t.Errorf("output %d: %s %q, want %q", i, k, got, v)
			}
		}
	}
}

// TestAStreamedOutputIsStoredWhole: an output written out as it is stored
// (Output.Stream, a large one's JSON) loads back as the bytes Marshal
// writes, through Publish and PublishAll alike, and is not held after; one
// under the limit goes inline.
func TestAStreamedOutputIsStoredWhole(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	claims := stage.NewClaimChecks(e.js, stage.Topology{Replicas: 1}, 1000)
	pub := stage.NewPublisher(e.js, events.StageEnricher, e.m, claims)
	load := func(seq uint64) []byte {
		t.Helper()
		s, _ := e.js.Stream(ctx, events.StreamEnriched)
		raw, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		var seen []byte
		h := stage.HandlerFunc(func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) { seen = d.Data; return nil, nil })
		if _, err := stage.ClaimCheck(claims)(h).Handle(ctx, &stage.Delivery{Header: raw.Header, Data: raw.Data}); err != nil {
			t.Fatal(err)
		}
		return seen
	}
	for i, body := range []string{strings.Repeat("The \"talks\" <went> on.\n", 10_000), "short"} {
		art := events.Article{SchemaVersion: events.SchemaVersion, ID: "doc" + strconv.Itoa(i), Body: body}
		want, _ := stage.Marshal(art)
		stream := func() stage.Output {
			s, err := stage.StreamJSON(art)
			if err != nil {
				t.Fatal(err)
			}
			return stage.Output{Subject: events.SubjectEnriched, Type: events.CETypeArticleEnriched, DocID: art.ID, Stream: s}
		}
		res, err := pub.Publish(ctx, stream(), nil)
		if err != nil || res.ClaimCheck != (len(want) > 1000) || !bytes.Equal(load(res.Sequence), want) {
			t.Errorf("Publish of a streamed %d-byte output: claim check %v (%v); not the bytes Marshal writes", len(want), res.ClaimCheck, err)
		}
		outs := []stage.Output{stream(), {Subject: events.SubjectEnriched, Type: events.CETypeArticleEnriched, DocID: "other", ItemID: "x", Data: []byte("{}")}}
		all, err := pub.PublishAll(ctx, outs, nil)
		if err != nil || all[0].ClaimCheck != (len(want) > 1000) || !bytes.Equal(load(all[0].Sequence), want) {
			t.Errorf("PublishAll of a streamed %d-byte output: %v; not the bytes Marshal writes", len(want), err)
		}
		if all[0].ClaimCheck && outs[0].Stream != nil {
			t.Error("the claim-checked streamed output is held after PublishAll")
		}
	}
}
