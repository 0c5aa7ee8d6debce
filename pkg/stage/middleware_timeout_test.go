package stage_test

import (
	"context"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/stage"
)

func TestTimeoutBoundsTheHandling(t *testing.T) {
	var deadline time.Time
	var bounded bool
	h := stage.HandlerFunc(func(ctx context.Context, _ *stage.Delivery) ([]stage.Output, error) {
		deadline, bounded = ctx.Deadline()
		<-ctx.Done()
		return nil, ctx.Err()
	})
	start := time.Now()
	_, err := stage.Timeout(50*time.Millisecond)(h).Handle(context.Background(), &stage.Delivery{})
	if !bounded || deadline.Sub(start) > 50*time.Millisecond+10*time.Millisecond {
		t.Fatalf("handler context: deadline %v after start (bounded %v), want 50ms", deadline.Sub(start), bounded)
	}
	if err != context.DeadlineExceeded || stage.Outcome(err) != stage.OutcomeNak {
		t.Errorf("a timed-out handling: %v, want a transient deadline error", err)
	}

	// No bound: the handler sees the caller's context as it is.
	free := stage.HandlerFunc(func(ctx context.Context, _ *stage.Delivery) ([]stage.Output, error) {
		_, bounded = ctx.Deadline()
		return nil, nil
	})
	if _, err := stage.Timeout(0)(free).Handle(context.Background(), &stage.Delivery{}); err != nil || bounded {
		t.Errorf("Timeout(0): err %v, bounded %v", err, bounded)
	}
}
