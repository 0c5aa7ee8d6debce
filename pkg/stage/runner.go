package stage

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
)

// Handler turns one input message into the messages to publish. A returned
// error is transient (the message is retried with backoff) unless it was
// marked with Permanent. The runner publishes the outputs, waits for the
// server to store each, and only then acknowledges the input.
type Handler interface {
	Handle(ctx context.Context, d *Delivery) ([]Output, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, d *Delivery) ([]Output, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, d *Delivery) ([]Output, error) { return f(ctx, d) }

// RunnerConfig configures a Runner. Zero values take the defaults noted.
type RunnerConfig struct {
	Stage    string
	Consumer events.ConsumerSpec
	// Concurrency bounds the messages handled at once (default 16).
	Concurrency int
	// BackoffBase and BackoffMax shape the redelivery delay after a transient
	// error: base·2^(deliveries-1), capped (defaults 250ms and 30s).
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// HandlerTimeout bounds one handling (default 2m).
	HandlerTimeout time.Duration
	// ShutdownTimeout bounds the wait for in-flight work when ctx ends (default 20s).
	ShutdownTimeout time.Duration
	// PendingInterval is how often consumer pending counts are read (default 5s).
	PendingInterval time.Duration
	// PullWait bounds how long one fetch waits for messages, and so how long
	// a stop waits for the fetch in progress (default 500ms).
	PullWait time.Duration
	// OnRunning, if set, is called once the consumer is declared and pulling.
	OnRunning func()
}

func (c *RunnerConfig) defaults() {
	if c.Concurrency <= 0 {
		c.Concurrency = 16
	}
	if c.BackoffBase <= 0 {
		c.BackoffBase = 250 * time.Millisecond
	}
	if c.BackoffMax <= 0 {
		c.BackoffMax = 30 * time.Second
	}
	if c.HandlerTimeout <= 0 {
		c.HandlerTimeout = 2 * time.Minute
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 20 * time.Second
	}
	if c.PullWait <= 0 {
		c.PullWait = 500 * time.Millisecond
	}
	if c.PendingInterval <= 0 {
		c.PendingInterval = 5 * time.Second
	}
}

// Runner pulls a stage's input from its durable consumer and drives a Handler.
type Runner struct {
	js      jetstream.JetStream
	cfg     RunnerConfig
	handler Handler
	metrics *Metrics
	log     *zap.Logger
	pub     *Publisher
	dlq     *deadLetterer
}

// NewRunner prepares a runner; Run starts it. log should carry the stage field
// (Service.Log does).
func NewRunner(js jetstream.JetStream, cfg RunnerConfig, h Handler, m *Metrics, log *zap.Logger) *Runner {
	cfg.defaults()
	m.Init(cfg.Stage)
	return &Runner{
		js: js, cfg: cfg, handler: h, metrics: m, log: log,
		pub: NewPublisher(js, cfg.Stage, m),
		dlq: &deadLetterer{js: js, stage: cfg.Stage, metrics: m},
	}
}

// Publisher is the runner's publisher (for handlers that publish on their own).
func (r *Runner) Publisher() *Publisher { return r.pub }

// Run declares the consumer and processes messages until ctx is cancelled;
// then it stops pulling (within PullWait), finishes the messages in flight
// (bounded by ShutdownTimeout) and returns nil. Messages not finished stay unacknowledged
// and are redelivered later.
func (r *Runner) Run(ctx context.Context) error {
	cons, err := EnsureConsumer(ctx, r.js, r.cfg.Consumer)
	if err != nil {
		return err
	}
	var bg sync.WaitGroup
	defer bg.Wait()
	bgCtx, stopBg := context.WithCancel(ctx)
	defer stopBg()
	bg.Add(2)
	go func() {
		defer bg.Done()
		if err := r.moveGivenUp(bgCtx); err != nil && bgCtx.Err() == nil {
			r.log.Error("max-deliveries mover stopped", zap.Error(err))
		}
	}()
	go func() { defer bg.Done(); r.pollPending(bgCtx, cons) }()

	r.log.Info("stage running", zap.String("stream", r.cfg.Consumer.Stream),
		zap.String("consumer", r.cfg.Consumer.Durable), zap.Int("concurrency", r.cfg.Concurrency))
	if r.cfg.OnRunning != nil {
		r.cfg.OnRunning()
	}

	// Handlers keep running through a graceful stop; they are cancelled only
	// when the shutdown bound is exceeded.
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	slots := make(chan struct{}, r.cfg.Concurrency)
	var wg sync.WaitGroup
	pullLoop(ctx, cons, slots, r.cfg.PullWait, r.log, func(msg jetstream.Msg) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			r.handle(workCtx, msg)
		}()
	})
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		r.log.Info("stage stopped, in-flight work finished")
	case <-time.After(r.cfg.ShutdownTimeout):
		cancelWork()
		<-done
		r.log.Warn("stage stopped, in-flight work cancelled after shutdown timeout")
	}
	return nil
}

