package fetcher

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// Fetcher is the fetcher stage: it runs its sources (the inbox) and is the
// one publishing path they share. Create it with New and start it with Run.
type Fetcher struct {
	cfg     Config
	log     *zap.Logger
	metrics *metrics
	pub     *stage.Publisher
	claims  *stage.ClaimChecks
	inbox   *inbox
	sources []Source
	running atomic.Bool
}

// New checks cfg, creates the inbox with its processed/ and failed/ folders
// when missing, and registers the fetcher's metrics with reg (nil registers
// none). log should carry the stage field (stage.Main's Service.Log does);
// the fetcher adds file, doc_id and trace_id. The inbox is the first
// source; extra ones run beside it on the same publishing path. New does
// not talk to NATS: the claim-check bucket is opened when the first large
// document needs it.
func New(js jetstream.JetStream, cfg Config, reg prometheus.Registerer, log *zap.Logger, extra ...Source) (*Fetcher, error) {
	if js == nil {
		return nil, errors.New("fetcher: a JetStream context is required")
	}
	if log == nil {
		log = zap.NewNop()
	}
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, err
	}
	in, err := newInbox(cfg, m, log)
	if err != nil {
		return nil, err
	}
	claims := stage.NewClaimChecks(js, stage.Topology{Replicas: cfg.Replicas}, cfg.InlineLimit)
	return &Fetcher{
		cfg:     cfg,
		log:     log,
		metrics: m,
		pub:     stage.NewPublisher(js, events.StageFetcher, cfg.StageMetrics, claims),
		claims:  claims,
		inbox:   in,
		sources: append([]Source{in}, extra...),
	}, nil
}

// Inbox is the watched folder (absolute, symlinks resolved).
func (f *Fetcher) Inbox() string { return f.inbox.inbox }

// Ready is the readiness check: every source is ready.
func (f *Fetcher) Ready(ctx context.Context) error {
	var errs []error
	for _, s := range f.sources {
		if err := s.Ready(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Run runs every source until ctx is cancelled, then waits for each to
// finish the document in hand, and returns what failed. Run must not be
// called again while it runs.
func (f *Fetcher) Run(ctx context.Context) error {
	if !f.running.CompareAndSwap(false, true) {
		return errors.New("fetcher: Run is already running")
	}
	defer f.running.Store(false)
	errs := make([]error, len(f.sources))
	var wg sync.WaitGroup
	for i, s := range f.sources {
		wg.Go(func() {
			if err := s.Run(ctx, f.publish); err != nil {
				errs[i] = fmt.Errorf("source %s: %w", s.Name(), err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
