package stage

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// Service is what a component runs on: the NATS connection, the streams,
// the metrics and the HTTP server with its readiness checks. A stage binary
// has one of its own (Main); `tidings up` shares one between its stages
// (Stage).
type Service struct {
	Name     string
	Config   CommonConfig
	Log      *zap.Logger
	NC       *nats.Conn
	JS       jetstream.JetStream
	Registry *prometheus.Registry
	Metrics  *Metrics
	HTTP     *Server
	// Middleware goes into every router made on this service, around the
	// handler (see RouterConfig.Middleware).
	Middleware []Middleware
	// shared: several stages run on this service.
	shared bool
	// watch checks that JetStream answers through NC.
	watch *jsWatch
}

// connectTimeout bounds the wait for the first connection to NATS.
const connectTimeout = 2 * time.Minute

// Open sets up a service: it connects to NATS (cfg.NATS, then extra
// options, such as nats.InProcessServer), declares the pipeline's streams
// with cfg.StreamReplicas, and makes the metrics and the HTTP server with
// the "nats" and "streams" readiness checks. Serve runs it; Close, when
// Serve is not called, closes the connection.
func Open(ctx context.Context, name string, cfg CommonConfig, log *zap.Logger, extra ...nats.Option) (*Service, error) {
	s := &Service{Name: name, Config: cfg, Log: log}
	cctx, cancel := context.WithTimeout(ctx, connectTimeout)
	nc, err := Connect(cctx, cfg.NATS, log, extra...)
	cancel()
	if err != nil {
		return nil, err
	}
	s.NC = nc
	// Every request made under a context without a deadline gets this
	// timeout of its own: the Timeout middleware bounds a handling without
	// a deadline for that reason.
	if s.JS, err = jetstream.New(nc, jetstream.WithDefaultTimeout(cfg.requestTimeout())); err != nil {
		nc.Close()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	topo := Topology{Replicas: cfg.StreamReplicas, Log: log}
	if err := s.Declare(ctx, "streams", func(ctx context.Context) error { return topo.EnsureStreams(ctx, s.JS) }); err != nil {
		nc.Close()
		return nil, err
	}
	s.watch = newJSWatch(nc, s.JS, log, cfg.requestTimeout())
	s.Registry = NewRegistry()
	s.Metrics = NewMetrics(s.Registry)
	registerConnectionMetrics(s.Registry, name, nc, s.watch)
	s.HTTP = NewServer(s.Registry, log)
	s.HTTP.AddCheck("nats", NATSCheck(nc))
	s.HTTP.AddCheck("jetstream", s.watch.check)
	s.HTTP.AddCheck("streams", StreamsCheck(s.JS))
	return s, nil
}

// Declare runs a declaration of the stage (a stream, a bucket), retrying
// while the cluster is busy or electing, up to --start-timeout.
func (s *Service) Declare(ctx context.Context, what string, fn func(context.Context) error) error {
	return Declare(ctx, s.Config.startTimeout(), s.Log, what, fn)
}

// Stage is the view of a shared service one stage runs on: its own name,
// logger (with the stage field) and a copy of the configuration, the rest
// shared. Its routers' readiness checks are named after it.
func (s *Service) Stage(name string) *Service {
	v := *s
	v.Name = name
	v.Log = s.Log.With(zap.String("stage", name))
	v.Middleware = append([]Middleware(nil), s.Middleware...)
	v.shared = true
	return &v
}

// AddCheck adds a readiness check of the stage to the HTTP server.
func (s *Service) AddCheck(name string, fn CheckFunc) { s.HTTP.AddCheck(name, fn) }

// Serve serves HTTP on ln while run runs, keeps serving until run has
// returned (so probes and scrapes see the drain), then drains the NATS
// connection. It returns run's error, else the server's or the drain's.
func (s *Service) Serve(ctx context.Context, ln net.Listener, run func(context.Context) error) error {
	httpCtx, stopHTTP := context.WithCancel(context.WithoutCancel(ctx))
	httpDone := make(chan error, 1)
	go func() { httpDone <- s.HTTP.Serve(httpCtx, ln) }()
	watchDone := make(chan struct{})
	go func() { defer close(watchDone); s.watch.run(httpCtx) }()
	runErr := run(ctx)
	stopHTTP()
	<-watchDone
	if err := <-httpDone; err != nil && runErr == nil {
		runErr = err
	}
	if err := s.Close(); err != nil && runErr == nil {
		runErr = err
	}
	return runErr
}

// Close drains the NATS connection.
func (s *Service) Close() error {
	if err := s.NC.Drain(); err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
		return fmt.Errorf("drain nats: %w", err)
	}
	return nil
}

// Router returns the router of a consuming stage on this service: cfg
// completed with the service's name, concurrency, shutdown timeout, stream
// replicas and middleware, and a readiness check that passes once the
// router pulls ("consumer"; "consumer:<stage>" on a shared service).
func (s *Service) Router(cfg RouterConfig, h Handler) *Router {
	var running atomic.Bool
	check := "consumer"
	if s.shared {
		check += ":" + s.Name
	}
	s.AddCheck(check, func(context.Context) error {
		if !running.Load() {
			return errors.New("not consuming yet")
		}
		return nil
	})
	cfg.OnRunning = func() { running.Store(true) }
	cfg.Stage = s.Name
	if cfg.Concurrency == 0 {
		cfg.Concurrency = s.Config.Concurrency
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = s.Config.ShutdownTimeout
	}
	if cfg.Replicas == 0 {
		cfg.Replicas = s.Config.StreamReplicas
	}
	if cfg.RetryBudget == 0 {
		cfg.RetryBudget = s.Config.retryBudget()
	}
	if cfg.StartTimeout == 0 {
		cfg.StartTimeout = s.Config.startTimeout()
	}
	cfg.Middleware = append(append([]Middleware(nil), s.Middleware...), cfg.Middleware...)
	return NewRouter(s.JS, cfg, h, s.Metrics, s.Log)
}
