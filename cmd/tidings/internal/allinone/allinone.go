// Package allinone runs the whole Tidings pipeline in one process: the four
// stages' components on one shared service (one NATS connection, one
// metrics registry, one HTTP server), on an embedded JetStream server unless
// an external one is named. It is what `tidings up` runs, and what the
// end-to-end tests and benchmarks start.
package allinone

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/cmd/tidings/internal/natsmetrics"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
	"github.com/tidings-news/tidings/services/enricher"
	"github.com/tidings-news/tidings/services/fetcher"
	"github.com/tidings-news/tidings/services/parser"
	"github.com/tidings-news/tidings/services/sink"
)

// Config configures the all-in-one pipeline.
type Config struct {
	// DataDir holds the JetStream store (nats/), the inbox (inbox/) and the
	// default SQLite database (tidings.db).
	DataDir string
	// Common is what every stage takes: NATS (an empty URL runs the embedded
	// server), the HTTP address, concurrency, shutdown timeout, replicas.
	Common stage.CommonConfig
	// NATSListen is where the embedded server accepts clients such as
	// `tidings dlq` ("" keeps it in-process only; "127.0.0.1:0" picks a port).
	NATSListen string
	// Concurrency gives a stage its own concurrency (default: the
	// component's own, else Common.Concurrency).
	Concurrency map[string]int
	// Fetcher and Sink configure those stages; Fetcher.Inbox defaults to
	// DataDir/inbox, Sink.StoreURL to the SQLite database in DataDir.
	Fetcher  fetcher.Config
	Enricher enricher.Config
	Sink     sink.Config
	// Middleware, when set, gives each consuming stage's router further
	// middleware around its handler (benchmarks record latency, or measure
	// no-op stages, this way).
	Middleware func(stage string) []stage.Middleware
}

// Components are the stages of the pipeline in flow order, on cfg.
func Components(cfg *Config) []stage.Component {
	return []stage.Component{fetcher.Component(&cfg.Fetcher), parser.Component(), enricher.Component(&cfg.Enricher), sink.Component(&cfg.Sink)}
}

// Pipeline is a running all-in-one pipeline.
type Pipeline struct {
	cfg      Config
	log      *zap.Logger
	srv      *embedded.Server
	svc      *stage.Service
	httpAddr net.Addr

	cancel  context.CancelFunc
	stopped chan struct{}
	mu      sync.Mutex
	errs    []error
	// lock is held on the data folder until the pipeline has stopped.
	lock *flock.Flock
}

// Inbox is the folder the fetcher watches.
func (p *Pipeline) Inbox() string { return p.cfg.Fetcher.Inbox }

// HTTPAddr is the address the HTTP server listens on.
func (p *Pipeline) HTTPAddr() string { return p.httpAddr.String() }

// NATSURL is the server's client URL: the embedded server's ("" when
// in-process only), or the external one's.
func (p *Pipeline) NATSURL() string {
	if p.srv == nil {
		return p.svc.NC.ConnectedUrlRedacted()
	}
	return p.srv.URL()
}

// StoreURL is the sink's store.
func (p *Pipeline) StoreURL() string { return p.cfg.Sink.StoreURL }

// JetStream is the pipeline's JetStream context.
func (p *Pipeline) JetStream() jetstream.JetStream { return p.svc.JS }

// Registry is the pipeline's metrics registry.
func (p *Pipeline) Registry() *prometheus.Registry { return p.svc.Registry }

// StoreURL is the default store of a data dir.
func StoreURL(dataDir string) string {
	abs, err := filepath.Abs(filepath.Join(dataDir, "tidings.db"))
	if err != nil {
		abs = filepath.Join(dataDir, "tidings.db")
	}
	return "sqlite://" + abs
}

// withDefaults fills in what cfg leaves empty.
func (cfg Config) withDefaults() Config {
	if cfg.DataDir == "" {
		cfg.DataDir = "data"
	}
	if cfg.Fetcher.Inbox == "" {
		cfg.Fetcher.Inbox = filepath.Join(cfg.DataDir, "inbox")
	}
	if cfg.Sink.StoreURL == "" {
		cfg.Sink.StoreURL = StoreURL(cfg.DataDir)
	}
	// One HTTP server: the read API's document describes the intake too,
	// and answers the 404s under /api/.
	cfg.Fetcher.Intake.SharedAPI = true
	cfg.Sink.OtherAPIs = [][]byte{fetcher.OpenAPI()}
	stage.OrDefault(&cfg.Common.Concurrency, 16)
	if cfg.Common.HTTPAddr == "" {
		cfg.Common.HTTPAddr = "127.0.0.1:8080"
	}
	stage.OrDefault(&cfg.Common.StreamReplicas, 1)
	cfg.Common.NATS.Name = "up"
	return cfg
}

