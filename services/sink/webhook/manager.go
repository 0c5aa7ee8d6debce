package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/sink/store"
)

// Config configures webhook delivery. Zero values take the defaults noted.
type Config struct {
	// AllowPrivate lets subscriptions POST to loopback and private addresses.
	AllowPrivate bool
	// RetryBudget is how long a message is retried before the DLQ (1h).
	RetryBudget time.Duration
	// BackoffBase and BackoffMax shape the waits between attempts (500ms, 30s).
	BackoffBase, BackoffMax time.Duration
	// Timeout bounds one POST (10s).
	Timeout time.Duration
	// AckWait is the consumers' ack wait, renewed while a message is retried (30s).
	AckWait time.Duration
	// Reconcile is how often the subscriptions are read again, so that every
	// replica of the sink serves those made through another (2s).
	Reconcile time.Duration
	// Replicas of the consumers (1).
	Replicas int
}

func (c *Config) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	set(&c.RetryBudget, time.Hour)
	set(&c.BackoffBase, 500*time.Millisecond)
	set(&c.BackoffMax, 30*time.Second)
	set(&c.Timeout, 10*time.Second)
	set(&c.AckWait, 30*time.Second)
	set(&c.Reconcile, 2*time.Second)
	c.Replicas = max(c.Replicas, 1)
}

// Manager keeps the subscriptions (in the store, each with its durable
// consumer) and runs one delivery worker per subscription.
type Manager struct {
	js       jetstream.JetStream
	st       store.Subscriptions
	cfg      Config
	client   *client
	resolver *net.Resolver
	dlq      *stage.DLQ
	metrics  *metrics
	log      *zap.Logger

	mu      sync.Mutex
	workers map[string]*worker
	wake    chan struct{}
}

// New returns a manager; Run starts delivering. reg receives the webhook
// metrics, m (may be nil) counts dead letters.
func New(js jetstream.JetStream, st store.Subscriptions, cfg Config, reg prometheus.Registerer, m *stage.Metrics, log *zap.Logger) *Manager {
	cfg.defaults()
	return &Manager{js: js, st: st, cfg: cfg, client: newClient(cfg.Timeout, cfg.AllowPrivate), resolver: net.DefaultResolver,
		dlq: stage.NewDLQ(js, events.StageWebhook, m), metrics: newMetrics(reg), log: log,
		workers: map[string]*worker{}, wake: make(chan struct{}, 1)}
}

// consumerName is the durable consumer of subscription id.
func consumerName(id string) string { return "webhook-" + id }

// ensureConsumer returns sub's durable consumer: its subject, one message
// in flight at a time. A new subscription's starts with the messages
// published from now on; one found missing later (deleted by hand, say) is
// declared again from the subscription's creation.
func (m *Manager) ensureConsumer(ctx context.Context, sub store.Subscription, fresh bool) (jetstream.Consumer, error) {
	stream, err := StreamOf(sub.Subject)
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	name := consumerName(sub.ID)
	if !fresh {
		cons, err := m.js.Consumer(cctx, stream, name)
		if err == nil {
			return cons, nil
		}
		if !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return nil, fmt.Errorf("webhook consumer %s on %s: %w", name, stream, err)
		}
	}
	cfg := jetstream.ConsumerConfig{Durable: name, Description: "tidings webhook " + sub.ID,
		FilterSubject: sub.Subject, AckPolicy: jetstream.AckExplicitPolicy, DeliverPolicy: jetstream.DeliverNewPolicy,
		AckWait: m.cfg.AckWait, MaxDeliver: -1, MaxAckPending: 1, Replicas: m.cfg.Replicas}
	if !fresh {
		created := sub.CreatedAt
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &created
	}
	cons, err := m.js.CreateConsumer(cctx, stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("declare webhook consumer %s on %s: %w", name, stream, err)
	}
	return cons, nil
}

// redeliverConsumerName is the durable consumer of subscription id's
// redeliveries on the DLQ stream.
func redeliverConsumerName(id string) string { return "webhook-redeliver-" + id }

