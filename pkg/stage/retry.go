package stage

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

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
)

// Transient reports whether err may go away by itself: anything but an
// error marked Permanent or a JetStream API answer that says the request
// itself is wrong (a 400, replicas a single server cannot have).
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
	case api.ErrorCode == errCodeReplicasNotSupported, api.Code == 400:
		return false
	}
	return true
}
