package stage

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrHandlerTimeout is the cause of a handling's context ending at its bound.
var ErrHandlerTimeout = errors.New("handling took longer than its timeout")

// Timeout bounds one handling: the handler and everything inside the
// middleware (publishing included) see a context that is cancelled after d
// (its cause ErrHandlerTimeout). The context carries no deadline on purpose:
// nats.go gives every request made under a context without one the
// JetStream context's own short timeout (--request-timeout), so that a lost
// reply costs seconds, not the whole bound. A non-positive d sets no bound.
func Timeout(d time.Duration) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, dl *Delivery) ([]Output, error) {
			if d <= 0 {
				return next.Handle(ctx, dl)
			}
			ctx, cancel := context.WithCancelCause(ctx)
			t := time.AfterFunc(d, func() { cancel(ErrHandlerTimeout) })
			defer func() { t.Stop(); cancel(nil) }()
			outs, err := next.Handle(ctx, dl)
			if err != nil && errors.Is(context.Cause(ctx), ErrHandlerTimeout) && !errors.Is(err, ErrHandlerTimeout) {
				err = fmt.Errorf("%w: %w", ErrHandlerTimeout, err)
			}
			return outs, err
		})
	}
}
