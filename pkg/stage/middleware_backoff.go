package stage

import (
	"context"
	"time"
)

// Backoff gives every transient failure a redelivery delay of
// base·2^(deliveries-1), capped at max, drawn from half to all of it
// (jitter: replicas retrying the same failure spread out): the router Naks
// it with that delay. A dead-lettered message gets none.
func Backoff(base, max time.Duration) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, d *Delivery) ([]Output, error) {
			outs, err := next.Handle(ctx, d)
			if err == nil || Outcome(err) == OutcomeDLQ {
				return outs, err
			}
			return outs, RetryAfter(JitteredBackoff{Base: base, Max: max}.Delay(int(min(d.NumDelivered, 64))), err)
		})
	}
}

// BackoffDelay is base·2^(delivered-1), capped at max: the ceiling of
// Backoff's jittered delay.
func BackoffDelay(base, max time.Duration, delivered uint64) time.Duration {
	d := base
	for i := uint64(1); i < delivered && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}
