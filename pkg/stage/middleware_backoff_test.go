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
	if delay, ok := stage.RetryDelay(err); !ok || delay < 200*time.Millisecond || delay > 400*time.Millisecond || !errors.Is(err, boom) {
		t.Errorf("transient failure on the third delivery: %v (delay %v, %v), want the error with 200–400ms (400ms with jitter)", err, delay, ok)
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

// TestMaxDeliverOutlastsTheBudget: the deliveries MaxDeliverFor allows keep
// a message retrying for at least the budget even when every jittered delay
// comes out at its shortest, and not for much more than twice it.
func TestMaxDeliverOutlastsTheBudget(t *testing.T) {
	b := stage.JitteredBackoff{Base: stage.DefaultBackoffBase, Max: stage.DefaultBackoffMax}
	for _, budget := range []time.Duration{10 * time.Second, stage.DefaultRetryBudget, 10 * time.Minute} {
		n := stage.MaxDeliverFor(budget, b)
		var least, most time.Duration
		for i := 1; i < n; i++ {
			most += stage.BackoffDelay(b.Base, b.Max, uint64(i))
			least += stage.BackoffDelay(b.Base, b.Max, uint64(i)) / 2
		}
		if least < budget || most > 2*budget+2*b.Max {
			t.Errorf("budget %s: %d deliveries retry for %s to %s", budget, n, least, most)
		}
		for i := 1; i <= 200; i++ {
			if d := b.Delay(n); d < b.Max/2 || d > b.Max {
				t.Fatalf("jittered delay %s outside [%s, %s]", d, b.Max/2, b.Max)
			}
		}
	}
	if n := stage.MaxDeliverFor(stage.DefaultRetryBudget, b); n < 20 {
		t.Errorf("the default budget allows %d deliveries; a fail-over needs more than the old 5", n)
	}
}
