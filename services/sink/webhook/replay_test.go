package webhook

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// Replaying a webhook dead letter (as `tidings dlq replay` does) delivers
// it again to the subscription that gave up on it, and to no other
// subscriber of the subject: nothing is published on the fan-out subject
// again, and the dead letter and its redelivery leave the DLQ stream.
func TestReplayRedeliversToItsSubscriptionOnly(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, Config{})
	var refuse atomic.Bool
	refuse.Store(true)
	a := newReceiver(t, "0123456789abcdef", func(n int, _ delivery) (int, map[string]string) {
		if n == 0 && refuse.Load() {
			return http.StatusGone, nil
		}
		return http.StatusOK, nil
	})
	b := newReceiver(t, "fedcba9876543210", nil)
	va, err := e.m.Create(ctx, Request{Name: "a", Subject: "tidings.events.v1.19.>", URL: a.srv.URL, Secret: "0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.Create(ctx, Request{Name: "b", Subject: "tidings.events.v1.>", URL: b.srv.URL, Secret: "fedcba9876543210"}); err != nil {
		t.Fatal(err)
	}
	ids := e.publish(t, "19", 2)
	dl := e.DeadLetters(t, 1)[0]
	stagetest.WaitFor(t, "both messages at b, the second at a", 10*time.Second, func() bool { return len(b.deliveries()) == 2 && len(a.deliveries()) == 2 })
	refuse.Store(false)

	dlq, err := e.JS.Stream(ctx, events.StreamDLQ)
	if err != nil {
		t.Fatal(err)
	}
	subject, err := stage.Replay(ctx, e.JS, dlq, dl)
	if err != nil || subject != events.RedeliverSubject(va.ID) {
		t.Fatalf("replayed to %q (%v), want %q", subject, err, events.RedeliverSubject(va.ID))
	}
	stagetest.WaitFor(t, "the redelivery at a", 10*time.Second, func() bool { return len(a.deliveries()) == 3 })
	stagetest.WaitFor(t, "the DLQ stream empty", 10*time.Second, func() bool {
		info, err := dlq.Info(ctx)
		return err == nil && info.State.Msgs == 0
	})
	time.Sleep(300 * time.Millisecond) // anything more would arrive meanwhile
	got := a.deliveries()
	if strings.Join(keys(got), " ") != strings.Join([]string{ids[0], ids[1], ids[0]}, " ") {
		t.Errorf("a got %v, want %s refused, %s, then %s again", keys(got), ids[0], ids[1], ids[0])
	}
	if r := got[2]; !r.ValidSignature || r.Subscription != va.ID || r.Type != events.CETypeEventCoded {
		t.Errorf("redelivery %+v", r)
	}
	if n := len(b.deliveries()); n != 2 {
		t.Errorf("b got %d deliveries, want its 2: the replay went to every subscriber", n)
	}
	events19, _ := e.JS.Stream(ctx, events.StreamEvents)
	if info, err := events19.Info(ctx); err != nil || info.State.Msgs != 2 {
		t.Errorf("events stream: %+v (%v), want the 2 published only", info.State, err)
	}
	if st, _ := e.m.Get(ctx, va.ID); st.Stats.Delivered != 2 || st.Stats.DeadLettered != 1 {
		t.Errorf("a's stats %+v", st.Stats)
	}
}
