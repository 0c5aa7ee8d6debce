package stage

import (
	"context"
	"fmt"
	"runtime/debug"

	"go.uber.org/zap"
)

// Recover turns a panic of the handler into a transient error, logged with
// its stack: the message is redelivered rather than the process lost.
func Recover(stage string) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, d *Delivery) (outs []Output, err error) {
			defer func() {
				if p := recover(); p != nil {
					d.Log.Error("handler panicked", zap.Any("panic", p), zap.ByteString("stack", debug.Stack()))
					outs, err = nil, fmt.Errorf("%s handler panicked: %v", stage, p)
				}
			}()
			return next.Handle(ctx, d)
		})
	}
}
