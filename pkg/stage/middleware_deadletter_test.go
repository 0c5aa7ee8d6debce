package stage_test

import (
	"context"
	"errors"
	"testing"

	"github.com/nats-io/nats.go"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

func TestDeadLetterQueue(t *testing.T) {
	e := newEnv(t)
	consumer := events.ParserConsumer()
	consumer.MaxDeliver = 3
	mw := stage.DeadLetterQueue(stage.NewDLQ(e.js, events.StageParser, e.m), consumer)
	failing := func(err error) stage.Handler {
		return stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) { return nil, err })
	}
	seq := uint64(6)
	delivery := func(doc string, delivered uint64) *stage.Delivery {
		seq++ // the DLQ deduplicates by origin
		h := nats.Header{}
		h.Set(events.HeaderDocID, doc)
		return &stage.Delivery{Subject: events.SubjectDocuments, Data: []byte("payload of " + doc), Header: h, DocID: doc,
			Sequence: seq, NumDelivered: delivered, Log: zap.NewNop()}
	}
	boom := errors.New("store unavailable")

	// A permanent error is stored with its reason, then terminated.
	_, err := mw(failing(stage.Permanent("decode", errors.New("not JSON")))).Handle(context.Background(), delivery("a", 1))
	if stage.Outcome(err) != stage.OutcomeDLQ {
		t.Fatalf("permanent error: %v, outcome %s", err, stage.Outcome(err))
	}
	// A transient one before the last delivery is left to be retried.
	if _, err := mw(failing(boom)).Handle(context.Background(), delivery("b", 2)); err != boom {
		t.Fatalf("transient error on delivery 2: %v, want it unchanged", err)
	}
	// On the last allowed delivery it is dead-lettered as retries_exhausted.
	if _, err := mw(failing(boom)).Handle(context.Background(), delivery("c", 3)); stage.Outcome(err) != stage.OutcomeDLQ || !errors.Is(err, boom) {
		t.Fatalf("transient error on the last delivery: %v", err)
	}
	dls := e.deadLetters()
	if len(dls) != 2 {
		t.Fatalf("%d dead letters, want 2: %+v", len(dls), dls)
	}
	if dl := dls[0]; dl.Reason != "decode" || dl.Error != "not JSON" || dl.DocID != "a" || string(dl.Data) != "payload of a" ||
		dl.Stream != events.StreamDocuments || dl.Subject != events.SubjectDocuments || dl.OriginalSequence != 7 || dl.Stage != events.StageParser {
		t.Errorf("first dead letter = %+v", dl)
	}
	if dl := dls[1]; dl.Reason != stage.ReasonRetriesExhausted || dl.Error != boom.Error() || dl.Delivered != 3 {
		t.Errorf("second dead letter = %+v", dl)
	}

	// Should the DLQ not take a message, the failure stays transient.
	if err := e.js.DeleteStream(context.Background(), events.StreamDLQ); err != nil {
		t.Fatal(err)
	}
	_, err = mw(failing(stage.Permanent("decode", errors.New("not JSON")))).Handle(context.Background(), delivery("d", 1))
	if err == nil || stage.Outcome(err) != stage.OutcomeNak {
		t.Fatalf("DLQ unavailable: %v, outcome %s; want a transient failure", err, stage.Outcome(err))
	}
}
