package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/cmd/tidings/internal/natsmetrics"
	"github.com/tidings-news/tidings/pkg/stage"
)

const natsMetricsUsage = `Usage: tidings nats-metrics [--nats-monitor-url URL[,URL...]] [--http-addr ADDR]

Serves NATS servers' own figures to Prometheus on /metrics of --http-addr
(beside /healthz, and /readyz while a server's monitoring port answers):
connections, messages and bytes in and out, slow consumers, memory, CPU and
routes (nats_varz_*), JetStream's streams, consumers, messages and storage
(nats_server_*, nats_stream_*, nats_consumer_*), named as
prometheus-nats-exporter names them when the NATS Helm chart runs it, and
nats_up{source}. Each scrape reads every server's /varz and /jsz on its
monitoring port (http_port, 8222 in deploy/nats/nats.conf) within
--scrape-timeout; give each node of a cluster, comma separated.
tidings up serves the same figures of its embedded server on its own
/metrics.
`

func cmdNATSMetrics(ctx context.Context, args []string, stderr io.Writer) int {
	f := newFlags("nats-metrics", stderr)
	setUsage(f, stderr, natsMetricsUsage)
	var url, addr, level, format string
	var timeout time.Duration
	f.String(&url, "nats-monitor-url", "http://127.0.0.1:8222", "the NATS servers' monitoring addresses, comma separated")
	f.String(&addr, "http-addr", "127.0.0.1:7777", "where to serve /metrics, /healthz and /readyz")
	f.Duration(&timeout, "scrape-timeout", natsmetrics.DefaultTimeout, "how long one scrape may wait for the server")
	f.String(&level, "log-level", "info", "log level: debug, info, warn, error")
	f.String(&format, "log-format", "console", "log format: json or console")
	if code, ok := parse(f, args, stderr); !ok {
		return code
	}
	log, err := stage.NewLogger(level, format)
	if err != nil {
		fmt.Fprintln(stderr, "tidings:", err)
		return 2
	}
	defer func() { _ = log.Sync() }()

	var srcs []natsmetrics.Source
	for _, u := range strings.Split(url, ",") {
		if u = strings.TrimSpace(u); u != "" {
			srcs = append(srcs, natsmetrics.HTTP{URL: u, Client: &http.Client{Timeout: timeout}})
		}
	}
	if len(srcs) == 0 {
		fmt.Fprintln(stderr, "tidings nats-metrics: --nats-monitor-url names no server")
		return 2
	}
	reg := stage.NewRegistry()
	reg.MustRegister(natsmetrics.New(timeout, log, srcs...))
	srv := stage.NewServer(reg, log)
	srv.AddCheck("nats-monitoring", anyAnswers(srcs))
	ln, err := stage.Listen(addr)
	if err != nil {
		log.Error("tidings nats-metrics cannot listen", zap.Error(err))
		return 1
	}
	log.Info("serving the NATS server's metrics", zap.String("metrics", "http://"+ln.Addr().String()+"/metrics"), zap.String("nats_monitor_url", url))
	if err := srv.Serve(ctx, ln); err != nil {
		log.Error("tidings nats-metrics failed", zap.Error(err))
		return 1
	}
	return 0
}

// anyAnswers is ready while at least one server's monitoring data can be
// read (a node down shows as nats_up 0, not as this process unready).
func anyAnswers(srcs []natsmetrics.Source) stage.CheckFunc {
	return func(ctx context.Context) error {
		var errs []error
		for _, src := range srcs {
			_, err := src.Snapshot(ctx)
			if err == nil {
				return nil
			}
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	}
}
