package stage

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
)

// KeepAlive tells the server every interval that the message is still being
// worked on (InProgress), so long work is not redelivered while it runs, and
// says so in the log at info at most every logEvery (how long so far, how
// large the message), so long work is visible as it happens. Give it a third
// of the consumer's ack wait; a non-positive interval sends nothing.
func KeepAlive(interval, logEvery time.Duration) Middleware {
	return func(next Handler) Handler {
		if interval <= 0 {
			return next
		}
		return HandlerFunc(func(ctx context.Context, d *Delivery) ([]Output, error) {
			done := make(chan struct{})
			stopped := make(chan struct{})
			go func() {
				defer close(stopped)
				start := time.Now()
				logged := start
				t := time.NewTicker(interval)
				defer t.Stop()
				for {
					select {
					case <-done:
						return
					case <-ctx.Done():
						return
					case <-t.C:
						_ = d.InProgress()
						if d.Log != nil && time.Since(logged) >= logEvery {
							logged = time.Now()
							d.Log.Info("still working on the message", progressFields(d, time.Since(start))...)
						}
					}
				}
			}()
			defer func() { close(done); <-stopped }()
			return next.Handle(ctx, d)
		})
	}
}

// ProgressLogEvery is the least time between two "still working" lines of
// one message in the Standard chain (InProgress goes every third of the ack
// wait).
const ProgressLogEvery = 5 * time.Second

// progressFields say how long a message has been worked on and how large
// it is: its bytes, or for a claim check (whose bytes the handler loads)
// the object it names.
func progressFields(d *Delivery, elapsed time.Duration) []zap.Field {
	fields := []zap.Field{zap.Duration("elapsed", elapsed.Round(time.Second)), zap.Int("bytes", len(d.Data))}
	if ref := d.Header.Get(events.HeaderClaimCheck); ref != "" {
		fields = append(fields, zap.String("claim_check", ref))
	}
	return fields
}