// Start brings the pipeline up: the NATS server (unless Common.NATS.URL
// names one), the shared service and its HTTP server, then every component,
// and returns once /readyz would answer 200 (or something failed); the
// pipeline runs until ctx ends or Stop is called.
func Start(ctx context.Context, cfg Config, log *zap.Logger) (_ *Pipeline, err error) {
	cfg = cfg.withDefaults()
	lock, err := lockDataDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			_ = lock.Unlock()
		}
	}()
	if err := os.MkdirAll(cfg.Fetcher.Inbox, 0o755); err != nil {
		return nil, fmt.Errorf("create inbox: %w", err)
	}
	p := &Pipeline{cfg: cfg, log: log, stopped: make(chan struct{}), lock: lock}
	var extra []nats.Option
	if cfg.Common.NATS.URL == "" {
		if err := p.startNATS(); err != nil {
			return nil, err
		}
		cfg.Common.NATS.URL = "in-process"
		extra = append(extra, nats.InProcessServer(p.srv))
	}
	svc, err := stage.Open(ctx, "up", cfg.Common, log, extra...)
	if err != nil {
		p.stopNATS()
		return nil, err
	}
	p.svc = svc
	if p.srv != nil {
		// The embedded server's own figures (nats_varz_*, nats_server_*…) on
		// the same /metrics.
		svc.Registry.MustRegister(natsmetrics.New(0, log, natsmetrics.InProcess{Server: p.srv.Server}))
	}
	runs, err := p.startComponents(ctx, Components(&p.cfg))
	if err != nil {
		p.svc.NC.Close()
		p.stopNATS()
		return nil, err
	}
	ln, err := stage.Listen(cfg.Common.HTTPAddr)
	if err != nil {
		release(runs)
		p.svc.NC.Close()
		p.stopNATS()
		return nil, err
	}
	p.httpAddr = ln.Addr()
	runCtx, cancel := context.WithCancel(ctx)
	p.cancel = cancel
	go func() {
		defer close(p.stopped)
		if err := p.svc.Serve(runCtx, ln, func(ctx context.Context) error { return p.run(ctx, runs) }); err != nil {
			p.fail(err)
		}
	}()
	if err := p.awaitReady(ctx); err != nil {
		return nil, errors.Join(err, p.Stop())
	}
	return p, nil
}

// startComponents starts every component on its view of the shared
// service; should one fail, what the others opened is released.
func (p *Pipeline) startComponents(ctx context.Context, comps []stage.Component) (map[string]func(context.Context) error, error) {
	runs := map[string]func(context.Context) error{}
	for _, c := range comps {
		svc := p.svc.Stage(c.Name)
		if n := p.cfg.Concurrency[c.Name]; n > 0 {
			svc.Config.Concurrency = n
		} else if c.Concurrency > 0 {
			svc.Config.Concurrency = c.Concurrency
		}
		if p.cfg.Middleware != nil {
			svc.Middleware = append(svc.Middleware, p.cfg.Middleware(c.Name)...)
		}
		run, err := c.Start(ctx, svc)
		if err != nil {
			release(runs)
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		runs[c.Name] = run
	}
	return runs, nil
}

// release runs each stage with an ended context: it only releases what its
// Start opened.
func release(runs map[string]func(context.Context) error) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, run := range runs {
		_ = run(ctx)
	}
}

// run runs every stage until ctx ends; a failure of one stops them all.
func (p *Pipeline) run(ctx context.Context, runs map[string]func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for name, run := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil {
				p.fail(fmt.Errorf("%s: %w", name, err))
				cancel()
			}
		}()
	}
	wg.Wait()
	return nil
}

// readyTimeout bounds the wait for every stage to be ready.
const readyTimeout = 2 * time.Minute

// awaitReady waits until every readiness check passes; it fails when the
// pipeline stops first or the wait exceeds readyTimeout.
func (p *Pipeline) awaitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	for {
		cctx, ccancel := context.WithTimeout(ctx, 2*time.Second)
		err := p.svc.HTTP.Check(cctx)
		ccancel()
		if err == nil {
			return nil
		}
		select {
		case <-p.stopped:
			return errors.New("the pipeline stopped while starting")
		case <-ctx.Done():
			return fmt.Errorf("not ready: %w", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (p *Pipeline) fail(err error) {
	p.mu.Lock()
	p.errs = append(p.errs, err)
	p.mu.Unlock()
	p.log.Error("pipeline component failed", zap.Error(err))
}

func (p *Pipeline) startNATS() error {
	scfg := embedded.Config{StoreDir: filepath.Join(p.cfg.DataDir, "nats"), NoListen: p.cfg.NATSListen == ""}
	if p.cfg.NATSListen != "" {
		host, port, err := net.SplitHostPort(p.cfg.NATSListen)
		if err != nil {
			return fmt.Errorf("nats listen address %q: %w", p.cfg.NATSListen, err)
		}
		scfg.Host = host
		if _, err := fmt.Sscan(port, &scfg.Port); err != nil {
			return fmt.Errorf("nats listen port %q: %w", port, err)
		}
		if scfg.Port == 0 {
			scfg.Port = -1
		}
	}
	srv, err := embedded.Start(scfg)
	if err != nil {
		if !scfg.NoListen {
			return fmt.Errorf("%w (choose another address with --nats-listen, or --nats-listen '' to keep NATS in-process)", err)
		}
		return err
	}
	p.srv = srv
	return nil
}

func (p *Pipeline) stopNATS() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.srv != nil {
		p.srv.Stop()
		p.srv = nil
	}
}

// Wait blocks until the pipeline has stopped (every stage finished its
// in-flight work, the HTTP server and the NATS connection closed) and
// returns what failed, if anything.
func (p *Pipeline) Wait() error {
	<-p.stopped
	p.stopNATS()
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.lock.Unlock(); err != nil {
		p.errs = append(p.errs, fmt.Errorf("unlock data dir: %w", err))
	}
	return errors.Join(p.errs...)
}

// Stop stops pulling, finishes in-flight work, closes the store and the
// server, and returns what failed, if anything.
func (p *Pipeline) Stop() error {
	p.cancel()
	return p.Wait()
}

// Done is closed once the pipeline has stopped, on its own (a stage
// failed) or by Stop.
func (p *Pipeline) Done() <-chan struct{} { return p.stopped }
