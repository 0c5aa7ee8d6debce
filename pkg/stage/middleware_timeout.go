package stage

import (
	"context"
	"time"
)

// Timeout bounds one handling: the handler and everything inside the
// middleware (publishing included) see a context that ends after d. A
// non-positive d sets no bound.
func Timeout(d time.Duration) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, dl *Delivery) ([]Output, error) {
			if d > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, d)
				defer cancel()
			}
			return next.Handle(ctx, dl)
		})
	}
}
