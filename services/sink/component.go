package sink

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/sink/api"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/webhook"
	// The stores this build offers register themselves.
	_ "github.com/tidings-news/tidings/services/sink/store/postgres"
	_ "github.com/tidings-news/tidings/services/sink/store/sqlite"
)

// Config configures the sink stage.
type Config struct {
	// StoreURL names the store (see store.Open).
	StoreURL string
	// APIToken, when set, is the bearer token the read API requires.
	APIToken string
	// WebhookAllowPrivate lets webhook subscriptions POST to loopback and
	// private addresses.
	WebhookAllowPrivate bool
	// WebhookRetryBudget is how long a webhook message is retried before it
	// goes to the dead-letter queue.
	WebhookRetryBudget time.Duration
	// OtherAPIs are the OpenAPI documents of other APIs served beside the
	// read API (tidings up's intake), merged into its own; not a flag.
	OtherAPIs [][]byte
}

// Bind registers the sink's flags (with TIDINGS_* environment defaults).
func (c *Config) Bind(f *stage.Flags) {
	f.String(&c.StoreURL, "store-url", "sqlite://./data/tidings.db",
		"where articles are stored: sqlite:///abs/path.db, sqlite://rel/path.db, a file path or postgres://user:pass@host/db")
	f.String(&c.APIToken, "api-token", "",
		"bearer token the read API under /api/v1 requires (empty: no token)")
	f.Bool(&c.WebhookAllowPrivate, "webhook-allow-private", false,
		"let webhook subscriptions POST to loopback and private addresses (refused by default)")
	f.Duration(&c.WebhookRetryBudget, "webhook-retry-budget", time.Hour,
		"how long a webhook message is retried (5xx, 429, timeouts) before it goes to the dead-letter queue")
}

// Component is the sink stage on cfg (its flags bind into cfg): it opens the
// store, serves the read API under /api/v1 on the service's HTTP server,
// stores every enriched article exactly once, and closes the store when it
// stops. Its readiness check is "store".
func Component(cfg *Config) stage.Component {
	return stage.Component{
		Name:        events.StageSink,
		HTTPAddr:    ":8084",
		Concurrency: DefaultConcurrency,
		Bind:        cfg.Bind,
		Start: func(ctx context.Context, svc *stage.Service) (func(context.Context) error, error) {
			return start(ctx, svc, *cfg)
		},
	}
}

// start opens the store and mounts the read API; the stage's run closes the
// store when it returns.
func start(ctx context.Context, svc *stage.Service, cfg Config) (func(context.Context) error, error) {
	kind, err := store.Scheme(cfg.StoreURL)
	if err != nil {
		return nil, err
	}
	var doc []byte // the read API's own unless others are merged in
	if len(cfg.OtherAPIs) > 0 {
		if doc, err = api.MergeOpenAPI(cfg.OtherAPIs...); err != nil {
			return nil, err
		}
	}
	st, err := store.Open(ctx, cfg.StoreURL)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	svc.Log.Info("store open", zap.String("kind", kind), zap.String("location", st.Location()))
	hooks := webhook.New(svc.JS, st, webhook.Config{AllowPrivate: cfg.WebhookAllowPrivate, RetryBudget: cfg.WebhookRetryBudget,
		Replicas: svc.Config.StreamReplicas}, svc.Registry, svc.Metrics, svc.Log.Named("webhook"))
	api.Mount(svc.HTTP.Mux(), st, api.Options{Token: cfg.APIToken, Log: svc.Log.Named("api"), Subscriptions: hooks, OpenAPI: doc})
	svc.AddCheck("store", Ready(st))
	// While the store is down, pulling pauses (after the first failure)
	// instead of burning the retries of every message; /readyz says so.
	r := svc.Router(stage.RouterConfig{Consumer: events.SinkConsumer(), Pause: Ready(st)}, NewHandler(st))
	return func(ctx context.Context) error {
		var wg sync.WaitGroup
		var hooksErr error
		wg.Add(1)
		go func() { defer wg.Done(); hooksErr = hooks.Run(ctx) }()
		err := r.Run(ctx)
		wg.Wait()
		return errors.Join(err, hooksErr, st.Close())
	}, nil
}
