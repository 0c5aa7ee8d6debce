package stage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/stage"
)

func TestTimeoutBoundsTheHandling(t *testing.T) {
	var bounded bool
	h := stage.HandlerFunc(func(ctx context.Context, _ *stage.Delivery) ([]stage.Output, error) {
		_, bounded = ctx.Deadline()
		<-ctx.Done()
		return nil, ctx.Err()
	})
	start := time.Now()
	_, err := stage.Timeout(50*time.Millisecond)(h).Handle(context.Background(), &stage.Delivery{})
	if took := time.Since(start); took < 50*time.Millisecond || took > 2*time.Second {
		t.Fatalf("a handling bounded by 50ms ended after %v", took)
	}
	if bounded {
		t.Error("the handler's context has a deadline: nats.go would give its requests that instead of their own short timeout")
	}
	if !errors.Is(err, stage.ErrHandlerTimeout) || stage.Outcome(err) != stage.OutcomeNak {
		t.Errorf("a timed-out handling: %v, want a transient error naming the timeout", err)
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

// TestLostReplyCostsOneRequestTimeout publishes, inside a handling bounded
// by a minute, to a subject whose only subscriber never answers (a PubAck
// lost on the way): the publish must fail after the JetStream context's own
// request timeout, not wait for the handling's bound.
func TestLostReplyCostsOneRequestTimeout(t *testing.T) {
	js := lostReplies(t, "lost.replies")
	h := stage.HandlerFunc(func(ctx context.Context, _ *stage.Delivery) ([]stage.Output, error) {
		_, err := js.PublishMsg(ctx, &nats.Msg{Subject: "lost.replies", Data: []byte("x")})
		return nil, err
	})
	wantRequestTimeout(t, h, "a lost PubAck inside a handling bounded by 1m")
}

// TestLostAsyncAcksCostOneRequestTimeout: the fan-out's asynchronous
// publishes (PublishAll) await their acknowledgements for one request
// timeout too, not for the handling's bound.
func TestLostAsyncAcksCostOneRequestTimeout(t *testing.T) {
	js := lostReplies(t, "lost.acks.>")
	pub := stage.NewPublisher(js, "enricher", nil, stage.NewClaimChecks(js, stage.Topology{Replicas: 1}, 0))
	h := stage.HandlerFunc(func(ctx context.Context, _ *stage.Delivery) ([]stage.Output, error) {
		_, err := pub.PublishAll(ctx, []stage.Output{
			{Subject: "lost.acks.a", DocID: "d", Data: []byte("a")},
			{Subject: "lost.acks.b", DocID: "d", Data: []byte("b")},
		}, nil)
		return nil, err
	})
	wantRequestTimeout(t, h, "lost acknowledgements of two async publishes")
}

// lostReplies is a JetStream context with a 300ms request timeout on a
// server where subject's only subscriber receives and never answers.
func lostReplies(t *testing.T, subject string) jetstream.JetStream {
	t.Helper()
	e := newEnv(t)
	sub, err := e.nc.Subscribe(subject, func(*nats.Msg) {})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sub.Unsubscribe() })
	js, err := jetstream.New(e.nc, jetstream.WithDefaultTimeout(300*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// wantRequestTimeout runs h bounded by a minute: it must fail after about
// one request timeout (300ms), well within 3s.
func wantRequestTimeout(t *testing.T, h stage.Handler, what string) {
	t.Helper()
	start := time.Now()
	_, err := stage.Timeout(time.Minute)(h).Handle(context.Background(), &stage.Delivery{})
	if took := time.Since(start); err == nil || took > 3*time.Second {
		t.Fatalf("%s: %v after %v, want a timeout after about 300ms", what, err, took)
	}
}
