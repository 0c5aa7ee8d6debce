// Package allinone runs the whole Tidings pipeline in one process: an
// embedded JetStream server, the four stages and one HTTP server. It is what
// `tidings up` runs, and what the end-to-end tests and benchmarks start.
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

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
	"github.com/tidings-news/tidings/services/enricher"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/registry"
	"github.com/tidings-news/tidings/services/fetcher"
	"github.com/tidings-news/tidings/services/parser"
	"github.com/tidings-news/tidings/services/sink"
	"github.com/tidings-news/tidings/services/sink/api"
	"github.com/tidings-news/tidings/services/sink/store"
)

// Config configures the all-in-one pipeline.
type Config struct {
	// DataDir holds the JetStream store (nats/), the inbox (inbox/) and the
	// default SQLite database (tidings.db).
	DataDir string
	// HTTPAddr serves /metrics, /healthz and /readyz.
	HTTPAddr string
	// NATSListen is where the embedded server accepts clients such as
	// `tidings dlq` ("" keeps it in-process only; "127.0.0.1:0" picks a port).
	NATSListen string
	// StoreURL overrides the default sqlite database under DataDir.
	StoreURL string
	// APIToken, when set, is the bearer token the read API (/api/v1) requires.
	APIToken string
	// Concurrency per stage, but the sink's.
	Concurrency int
	// SinkConcurrency is the sink's (default sink.DefaultConcurrency).
	SinkConcurrency int
	// ShutdownTimeout bounds the drain of in-flight work.
	ShutdownTimeout time.Duration
	// Fetcher settings; Inbox defaults to DataDir/inbox.
	Fetcher fetcher.Config
	// Middleware, when set, gives each consuming stage's router further
	// middleware around its handler (benchmarks record latency, or measure
	// no-op stages, this way).
	Middleware func(stage string) []stage.Middleware
}

// Pipeline is a running all-in-one pipeline.
type Pipeline struct {
	cfg      Config
	log      *zap.Logger
	srv      *embedded.Server
	nc       *nats.Conn
	js       jetstream.JetStream
	store    store.Store
	registry *prometheus.Registry
	metrics  *stage.Metrics
	httpAddr net.Addr

	cancel   context.CancelFunc
	stopHTTP context.CancelFunc
	httpDone chan error
	wg       sync.WaitGroup
	mu       sync.Mutex
	errs     []error
}

// Inbox is the folder the fetcher watches.
func (p *Pipeline) Inbox() string { return p.cfg.Fetcher.Inbox }

// HTTPAddr is the address the HTTP server listens on.
func (p *Pipeline) HTTPAddr() string { return p.httpAddr.String() }

// NATSURL is the embedded server's client URL ("" when in-process only).
func (p *Pipeline) NATSURL() string { return p.srv.URL() }

// JetStream is the pipeline's JetStream context.
func (p *Pipeline) JetStream() jetstream.JetStream { return p.js }

// Store is the sink's store.
func (p *Pipeline) Store() store.Store { return p.store }

// Registry is the pipeline's metrics registry.
func (p *Pipeline) Registry() *prometheus.Registry { return p.registry }

// StoreURL is the default store of a data dir.
func StoreURL(dataDir string) string {
	abs, err := filepath.Abs(filepath.Join(dataDir, "tidings.db"))
	if err != nil {
		abs = filepath.Join(dataDir, "tidings.db")
	}
	return "sqlite://" + abs
}

