package stage_test

import (
	"context"
	"testing"

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
