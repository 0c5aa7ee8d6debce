package stage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

func TestBackoffDelay(t *testing.T) {
	base, max := 250*time.Millisecond, 30*time.Second
	for delivered, want := range map[uint64]time.Duration{
		0: base, 1: base, 2: 500 * time.Millisecond, 3: time.Second, 5: 4 * time.Second,
		8: 30 * time.Second, 9: 30 * time.Second, 1000: 30 * time.Second,
	} {
		if got := stage.BackoffDelay(base, max, delivered); got != want {
			t.Errorf("BackoffDelay after %d deliveries = %v, want %v", delivered, got, want)
		}
	}
}

func TestBackoffDelaysTransientFailuresOnly(t *testing.T) {
	failing := func(err error) stage.Handler {
		return stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) { return nil, err })
	}
	mw := stage.Backoff(100*time.Millisecond, time.Second)
	d := &stage.Delivery{NumDelivered: 3}

	boom := errors.New("store unavailable")
	_, err := mw(failing(boom)).Handle(context.Background(), d)
	if delay, ok := stage.RetryDelay(err); !ok || delay != 400*time.Millisecond || !errors.Is(err, boom) {
		t.Errorf("transient failure on the third delivery: %v (delay %v, %v), want the error with 400ms", err, delay, ok)
	}
	if _, err := mw(failing(nil)).Handle(context.Background(), d); err != nil {
		t.Errorf("success: %v", err)
	}

	// A message the dead-letter queue took is terminated, not delayed.
	e := newEnv(t)
	dlq := stage.DeadLetterQueue(stage.NewDLQ(e.js, events.StageParser, e.m), events.ParserConsumer())
	_, err = mw(dlq(failing(stage.Permanent("decode", boom)))).Handle(context.Background(),
		&stage.Delivery{NumDelivered: 1, Header: map[string][]string{}, Log: zap.NewNop()})
	if _, ok := stage.RetryDelay(err); ok || stage.Outcome(err) != stage.OutcomeDLQ {
		t.Errorf("dead-lettered message: %v, outcome %s", err, stage.Outcome(err))
	}
}
