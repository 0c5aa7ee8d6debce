package stage

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
)

// pullLoop fetches messages from cons and hands each to handle, at most
// cap(slots) at a time, until ctx ends. Each fetch asks for exactly as many
// messages as there are free slots and waits at most wait, so no message
// is held by a stage that cannot start it, and a stop takes at most wait.
// Explicit fetches keep no hidden pull accounting in the client: after an
// outage, an error or a server restart the next fetch simply starts over.
// handle must release its slot (<-slots) when done.
//
// gate, if set, is asked before each fetch and holds pulling back while the
// stage cannot do its work (it returns false once ctx ends).
func pullLoop(ctx context.Context, cons jetstream.Consumer, slots chan struct{}, wait time.Duration, log *zap.Logger,
	gate func(context.Context) bool, handle func(jetstream.Msg)) {
	failures := 0
	for {
		if gate != nil && !gate(ctx) {
			return
		}
		// Reserve one slot (blocking), then as many more as are free.
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		n := 1
	reserve:
		for n < cap(slots) {
			select {
			case slots <- struct{}{}:
				n++
			default:
				break reserve
			}
		}
		got := 0
		// The fetch runs to its end even when a stop comes: a pull request
		// cannot be withdrawn from the server, and messages it delivered to
		// an abandoned fetch would wait a whole ack wait for redelivery.
		batch, err := cons.Fetch(n, jetstream.FetchMaxWait(wait))
		if err == nil {
			for msg := range batch.Messages() {
				got++
				handle(msg)
			}
			err = batch.Error()
		}
		for range n - got {
			<-slots
		}
		if ctx.Err() != nil {
			return
		}
		if err == nil || errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
			failures = 0
			continue
		}
		// NATS unreachable or the consumer gone: back off, then try again.
		failures++
		delay := min(time.Duration(failures)*100*time.Millisecond, 2*time.Second)
		if failures == 1 || failures%50 == 0 {
			log.Warn("fetch failed, retrying", zap.Error(err), zap.Duration("delay", delay))
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return
		}
	}
}
