package stage

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
)

// RouterConfig configures a Router. Zero values take the defaults noted.
type RouterConfig struct {
	Stage    string
	Consumer events.ConsumerSpec
	// Concurrency bounds the messages handled at once (default 16).
	Concurrency int
	// BackoffBase and BackoffMax shape the redelivery delay after a transient
	// error: base·2^(deliveries-1), capped, jittered (defaults 250ms and 10s).
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// RetryBudget, when set, is how long a transient failure is retried:
	// the consumer's MaxDeliver becomes MaxDeliverFor(RetryBudget) (else
	// Consumer.MaxDeliver stands).
	RetryBudget time.Duration
	// StartTimeout bounds the retries of the consumer's declaration
	// (default 2m).
	StartTimeout time.Duration
	// Pause, if set, is asked before pulling again after a transient
	// failure; while it fails (the sink's store is down, say) the router
	// pulls nothing, so that an outage does not burn deliveries.
	Pause func(context.Context) error
	// HandlerTimeout bounds one handling, publishing included (default 2m).
	HandlerTimeout time.Duration
	// ShutdownTimeout bounds the wait for in-flight work when ctx ends (default 20s).
	ShutdownTimeout time.Duration
	// PendingInterval is how often consumer pending counts are read (default 5s).
	PendingInterval time.Duration
	// PullWait bounds how long one fetch waits for messages, and so how long
	// a stop waits for the fetch in progress (default 500ms).
	PullWait time.Duration
	// Replicas is the replica count of the claim-check bucket should the
	// router create it (default 1; the stream replicas of the topology).
	Replicas int
	// Middleware runs inside the standard chain, the first outermost, around
	// the handler: it sees the decoded input and the outputs before they are
	// published.
	Middleware []Middleware
	// OnRunning, if set, is called once the consumer is declared and pulling.
	OnRunning func()
}

func (c *RouterConfig) defaults() {
	OrDefault(&c.Concurrency, 16)
	OrDefault(&c.BackoffBase, DefaultBackoffBase)
	OrDefault(&c.BackoffMax, DefaultBackoffMax)
	OrDefault(&c.StartTimeout, 2*time.Minute)
	OrDefault(&c.HandlerTimeout, 2*time.Minute)
	OrDefault(&c.ShutdownTimeout, 20*time.Second)
	OrDefault(&c.PullWait, 500*time.Millisecond)
	OrDefault(&c.PendingInterval, 5*time.Second)
	if c.RetryBudget > 0 {
		c.Consumer.MaxDeliver = MaxDeliverFor(c.RetryBudget, JitteredBackoff{Base: c.BackoffBase, Max: c.BackoffMax})
	}
}

// Router pulls a stage's input from its durable consumer, runs each message
// through the middleware chain and the handler, and settles it: Ack on
// success, Term once the message is in the dead-letter queue, otherwise Nak
// with the delay the chain asked for. Every policy between pull and settle
// is a Middleware (see Standard).
type Router struct {
	js      jetstream.JetStream
	cfg     RouterConfig
	handler Handler
	metrics *Metrics
	log     *zap.Logger
	dlq     *DLQ
	// failing is set by a transient failure and cleared once Pause passes.
	failing atomic.Bool
}

// NewRouter prepares a router; Run starts it. The handler runs inside the
// Standard chain and cfg.Middleware. log should carry the stage field
// (Service.Log does).
func NewRouter(js jetstream.JetStream, cfg RouterConfig, h Handler, m *Metrics, log *zap.Logger) *Router {
	cfg.defaults()
	m.Init(cfg.Stage)
	claims := NewClaimChecks(js, Topology{Replicas: cfg.Replicas}, 0)
	pub := NewPublisher(js, cfg.Stage, m, claims)
	dlq := NewDLQ(js, cfg.Stage, m)
	chain := append(Standard(StandardConfig{
		Stage: cfg.Stage, Consumer: cfg.Consumer, Metrics: m, DLQ: dlq,
		BackoffBase: cfg.BackoffBase, BackoffMax: cfg.BackoffMax, HandlerTimeout: cfg.HandlerTimeout,
		Claims: claims, Publisher: pub,
	}), cfg.Middleware...)
	return &Router{js: js, cfg: cfg, handler: Chain(h, chain...), metrics: m, log: log, dlq: dlq}
}

// Run declares the consumer and processes messages until ctx is cancelled;
// then it stops pulling (within PullWait), finishes the messages in flight
// (bounded by ShutdownTimeout) and returns nil. Messages not finished stay unacknowledged
// and are redelivered later.
func (r *Router) Run(ctx context.Context) error {
	cons, err := r.declare(ctx)
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
	pullLoop(ctx, cons, slots, r.cfg.PullWait, r.log, r.gate, func(msg jetstream.Msg) {
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

// declare creates or updates the consumer, retrying while the cluster is
// busy or electing, up to StartTimeout.
func (r *Router) declare(ctx context.Context) (jetstream.Consumer, error) {
	var cons jetstream.Consumer
	err := Declare(ctx, r.cfg.StartTimeout, r.log, "consumer "+r.cfg.Consumer.Durable, func(ctx context.Context) (err error) {
		cons, err = EnsureConsumer(ctx, r.js, r.cfg.Consumer)
		return err
	})
	return cons, err
}

// handle runs one message through the chain and settles it.
func (r *Router) handle(ctx context.Context, msg jetstream.Msg) {
	d := NewDelivery(msg, r.log)
	_, err := r.handler.Handle(ctx, d)
	if Outcome(err) == OutcomeNak {
		r.failing.Store(true)
	}
	settle(msg, d, err)
}

// gate holds pulling back while Pause fails after a transient failure,
// checking again with a growing delay (up to 5 s); the consumer_paused
// gauge shows it. It returns false once ctx ends.
func (r *Router) gate(ctx context.Context) bool {
	if r.cfg.Pause == nil || !r.failing.Load() {
		return ctx.Err() == nil
	}
	paused := r.metrics.Paused.WithLabelValues(r.cfg.Stage)
	for attempt := 1; ; attempt++ {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := r.cfg.Pause(pctx)
		cancel()
		if ctx.Err() != nil {
			return false
		}
		if err == nil {
			if attempt > 1 {
				r.log.Info("resuming pulls: the stage can work again")
			}
			paused.Set(0)
			r.failing.Store(false)
			return true
		}
		if attempt == 1 {
			r.log.Warn("pausing pulls until the stage can work again", zap.Error(err))
			paused.Set(1)
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(min(time.Duration(attempt)*250*time.Millisecond, 5*time.Second)):
		}
	}
}

// settle acknowledges, terminates or naks msg as err says (see Outcome).
func settle(msg jetstream.Msg, d *Delivery, err error) {
	if err == nil {
		if aerr := msg.Ack(); aerr != nil {
			d.Log.Warn("ack failed; the message will be redelivered and deduplicated", zap.Error(aerr))
		}
		return
	}
	if reason, ok := isDeadLettered(err); ok {
		if terr := msg.TermWithReason(reason); terr != nil {
			d.Log.Warn("term failed", zap.Error(terr))
		}
		return
	}
	delay, _ := RetryDelay(err)
	d.Log.Warn("transient failure, retrying", zap.Duration("delay", delay), zap.Error(err))
	if nerr := msg.NakWithDelay(delay); nerr != nil {
		d.Log.Warn("nak failed", zap.Error(nerr))
	}
}

// pollPending publishes the consumer's pending counts as gauges.
func (r *Router) pollPending(ctx context.Context, cons jetstream.Consumer) {
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