// ensureRedeliverConsumer returns sub's consumer of replayed dead letters
// (events.RedeliverSubject, on the DLQ stream): each is removed from the
// stream once settled, so the consumer delivers all that are there.
func (m *Manager) ensureRedeliverConsumer(ctx context.Context, sub store.Subscription) (jetstream.Consumer, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	name := redeliverConsumerName(sub.ID)
	cons, err := m.js.CreateOrUpdateConsumer(cctx, events.StreamDLQ, jetstream.ConsumerConfig{Durable: name,
		Description: "tidings webhook redeliveries " + sub.ID, FilterSubject: events.RedeliverSubject(sub.ID),
		AckPolicy: jetstream.AckExplicitPolicy, DeliverPolicy: jetstream.DeliverAllPolicy,
		AckWait: m.cfg.AckWait, MaxDeliver: -1, MaxAckPending: 1, Replicas: m.cfg.Replicas})
	if err != nil {
		return nil, fmt.Errorf("declare webhook consumer %s on %s: %w", name, events.StreamDLQ, err)
	}
	return cons, nil
}

// ErrConsumer marks a failure to declare a subscription's consumer on NATS.
var ErrConsumer = errors.New("the subscription's consumer could not be declared on NATS")

// InvalidError is a subscription request that cannot be accepted.
type InvalidError struct{ Err error }

func (e *InvalidError) Error() string { return e.Err.Error() }
func (e *InvalidError) Unwrap() error { return e.Err }

// View is a subscription as the API shows it: without its secret, with
// its deliveries.
type View struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Subject   string    `json:"subject"`
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
	Stats     Stats     `json:"stats"`
}

// Create checks r, declares the subscription's consumer (messages
// published from now on are kept for it) and stores it.
func (m *Manager) Create(ctx context.Context, r Request) (View, error) {
	if err := r.Check(ctx, m.resolver, m.cfg.AllowPrivate); err != nil {
		return View{}, &InvalidError{err}
	}
	id, err := newID()
	if err != nil {
		return View{}, err
	}
	sub := store.Subscription{ID: id, Name: r.Name, Subject: r.Subject, URL: r.URL, Secret: r.Secret,
		CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if sub.Name == "" {
		sub.Name = id
	}
	if _, err := m.ensureConsumer(ctx, sub, true); err != nil {
		return View{}, fmt.Errorf("%w: %w", ErrConsumer, err)
	}
	if err := m.st.CreateSubscription(ctx, sub); err != nil {
		m.deleteConsumer(ctx, sub)
		return View{}, err
	}
	m.log.Info("webhook subscription created", zap.String("subscription", id), zap.String("subject", sub.Subject), zap.String("url", redactURL(sub.URL)))
	m.poke()
	return m.view(sub), nil
}

// List returns every subscription.
func (m *Manager) List(ctx context.Context) ([]View, error) {
	subs, err := m.st.ListSubscriptions(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]View, len(subs))
	for i, s := range subs {
		out[i] = m.view(s)
	}
	return out, nil
}

// Get returns the subscription id (an error wrapping store.ErrNotFound if none).
func (m *Manager) Get(ctx context.Context, id string) (View, error) {
	sub, err := m.st.GetSubscription(ctx, id)
	if err != nil {
		return View{}, err
	}
	return m.view(sub), nil
}

// Delete removes the subscription id and its consumer; nothing more is
// delivered to it.
func (m *Manager) Delete(ctx context.Context, id string) error {
	sub, err := m.st.GetSubscription(ctx, id)
	if err != nil {
		return err
	}
	if err := m.st.DeleteSubscription(ctx, id); err != nil {
		return err
	}
	m.stopWorker(id)
	m.deleteConsumer(ctx, sub)
	m.log.Info("webhook subscription deleted", zap.String("subscription", id))
	return nil
}

func (m *Manager) deleteConsumer(ctx context.Context, sub store.Subscription) {
	stream, err := StreamOf(sub.Subject)
	if err != nil {
		return
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for _, c := range [][2]string{{stream, consumerName(sub.ID)}, {events.StreamDLQ, redeliverConsumerName(sub.ID)}} {
		if err := m.js.DeleteConsumer(cctx, c[0], c[1]); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
			m.log.Warn("webhook consumer not deleted", zap.String("subscription", sub.ID), zap.String("consumer", c[1]), zap.Error(err))
		}
	}
}

