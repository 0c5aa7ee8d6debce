package webhook

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/sink/store"
)

// Stats are a subscription's deliveries since this process started.
type Stats struct {
	Delivered    int64     `json:"delivered"`
	Failed       int64     `json:"failed"`
	DeadLettered int64     `json:"dead_lettered"`
	Pending      int64     `json:"pending"`
	LastStatus   int       `json:"last_status,omitempty"`
	LastError    string    `json:"last_error,omitempty"`
	LastAt       time.Time `json:"last_at,omitzero"`
}

// counters are a worker's Stats as they change.
type counters struct {
	delivered, failed, dead, pending atomic.Int64
	mu                               sync.Mutex
	lastStatus                       int
	lastErr                          string
	lastAt                           time.Time
}

func (c *counters) note(a attempt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lastStatus, c.lastAt, c.lastErr = a.status, time.Now().UTC(), ""
	if a.err != nil {
		c.lastErr = a.err.Error()
	}
}

func (c *counters) stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Delivered: c.delivered.Load(), Failed: c.failed.Load(), DeadLettered: c.dead.Load(),
		Pending: c.pending.Load(), LastStatus: c.lastStatus, LastError: c.lastErr, LastAt: c.lastAt}
}

// worker delivers one subscription's messages, one at a time, in order.
type worker struct {
	sub    store.Subscription
	stream string
	m      *Manager
	log    *zap.Logger
	count  counters
	stop   context.CancelFunc
	done   chan struct{}
}

// name is the subscription's name label: empty when it was given none
// (its name is then its id).
func (w *worker) name() string {
	if w.sub.Name == w.sub.ID {
		return ""
	}
	return w.sub.Name
}

// attempted counts one POST's outcome.
func (w *worker) attempted(outcome string) {
	w.m.metrics.deliveries.WithLabelValues(w.sub.ID, w.name(), outcome).Inc()
}

// run consumes the subscription's durable consumer and its redeliveries
// (replayed dead letters) until ctx ends.
func (w *worker) run(ctx context.Context) {
	defer close(w.done)
	var wg sync.WaitGroup
	wg.Go(func() {
		w.consume(ctx, w.stream, func(ctx context.Context) (jetstream.Consumer, error) { return w.m.ensureConsumer(ctx, w.sub, false) })
	})
	wg.Go(func() {
		w.consume(ctx, events.StreamDLQ, func(ctx context.Context) (jetstream.Consumer, error) { return w.m.ensureRedeliverConsumer(ctx, w.sub) })
	})
	wg.Wait()
}

// consume delivers the messages of the consumer declare returns on stream,
// one at a time, retrying the declaration while the server is unreachable.
// A redelivery (stream is the DLQ's) is removed from the DLQ stream once
// settled.
func (w *worker) consume(ctx context.Context, stream string, declare func(context.Context) (jetstream.Consumer, error)) {
	var cons jetstream.Consumer
	var src jetstream.Stream
	err := stage.Retry(ctx, stage.JitteredBackoff{Base: time.Second, Max: 10 * time.Second}, func(ctx context.Context) error {
		var err error
		if cons, err = declare(ctx); err != nil {
			return err
		}
		src, err = w.m.js.Stream(ctx, stream)
		return err
	}, func(_ int, wait time.Duration, err error) {
		w.log.Warn("webhook consumer not ready, retrying", zap.String("stream", stream), zap.Duration("in", wait), zap.Error(err))
	})
	if err != nil {
		return
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(1))
	if err != nil {
		w.log.Error("webhook consumer cannot pull", zap.String("stream", stream), zap.Error(err))
		return
	}
	go func() { <-ctx.Done(); it.Stop() }()
	for {
		msg, err := it.Next()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return
			}
			w.log.Warn("webhook pull failed", zap.Error(err))
			continue
		}
		if w.deliver(ctx, msg, stream) && stream == events.StreamDLQ {
			w.forget(ctx, src, msg)
		}
	}
}

// forget removes a settled redelivery from the DLQ stream.
func (w *worker) forget(ctx context.Context, src jetstream.Stream, msg jetstream.Msg) {
	md, err := msg.Metadata()
	if err == nil {
		err = src.DeleteMsg(ctx, md.Sequence.Stream)
	}
	if err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		w.log.Warn("redelivered message not removed from the DLQ stream", zap.Error(err))
	}
}

