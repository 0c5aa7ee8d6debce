package stage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// Watching JetStream through the connection.
const (
	// watchInterval is how often JetStream is asked whether it answers.
	watchInterval = 2 * time.Second
	// watchFailures is how many failed checks in a row make a stage leave
	// its server for another: a node cut off from its cluster's quorum still
	// answers pings, but not for JetStream.
	watchFailures = 3
)

// jsWatch checks every watchInterval that JetStream answers through the
// connection (an account info request, which every stage's user may make).
// /readyz fails while it does not; after watchFailures failures in a row the
// connection is moved to another server of the cluster.
type jsWatch struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	log     *zap.Logger
	timeout time.Duration

	mu       sync.Mutex
	err      error // of the last check; nil when JetStream answered
	checked  bool
	failures int
}

func newJSWatch(nc *nats.Conn, js jetstream.JetStream, log *zap.Logger, timeout time.Duration) *jsWatch {
	return &jsWatch{nc: nc, js: js, log: log, timeout: timeout}
}

// run checks until ctx ends.
func (w *jsWatch) run(ctx context.Context) {
	t := time.NewTicker(watchInterval)
	defer t.Stop()
	for {
		w.once(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// once makes one check and acts on it.
func (w *jsWatch) once(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	var err error
	if !w.nc.IsConnected() {
		err = fmt.Errorf("nats %s", w.nc.Status())
	} else {
		cctx, cancel := context.WithTimeout(ctx, w.timeout)
		_, err = w.js.AccountInfo(cctx)
		cancel()
		if err != nil && ctx.Err() != nil {
			return
		}
	}
	w.mu.Lock()
	was := w.err
	w.err, w.checked = err, true
	if err == nil {
		w.failures = 0
	} else {
		w.failures++
	}
	failures := w.failures
	w.mu.Unlock()
	server := w.nc.ConnectedServerName()
	switch {
	case err == nil && was != nil:
		w.log.Info("jetstream reachable again", zap.String("server", server))
	case err != nil && failures == 1:
		w.log.Warn("jetstream not answering", zap.String("server", server), zap.Error(err))
	case err != nil && failures%watchFailures == 0 && w.nc.IsConnected():
		w.log.Warn("jetstream not answering through this server; moving to another",
			zap.String("server", server), zap.Int("failed_checks", failures), zap.Error(err))
		if ferr := w.nc.ForceReconnect(); ferr != nil {
			w.log.Warn("reconnect failed", zap.Error(ferr))
		}
	}
}

// check is the "jetstream" readiness check.
func (w *jsWatch) check(context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case !w.checked:
		return errors.New("jetstream not checked yet")
	case w.err != nil:
		return fmt.Errorf("jetstream unreachable: %w", w.err)
	}
	return nil
}

// available is 1 while JetStream answers.
func (w *jsWatch) available() float64 {
	if w.check(context.Background()) != nil {
		return 0
	}
	return 1
}

// registerConnectionMetrics exports the state of the connection of the
// service called name: connected, reconnects, JetStream available.
func registerConnectionMetrics(reg prometheus.Registerer, name string, nc *nats.Conn, w *jsWatch) {
	labels := prometheus.Labels{"stage": name}
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "tidings_nats_connected", Help: "1 while the connection to NATS is up.", ConstLabels: labels,
		}, func() float64 {
			if nc.IsConnected() {
				return 1
			}
			return 0
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "tidings_nats_reconnects_total", Help: "Reconnections to NATS (to the same or another server).", ConstLabels: labels,
		}, func() float64 { return float64(nc.Stats().Reconnects) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "tidings_jetstream_available", Help: "1 while JetStream answers through the connection.", ConstLabels: labels,
		}, w.available),
	)
}
