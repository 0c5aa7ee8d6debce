package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/fetcher"
	"github.com/tidings-news/tidings/services/sink"
)

func cmdUp(ctx context.Context, args []string, stderr io.Writer) int {
	f := newFlags("up", stderr)
	var cfg allinone.Config
	var logLevel, logFormat string
	f.String(&cfg.DataDir, "data-dir", "./data", "folder for the inbox, the JetStream store and the SQLite database")
	f.String(&cfg.HTTPAddr, "http-addr", "127.0.0.1:8080", "listen address for /metrics, /healthz, /readyz")
	f.String(&cfg.NATSListen, "nats-listen", "127.0.0.1:4222", "where the embedded NATS server accepts clients such as tidings dlq (empty: in-process only)")
	f.String(&cfg.StoreURL, "store-url", "", "store URL: sqlite:///path.db or postgres://user:pass@host/db (default sqlite://DATA-DIR/tidings.db)")
	f.String(&cfg.APIToken, "api-token", "", "bearer token the read API under /api/v1 requires (empty: none)")
	f.Int(&cfg.Concurrency, "concurrency", 16, "messages handled at once by the fetcher, parser and enricher")
	f.Int(&cfg.SinkConcurrency, "sink-concurrency", sink.DefaultConcurrency, "records the sink stores at once (they share group commits)")
	f.Duration(&cfg.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long SIGTERM waits for in-flight work")
	f.String(&logLevel, "log-level", "info", "log level: debug, info, warn, error")
	f.String(&logFormat, "log-format", "console", "log format: console or json")
	f.String(&cfg.Fetcher.Inbox, "inbox", "", "inbox folder (default DATA-DIR/inbox)")
	f.Int64(&cfg.Fetcher.MaxSize, "max-size", fetcher.DefaultMaxSize, "largest accepted file in bytes")
	f.Duration(&cfg.Fetcher.SettleTime, "settle-time", fetcher.DefaultSettleTime, "how long a file must stay unchanged before it is read")
	f.Duration(&cfg.Fetcher.RescanInterval, "rescan-interval", fetcher.DefaultRescanInterval, "period of the full inbox rescan")
	if code, ok := parse(f, args, stderr); !ok {
		return code
	}
	log, err := stage.NewLogger(logLevel, logFormat)
	if err != nil {
		fmt.Fprintln(stderr, "tidings:", err)
		return 2
	}
	defer func() { _ = log.Sync() }()

	if limit := stage.ApplyMemoryLimit("/sys/fs/cgroup"); limit > 0 {
		log.Info("soft memory limit set from the container's", zap.Int64("bytes", limit))
	}
	p, err := allinone.Start(ctx, cfg, log)
	if err != nil {
		log.Error("tidings up failed to start", zap.Error(err))
		return 1
	}
	inbox, _ := filepath.Abs(p.Inbox())
	log.Info("tidings is up: drop .txt, .md, .html or .json files into the inbox",
		zap.String("inbox", inbox),
		zap.String("http", "http://"+p.HTTPAddr()),
		zap.String("nats", p.NATSURL()),
		zap.String("export", "tidings export --data-dir "+cfg.DataDir))
	<-ctx.Done()
	log.Info("stopping: finishing in-flight work")
	if err := p.Stop(); err != nil {
		log.Error("tidings stopped with errors", zap.Error(err))
		return 1
	}
	log.Info("tidings stopped cleanly")
	return 0
}

func cmdHealthcheck(ctx context.Context, args []string, stderr io.Writer) int {
	f := newFlags("healthcheck", stderr)
	var addr string
	f.String(&addr, "http-addr", "127.0.0.1:8080", "address of the instance to probe")
	if code, ok := parse(f, args, stderr); !ok {
		return code
	}
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := stage.Probe(cctx, "http://"+addr+"/healthz"); err != nil {
		fmt.Fprintln(stderr, "tidings:", err)
		return 1
	}
	return 0
}