// handle runs the handler on one message and settles it: ack, nak with
// backoff, or term with a dead letter.
func (r *Runner) handle(ctx context.Context, msg jetstream.Msg) {
	start := time.Now()
	stage := r.cfg.Stage
	d := newDelivery(msg, r.log)
	r.metrics.Received.WithLabelValues(stage).Inc()
	if d.NumDelivered > 1 {
		r.metrics.Redeliveries.WithLabelValues(stage).Inc()
	}
	inflight := r.metrics.InFlight.WithLabelValues(stage)
	inflight.Inc()
	defer inflight.Dec()

	hctx, cancel := context.WithTimeout(ctx, r.cfg.HandlerTimeout)
	stopKeepAlive := keepAlive(hctx, msg, r.cfg.Consumer.AckWait/3)
	err := r.process(hctx, d)
	stopKeepAlive()
	cancel()

	outcome := r.settle(ctx, msg, d, err)
	r.metrics.Processed.WithLabelValues(stage, outcome).Inc()
	r.metrics.Processing.WithLabelValues(stage).Observe(time.Since(start).Seconds())
	if outcome == OutcomeAck {
		now := time.Now()
		r.metrics.LastProcessed.WithLabelValues(stage).Set(float64(now.UnixNano()) / 1e9)
		if !d.Received.IsZero() {
			r.metrics.EndToEnd.WithLabelValues(stage).Observe(now.Sub(d.Received).Seconds())
		}
	}
}

// process runs the handler (turning a panic into a transient error) and
// publishes its outputs, each acknowledged by the server.
func (r *Runner) process(ctx context.Context, d *Delivery) (err error) {
	defer func() {
		if p := recover(); p != nil {
			d.Log.Error("handler panicked", zap.Any("panic", p), zap.ByteString("stack", debug.Stack()))
			err = fmt.Errorf("%s handler panicked: %v", r.cfg.Stage, p)
		}
	}()
	if d.Data, err = r.pub.claims.load(ctx, d.Header, d.Data); err != nil {
		return err
	}
	outs, err := r.handler.Handle(ctx, d)
	if err != nil {
		return err
	}
	for _, o := range outs {
		if o.DocID == "" {
			o.DocID = d.DocID
		}
		ack, err := r.pub.Publish(ctx, o, d.Header)
		if err != nil {
			return err
		}
		if ack.Duplicate {
			d.Log.Debug("output was already stored (duplicate publish)", zap.String("subject", o.Subject))
		}
	}
	return nil
}

func (r *Runner) settle(ctx context.Context, msg jetstream.Msg, d *Delivery, err error) string {
	if err == nil {
		if aerr := msg.Ack(); aerr != nil {
			d.Log.Warn("ack failed; the message will be redelivered and deduplicated", zap.Error(aerr))
		}
		return OutcomeAck
	}
	reason, permanent := IsPermanent(err)
	if !permanent && d.NumDelivered >= uint64(r.cfg.Consumer.MaxDeliver) && r.cfg.Consumer.MaxDeliver > 0 {
		reason, permanent = ReasonRetriesExhausted, true
	}
	if permanent {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		// The message as delivered: a claim check stays a reference.
		if derr := r.dlq.send(dctx, r.cfg.Consumer.Stream, d.Subject, d.Sequence, d.NumDelivered, d.Header, msg.Data(), reason, err); derr != nil {
			// Never drop a message: if the DLQ cannot take it, retry it later.
			d.Log.Error("dead-letter failed; message will be retried", zap.Error(derr), zap.NamedError("cause", err))
			_ = msg.NakWithDelay(r.backoff(d.NumDelivered))
			return OutcomeNak
		}
		d.Log.Warn("message dead-lettered", zap.String("reason", reason), zap.Error(err))
		if terr := msg.TermWithReason(reason); terr != nil {
			d.Log.Warn("term failed", zap.Error(terr))
		}
		return OutcomeDLQ
	}
	delay := r.backoff(d.NumDelivered)
	d.Log.Warn("transient failure, retrying", zap.Duration("delay", delay), zap.Error(err))
	if nerr := msg.NakWithDelay(delay); nerr != nil {
		d.Log.Warn("nak failed", zap.Error(nerr))
	}
	return OutcomeNak
}

// backoff is base·2^(n-1), capped at BackoffMax.
func (r *Runner) backoff(delivered uint64) time.Duration {
	d := r.cfg.BackoffBase
	for i := uint64(1); i < delivered && d < r.cfg.BackoffMax; i++ {
		d *= 2
	}
	return min(d, r.cfg.BackoffMax)
}

// keepAlive sends InProgress every interval until stopped, so that long work
// is not redelivered while it is still going on.
func keepAlive(ctx context.Context, msg jetstream.Msg, interval time.Duration) (stop func()) {
	if interval <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	}()
	return func() { close(done) }
}

// pollPending publishes the consumer's pending counts as gauges.
func (r *Runner) pollPending(ctx context.Context, cons jetstream.Consumer) {
	t := time.NewTicker(r.cfg.PendingInterval)
	defer t.Stop()
	for {
		ictx, cancel := context.WithTimeout(ctx, 2*time.Second)
		info, err := cons.Info(ictx)
		cancel()
		if err == nil {
			r.metrics.Pending.WithLabelValues(r.cfg.Stage).Set(float64(info.NumPending))
			r.metrics.AckPending.WithLabelValues(r.cfg.Stage).Set(float64(info.NumAckPending))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
