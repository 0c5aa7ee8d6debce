package stage

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
)

// DeadLetterQueue stores a message that failed for good in the dead-letter
// queue, with its reason and error, as it was delivered (a claim check stays
// a reference): a Permanent error, or a transient one on the consumer's last
// allowed delivery (ReasonRetriesExhausted). The router then terminates it.
// Should the DLQ not take it, the failure stays transient: nothing is lost.
func DeadLetterQueue(dlq *DLQ, consumer events.ConsumerSpec) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, d *Delivery) ([]Output, error) {
			outs, err := next.Handle(ctx, d)
			if err == nil {
				return outs, nil
			}
			reason, permanent := IsPermanent(err)
			if !permanent && consumer.MaxDeliver > 0 && d.NumDelivered >= uint64(consumer.MaxDeliver) {
				reason, permanent = ReasonRetriesExhausted, true
			}
			if !permanent {
				return outs, err
			}
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if derr := dlq.send(dctx, consumer.Stream, d.Subject, d.Sequence, d.NumDelivered, d.Header, d.raw(), reason, err); derr != nil {
				d.Log.Error("dead-letter failed; message will be retried", zap.Error(derr), zap.NamedError("cause", err))
				return outs, derr
			}
			d.Log.Warn("message dead-lettered", zap.String("reason", reason), zap.Error(err))
			return outs, deadLettered(reason, err)
		})
	}
}