// deliver POSTs msg (of stream) until it is delivered, rejected, or the
// retry budget is spent (then it goes to the DLQ); the message stays in
// flight meanwhile (InProgress), so the next waits behind it. A stop leaves
// it to be redelivered. It reports whether msg was settled for good.
func (w *worker) deliver(ctx context.Context, msg jetstream.Msg, stream string) bool {
	cfg := w.m.cfg
	keep := time.NewTicker(cfg.AckWait / 3)
	defer keep.Stop()
	start, delay := time.Now(), cfg.BackoffBase
	for {
		t0 := time.Now()
		a := w.m.client.post(ctx, w.sub, msg.Headers(), msg.Data())
		w.m.metrics.seconds.WithLabelValues(w.sub.ID, w.name()).Observe(time.Since(t0).Seconds())
		w.count.note(a)
		switch {
		case a.outcome == delivered:
			w.attempted(outcomeDelivered)
			w.count.delivered.Add(1)
			return w.settle(w.ack(ctx, msg))
		case ctx.Err() != nil:
			_ = msg.Nak()
			return false
		case a.outcome == rejected:
			w.attempted(outcomeRejected)
			return w.deadLetter(ctx, msg, stream, ReasonRejected, a.err)
		}
		w.attempted(outcomeFailed)
		w.count.failed.Add(1)
		wait := min(max(delay, a.retryAfter), cfg.BackoffMax)
		if time.Since(start)+wait > cfg.RetryBudget {
			w.attempted(outcomeDLQ)
			return w.deadLetter(ctx, msg, stream, ReasonGaveUp, a.err)
		}
		w.log.Debug("webhook delivery failed, retrying", zap.Duration("in", wait), zap.Error(a.err))
		if !w.sleep(ctx, msg, keep, wait) {
			_ = msg.Nak()
			return false
		}
		delay = min(delay*2, cfg.BackoffMax)
	}
}

// sleep waits d, telling the server every tick that msg is still being
// worked on; false when ctx ended first.
func (w *worker) sleep(ctx context.Context, msg jetstream.Msg, keep *time.Ticker, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		case <-keep.C:
			_ = msg.InProgress()
		}
	}
}

// Dead-letter reasons of webhooks.
const (
	ReasonRejected = "webhook_rejected" // the subscriber answered 4xx (not 429) or 3xx
	ReasonGaveUp   = "webhook_gave_up"  // failures outlasted the retry budget
)

// deadLetter stores msg (of stream) in the DLQ with reason and
// acknowledges it; should the DLQ fail, the message is retried later
// instead (false).
func (w *worker) deadLetter(ctx context.Context, msg jetstream.Msg, stream, reason string, cause error) bool {
	var seq, delivered uint64
	if md, err := msg.Metadata(); err == nil {
		seq, delivered = md.Sequence.Stream, md.NumDelivered
	}
	err := w.m.dlq.Send(ctx, stage.Letter{Stream: stream, Subject: msg.Subject(), Sequence: seq, Delivered: delivered,
		Header: msg.Headers(), Data: msg.Data(), Reason: reason, Cause: cause, Key: w.sub.ID,
		Extra: map[string]string{HeaderSubscription: w.sub.ID}})
	if err != nil {
		w.log.Error("webhook dead letter failed; the message will be tried again", zap.Error(err))
		_ = msg.NakWithDelay(w.m.cfg.BackoffMax)
		return false
	}
	w.count.dead.Add(1)
	w.log.Warn("webhook message dead-lettered", zap.String("reason", reason), zap.String("doc_id", msg.Headers().Get(events.HeaderDocID)),
		zap.Uint64("stream_seq", seq), zap.Error(cause))
	w.settle(w.ack(ctx, msg))
	return true
}

// ackTimeout bounds the wait for the server to confirm an acknowledgement.
const ackTimeout = 5 * time.Second

// ack acknowledges msg and waits for the server to confirm it, also when
// ctx is ending (a stop): a delivered message whose ack was lost in a
// closing connection would be delivered again after the restart.
func (w *worker) ack(ctx context.Context, msg jetstream.Msg) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ackTimeout)
	defer cancel()
	return msg.DoubleAck(ctx)
}

// settle logs a failed acknowledgement (the message will come again) and
// reports whether it went through.
func (w *worker) settle(err error) bool {
	if err != nil {
		w.log.Warn("webhook ack failed; the message will be delivered again", zap.Error(err))
	}
	return err == nil
}
