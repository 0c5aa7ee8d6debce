package stage_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// A handling that lasts three ack waits keeps its message: KeepAlive's
// InProgress resets the server's timer, so nothing is redelivered meanwhile.
func TestKeepAliveHoldsTheMessage(t *testing.T) {
	env := stagetest.Start(t)
	ctx := context.Background()
	spec := events.ParserConsumer()
	spec.AckWait = 300 * time.Millisecond
	cons, err := stage.EnsureConsumer(ctx, env.JS, spec)
	if err != nil {
		t.Fatal(err)
	}
	next := func(data string) jetstream.Msg {
		t.Helper()
		env.Publish(t, events.SubjectDocuments, data, []byte(data))
		batch, err := cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		return <-batch.Messages()
	}
	var redelivered atomic.Bool
	long := stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) {
		// Meanwhile, another fetch must find nothing to redeliver.
		b, err := cons.Fetch(1, jetstream.FetchMaxWait(900*time.Millisecond))
		if err == nil {
			for range b.Messages() {
				redelivered.Store(true)
			}
		}
		return nil, nil
	})
	msg := next("x")
	if _, err := stage.KeepAlive(spec.AckWait/3, stage.ProgressLogEvery)(long).Handle(ctx, stage.NewDelivery(msg, zap.NewNop())); err != nil {
		t.Fatal(err)
	}
	if redelivered.Load() {
		t.Fatal("the message was redelivered while it was being worked on")
	}
	_ = msg.Ack()

	// Without KeepAlive the same wait sees it again: the test can fail.
	if _, err := long.Handle(ctx, stage.NewDelivery(next("y"), zap.NewNop())); err != nil || !redelivered.Load() {
		t.Fatalf("without keep-alive: err %v, redelivered %v; want a redelivery", err, redelivered.Load())
	}
}

// Long work is logged while it runs: an info line at most every logEvery
// (here every keep-alive), with how long so far, on the message's logger
// (doc_id, trace_id).
func TestKeepAliveLogsLongWork(t *testing.T) {
	core, logs := observer.New(zapcore.InfoLevel)
	slow := stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) {
		// Work until two keep-alives were logged (or give up after 10 s).
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
			if logs.FilterMessage("still working on the message").Len() >= 2 {
				break
			}
		}
		return nil, nil
	})
	d := &stage.Delivery{Data: make([]byte, 1000), Log: zap.New(core).With(zap.String("doc_id", "d1"))}
	if _, err := stage.KeepAlive(40*time.Millisecond, 40*time.Millisecond)(slow).Handle(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	lines := logs.FilterMessage("still working on the message").All()
	if len(lines) < 2 {
		t.Fatalf("want a line per keep-alive (every 40 ms) while the work lasts, got %v", logs.All())
	}
	if f := lines[0].ContextMap(); f["doc_id"] != "d1" || f["bytes"] != int64(1000) || f["claim_check"] != nil {
		t.Errorf("line fields %v, want doc_id d1 and bytes 1000", f)
	}
	// A claim check's line names its object (its bytes are loaded later).
	logs.TakeAll()
	d = &stage.Delivery{Header: nats.Header{events.HeaderClaimCheck: {events.ClaimCheckBucket + "/doc"}}, Log: zap.New(core)}
	if _, err := stage.KeepAlive(40*time.Millisecond, 40*time.Millisecond)(slow).Handle(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if lines := logs.FilterMessage("still working on the message").All(); len(lines) == 0 || lines[0].ContextMap()["claim_check"] != events.ClaimCheckBucket+"/doc" {
		t.Errorf("claim check's lines: %v", lines)
	}
}

// Lines are spaced by logEvery however often InProgress goes: the
// keep-alive every 20 ms for 600 ms logs at most three lines when it may
// log every 200 ms (and at least one).
func TestKeepAliveLogsAtMostEveryLogEvery(t *testing.T) {
	core, logs := observer.New(zapcore.InfoLevel)
	slow := stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) {
		time.Sleep(600 * time.Millisecond)
		return nil, nil
	})
	d := &stage.Delivery{Data: []byte("x"), Log: zap.New(core)}
	if _, err := stage.KeepAlive(20*time.Millisecond, 200*time.Millisecond)(slow).Handle(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if n := logs.FilterMessage("still working on the message").Len(); n < 1 || n > 3 {
		t.Errorf("%d lines in 600 ms with a line at most every 200 ms, want 1 to 3", n)
	}
}