// Start brings the pipeline up; it runs until ctx ends or Stop is called.
func Start(ctx context.Context, cfg Config, log *zap.Logger) (p *Pipeline, err error) {
	if cfg.DataDir == "" {
		cfg.DataDir = "data"
	}
	if cfg.Fetcher.Inbox == "" {
		cfg.Fetcher.Inbox = filepath.Join(cfg.DataDir, "inbox")
	}
	if cfg.StoreURL == "" {
		cfg.StoreURL = StoreURL(cfg.DataDir)
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 16
	}
	if cfg.SinkConcurrency <= 0 {
		cfg.SinkConcurrency = sink.DefaultConcurrency
	}
	if err := os.MkdirAll(cfg.Fetcher.Inbox, 0o755); err != nil {
		return nil, fmt.Errorf("create inbox: %w", err)
	}
	pl := &Pipeline{cfg: cfg, log: log}
	p = pl
	defer func() {
		if err != nil {
			pl.close() // p itself is nil after "return nil, err"
		}
	}()
	if err := p.startNATS(ctx); err != nil {
		return nil, err
	}
	if p.store, err = store.Open(ctx, cfg.StoreURL); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	p.registry = stage.NewRegistry()
	p.metrics = stage.NewMetrics(p.registry)

	httpSrv := stage.NewServer(p.registry, log)
	httpSrv.AddCheck("nats", stage.NATSCheck(p.nc))
	httpSrv.AddCheck("streams", stage.StreamsCheck(p.js))
	httpSrv.AddCheck("store", p.store.Ping)
	api.Mount(httpSrv.Mux(), p.store, cfg.APIToken, log.Named("api"))
	ln, err := stage.Listen(cfg.HTTPAddr)
	if err != nil {
		return nil, err
	}
	p.httpAddr = ln.Addr()

	cfg.Fetcher.StageMetrics = p.metrics
	f, err := fetcher.New(p.js, cfg.Fetcher, p.registry, log.With(zap.String("stage", events.StageFetcher)))
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("fetcher: %w", err)
	}
	httpSrv.AddCheck("inbox", f.Ready)
	// Canonical entity ids live in a key-value bucket, as with the enricher
	// service, so they agree across articles and survive restarts.
	kv, err := registry.EnsureBucket(ctx, p.js, 1)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("entity registry: %w", err)
	}
	x, err := extract.New(extract.Options{Registry: registry.NewKV(kv)})
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("extractor: %w", err)
	}

	runCtx, cancel := context.WithCancel(ctx)
	p.cancel = cancel
	// The HTTP server outlives the stages so that probes and scrapes see the drain.
	httpCtx, stopHTTP := context.WithCancel(context.WithoutCancel(ctx))
	p.stopHTTP = stopHTTP
	p.httpDone = make(chan error, 1)
	go func() { p.httpDone <- httpSrv.Serve(httpCtx, ln) }()
	p.goRun(events.StageFetcher, func() error { return f.Run(runCtx) })
	stages := []struct {
		consumer events.ConsumerSpec
		handler  stage.Handler
	}{
		{events.ParserConsumer(), parser.NewHandler()},
		{events.EnricherConsumer(), enricher.NewHandler(x)},
		{events.SinkConsumer(), sink.NewHandler(p.store)},
	}
	for _, s := range stages {
		h := s.handler
		var mws []stage.Middleware
		if cfg.Middleware != nil {
			mws = cfg.Middleware(s.consumer.Durable)
		}
		concurrency := cfg.Concurrency
		if s.consumer.Durable == events.StageSink {
			concurrency = cfg.SinkConcurrency
		}
		r := stage.NewRouter(p.js, stage.RouterConfig{
			Stage: s.consumer.Durable, Consumer: s.consumer, Replicas: 1, Middleware: mws,
			Concurrency: concurrency, ShutdownTimeout: cfg.ShutdownTimeout,
		}, h, p.metrics, log.With(zap.String("stage", s.consumer.Durable)))
		p.goRun(s.consumer.Durable, func() error { return r.Run(runCtx) })
	}
	return p, nil
}

// goRun runs fn in the pipeline's group; a failure stops the whole pipeline.
func (p *Pipeline) goRun(name string, fn func() error) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		if err := fn(); err != nil {
			p.mu.Lock()
			p.errs = append(p.errs, fmt.Errorf("%s: %w", name, err))
			p.mu.Unlock()
			p.log.Error("pipeline component failed", zap.String("component", name), zap.Error(err))
			p.cancel()
		}
	}()
}

func (p *Pipeline) startNATS(ctx context.Context) error {
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
	p.nc, err = stage.Connect(ctx, stage.NATSConfig{URL: "in-process", Name: "up"}, p.log, nats.InProcessServer(srv))
	if err != nil {
		return err
	}
	if p.js, err = jetstream.New(p.nc); err != nil {
		return fmt.Errorf("jetstream: %w", err)
	}
	return (stage.Topology{Replicas: 1}).EnsureStreams(ctx, p.js)
}

// Wait blocks until the pipeline has stopped and returns what failed, if anything.
func (p *Pipeline) Wait() error {
	p.wg.Wait()
	if p.stopHTTP != nil {
		p.stopHTTP()
		if err := <-p.httpDone; err != nil {
			p.mu.Lock()
			p.errs = append(p.errs, err)
			p.mu.Unlock()
		}
		p.stopHTTP = nil
	}
	p.close()
	p.mu.Lock()
	defer p.mu.Unlock()
	return errors.Join(p.errs...)
}

// Stop stops pulling, finishes in-flight work, closes the store and the
// server, and returns what failed, if anything.
func (p *Pipeline) Stop() error {
	p.cancel()
	return p.Wait()
}

func (p *Pipeline) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.store != nil {
		if err := p.store.Close(); err != nil {
			p.errs = append(p.errs, fmt.Errorf("close store: %w", err))
		}
		p.store = nil
	}
	if p.nc != nil {
		p.nc.Close()
		p.nc = nil
	}
	if p.srv != nil {
		p.srv.Stop()
		p.srv = nil
	}
}
