package stage

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// Service is what a stage binary is given once Main has set it up.
type Service struct {
	Name     string
	Config   CommonConfig
	Log      *zap.Logger
	NC       *nats.Conn
	JS       jetstream.JetStream
	Registry *prometheus.Registry
	Metrics  *Metrics
	HTTP     *Server
}

// Router returns the router of a consuming stage on this service: cfg
// completed with the service's name, concurrency, shutdown timeout and
// stream replicas, and a "consumer" readiness check that passes once the
// router pulls.
func (s *Service) Router(cfg RouterConfig, h Handler) *Router {
	var running atomic.Bool
	s.HTTP.AddCheck("consumer", func(context.Context) error {
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
	return NewRouter(s.JS, cfg, h, s.Metrics, s.Log)
}

// Main is the whole life of a stage binary: flags and TIDINGS_* environment
// (bind adds the stage's own), logger, NATS connection, streams, the HTTP
// server, then run until SIGINT or SIGTERM, after which run must return once
// its in-flight work is done. The subcommand `healthcheck` probes /healthz of
// a running instance instead. Main exits the process.
func Main(name, httpDefault string, bind func(*Flags), run func(ctx context.Context, svc *Service) error) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := main(ctx, name, httpDefault, os.Args[1:], bind, run)
	stop()
	os.Exit(code)
}

// main is Main until exit, with ctx ending at SIGINT or SIGTERM; it returns
// the exit status.
func main(ctx context.Context, name, httpDefault string, args []string, bind func(*Flags), run func(context.Context, *Service) error) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	f := NewFlags(fs)
	svc := &Service{Name: name}
	svc.Config.Bind(f, httpDefault)
	svc.Config.NATS.Name = name
	if bind != nil {
		bind(f)
	}
	healthcheck := len(args) > 0 && args[0] == "healthcheck"
	if healthcheck {
		args = args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := f.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if healthcheck {
		return runHealthcheck(svc.Config.HTTPAddr)
	}
	log, err := NewLogger(svc.Config.LogLevel, svc.Config.LogFormat)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer func() { _ = log.Sync() }()
	svc.Log = log.With(zap.String("stage", name))
	if limit := ApplyMemoryLimit("/sys/fs/cgroup"); limit > 0 {
		svc.Log.Info("soft memory limit set from the container's", zap.Int64("bytes", limit))
	}
	if err := svc.start(ctx, run); err != nil {
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			// Stopped while it was still connecting: an orderly stop.
			svc.Log.Info("stage stopped before it was running", zap.Error(err))
			return 0
		}
		svc.Log.Error("stage failed", zap.Error(err))
		return 1
	}
	svc.Log.Info("stage exited cleanly")
	return 0
}

func (s *Service) start(ctx context.Context, run func(context.Context, *Service) error) error {
	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	nc, err := Connect(cctx, s.Config.NATS, s.Log)
	cancel()
	if err != nil {
		return err
	}
	defer nc.Close()
	s.NC = nc
	if s.JS, err = jetstream.New(nc); err != nil {
		return fmt.Errorf("jetstream: %w", err)
	}
	if err := (Topology{Replicas: s.Config.StreamReplicas}).EnsureStreams(ctx, s.JS); err != nil {
		return err
	}
	s.Registry = NewRegistry()
	s.Metrics = NewMetrics(s.Registry)
	s.HTTP = NewServer(s.Registry, s.Log)
	s.HTTP.AddCheck("nats", NATSCheck(nc))
	s.HTTP.AddCheck("streams", StreamsCheck(s.JS))
	ln, err := Listen(s.Config.HTTPAddr)
	if err != nil {
		return err
	}
	httpCtx, stopHTTP := context.WithCancel(context.WithoutCancel(ctx))
	httpDone := make(chan error, 1)
	go func() { httpDone <- s.HTTP.Serve(httpCtx, ln) }()
	s.Log.Info("stage started", zap.String("http", ln.Addr().String()), zap.String("nats", nc.ConnectedUrlRedacted()))
	runErr := run(ctx, s)
	stopHTTP()
	if err := <-httpDone; err != nil && runErr == nil {
		runErr = err
	}
	if err := nc.Drain(); err != nil && runErr == nil && !errors.Is(err, nats.ErrConnectionClosed) {
		runErr = fmt.Errorf("drain nats: %w", err)
	}
	return runErr
}

func runHealthcheck(addr string) int {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	url := "http://" + net.JoinHostPort(host, port) + "/healthz"
	if err := Probe(ctx, url); err != nil {
		fmt.Fprintln(os.Stderr, strings.TrimSpace(err.Error()))
		return 1
	}
	return 0
}