func (m *Manager) view(s store.Subscription) View {
	v := View{ID: s.ID, Name: s.Name, Subject: s.Subject, URL: s.URL, CreatedAt: s.CreatedAt}
	m.mu.Lock()
	if w, ok := m.workers[s.ID]; ok {
		v.Stats = w.count.stats()
	}
	m.mu.Unlock()
	return v
}

func newID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("subscription id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// poke makes Run reconcile now.
func (m *Manager) poke() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Run delivers to every subscription until ctx ends, reading them again
// every Reconcile; then it stops the workers (a message being delivered
// is redelivered later) and returns nil.
func (m *Manager) Run(ctx context.Context) error {
	t := time.NewTicker(m.cfg.Reconcile)
	defer t.Stop()
	defer m.stopAll()
	for {
		m.reconcile(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-m.wake:
		}
	}
}

// reconcile starts a worker for every stored subscription without one,
// stops those of subscriptions gone, and reads the pending counts.
func (m *Manager) reconcile(ctx context.Context) {
	lctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	subs, err := m.st.ListSubscriptions(lctx)
	cancel()
	if err != nil {
		if ctx.Err() == nil {
			m.log.Warn("webhook subscriptions not read", zap.Error(err))
		}
		return
	}
	keep := map[string]bool{}
	for _, s := range subs {
		keep[s.ID] = true
		m.startWorker(ctx, s)
	}
	m.mu.Lock()
	var gone []string
	for id := range m.workers {
		if !keep[id] {
			gone = append(gone, id)
		}
	}
	m.mu.Unlock()
	for _, id := range gone {
		m.stopWorker(id)
	}
	m.readPending(ctx, subs)
}

func (m *Manager) startWorker(ctx context.Context, s store.Subscription) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.workers[s.ID]; ok {
		return
	}
	stream, err := StreamOf(s.Subject)
	if err != nil {
		m.log.Error("webhook subscription with a bad subject", zap.String("subscription", s.ID), zap.Error(err))
		return
	}
	wctx, stop := context.WithCancel(ctx)
	w := &worker{sub: s, stream: stream, m: m, stop: stop, done: make(chan struct{}),
		log: m.log.With(zap.String("subscription", s.ID), zap.String("subject", s.Subject))}
	m.workers[s.ID] = w
	m.metrics.start(s.ID, w.name())
	go w.run(wctx)
}

func (m *Manager) stopWorker(id string) {
	m.mu.Lock()
	w, ok := m.workers[id]
	delete(m.workers, id)
	m.mu.Unlock()
	if !ok {
		return
	}
	w.stop()
	<-w.done
	m.metrics.forget(w.sub.ID, w.name())
}

func (m *Manager) stopAll() {
	m.mu.Lock()
	ws := m.workers
	m.workers = map[string]*worker{}
	m.mu.Unlock()
	for _, w := range ws {
		w.stop()
	}
	for _, w := range ws {
		<-w.done
	}
}

// readPending sets each subscription's pending gauge from its consumer.
func (m *Manager) readPending(ctx context.Context, subs []store.Subscription) {
	for _, s := range subs {
		stream, err := StreamOf(s.Subject)
		if err != nil {
			continue
		}
		ictx, cancel := context.WithTimeout(ctx, 2*time.Second)
		cons, err := m.js.Consumer(ictx, stream, consumerName(s.ID))
		var info *jetstream.ConsumerInfo
		if err == nil {
			info, err = cons.Info(ictx)
		}
		cancel()
		if err != nil {
			continue
		}
		n := int64(info.NumPending) + int64(info.NumAckPending)
		m.mu.Lock()
		if w, ok := m.workers[s.ID]; ok {
			w.count.pending.Store(n)
			m.metrics.pending.WithLabelValues(w.sub.ID, w.name()).Set(float64(n))
		}
		m.mu.Unlock()
	}
}
