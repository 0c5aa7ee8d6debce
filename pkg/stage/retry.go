package stage

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
)

// Defaults of the retry policy and of every request to NATS.
const (
	// DefaultRetryBudget outlasts a JetStream leader election (5–9 s), a
	// node's restart and a database restart.
	DefaultRetryBudget = 2 * time.Minute
	// DefaultRequestTimeout is the timeout of one request to NATS.
	DefaultRequestTimeout = 5 * time.Second
	// DefaultBackoffBase and DefaultBackoffMax shape the redelivery delays:
	// doubling from the base, capped so that a message retries within that
	// cap of a fault's end.
	DefaultBackoffBase = 250 * time.Millisecond
	DefaultBackoffMax  = 5 * time.Second
)

// MaxDeliverFor is the number of deliveries that keeps retrying a message
// for at least budget when each retry waits b.Delay (at least half its
// ceiling): the consumer's MaxDeliver, after which the message is
// dead-lettered as retries_exhausted.
func MaxDeliverFor(budget time.Duration, b JitteredBackoff) int {
	n, waited := 1, time.Duration(0)
	for waited < budget && n < 10_000 {
		waited += b.ceiling(n) / 2
		n++
	}
	return max(n, 2)
}

// JitteredBackoff is an exponential backoff with jitter: the n-th wait is
// Base·2^(n-1), capped at Max, then drawn uniformly from half to all of it,
// so that replicas retrying the same failure spread out.
type JitteredBackoff struct {
	Base, Max time.Duration
}

// Delay is the wait before retry n (n ≥ 1).
func (b JitteredBackoff) Delay(n int) time.Duration {
	d := b.ceiling(n)
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2+1)
}

// ceiling is the wait before retry n without jitter.
func (b JitteredBackoff) ceiling(n int) time.Duration {
	d := max(b.Base, time.Millisecond)
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	if b.Max > 0 {
		d = min(d, b.Max)
	}
	return d
}

// Retry calls fn until it succeeds, fails permanently (Permanent, or an
// answer of the JetStream API that a retry cannot change) or ctx ends,
// waiting b.Delay between attempts. onRetry, if set, hears of each failure
// that will be retried. It returns fn's last error.
func Retry(ctx context.Context, b JitteredBackoff, fn func(context.Context) error, onRetry func(attempt int, wait time.Duration, err error)) error {
	for attempt := 1; ; attempt++ {
		err := fn(ctx)
		if err == nil || ctx.Err() != nil || !Transient(err) {
			return err
		}
		wait := b.Delay(attempt)
		if onRetry != nil {
			onRetry(attempt, wait, err)
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// JetStream API error codes Transient tells apart.
const (
	errCodeReplicasNotSupported = 10074 // replicas > 1 on a single server
	// A consumer declared while its stream's new replicas are being placed.
	errCodeConsumerReplicasExceedStream = 10126
	// No peers for a replicated asset's placement: a node just started, not
	// yet known to the meta leader, or one that is down (until it is back).
	errCodeClusterNoPeers = 10005
)

// Transient reports whether err may go away by itself: anything but an
// error marked Permanent or a JetStream API answer that says the request
// itself is wrong (a 400, replicas a single server cannot have) but for no
// peers to place replicas on and replicas still being placed.
// Timeouts, no responders, a leaderless stream ("JetStream system
// temporarily unavailable"), a lost connection are transient.
func Transient(err error) bool {
	if err == nil {
		return false
	}
	if _, ok := IsPermanent(err); ok {
		return false
	}
	var api *jetstream.APIError
	if !errors.As(err, &api) {
		return true
	}
	switch {
	case api.ErrorCode == errCodeConsumerReplicasExceedStream:
		return true // the stream's new replicas are still being placed
	case api.ErrorCode == errCodeClusterNoPeers:
		return true // a peer is starting or down: declarations wait for it
	case api.ErrorCode == errCodeReplicasNotSupported, api.Code == 400:
		return false
	}
	return true
}

// Declare runs a declaration (a stream, a bucket, a consumer) until it
// succeeds, retrying transient failures with jittered backoff for up to
// timeout, each failure logged: on a busy or electing cluster a start waits
// instead of failing. It then gives up with what it was declaring and the
// last error.
//
// The bound is a timer that cancels, not a deadline: nats.go gives each
// request under a context without a deadline the JetStream context's own
// short timeout, so a request lost while the cluster elects costs seconds
// and a retry, not the whole start timeout.
func Declare(ctx context.Context, timeout time.Duration, log *zap.Logger, what string, fn func(context.Context) error) error {
	dctx, cancel := context.WithCancelCause(ctx)
	t := time.AfterFunc(timeout, func() { cancel(context.DeadlineExceeded) })
	defer func() { t.Stop(); cancel(nil) }()
	start := time.Now()
	err := Retry(dctx, JitteredBackoff{Base: 250 * time.Millisecond, Max: 5 * time.Second}, fn, func(attempt int, wait time.Duration, err error) {
		log.Warn("declaration failed; retrying", zap.String("what", what), zap.Int("attempt", attempt),
			zap.Duration("retry_in", wait), zap.Error(err))
	})
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("declare %s: %w", what, ctx.Err())
	case dctx.Err() != nil:
		return fmt.Errorf("declare %s: gave up after %s (--start-timeout): %w", what, time.Since(start).Round(time.Second), err)
	}
	return fmt.Errorf("declare %s: %w", what, err)
}
