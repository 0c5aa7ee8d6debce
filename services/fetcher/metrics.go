package fetcher

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// Outcome label values of tidings_fetcher_files_total.
const (
	OutcomePublished = "published"
	OutcomeRejected  = "rejected"
	// OutcomeError is a transient failure: the file stays in the inbox and is retried.
	OutcomeError = "error"
)

// metrics are the fetcher's own series; none is labelled with an id.
type metrics struct {
	files       *prometheus.CounterVec
	rejects     *prometheus.CounterVec
	bytes       prometheus.Counter
	inbox       prometheus.Gauge
	objectStore prometheus.Counter
}

// newMetrics creates the series at zero and registers them with reg (nil
// registers nothing).
func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		files: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tidings_fetcher_files_total",
			Help: "Inbox files the fetcher handled, by outcome (published, rejected, error).",
		}, []string{"outcome"}),
		rejects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tidings_fetcher_rejects_total",
			Help: "Inbox files moved to failed/, by reason.",
		}, []string{"reason"}),
		bytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "tidings_fetcher_bytes_total",
			Help: "Bytes of document content the fetcher published.",
		}),
		inbox: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tidings_inbox_files",
			Help: "Files waiting in the inbox (the backlog), as of the last scan.",
		}),
		objectStore: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "tidings_fetcher_object_store_total",
			Help: "Documents published as a claim check into the object store.",
		}),
	}
	for _, o := range []string{OutcomePublished, OutcomeRejected, OutcomeError} {
		m.files.WithLabelValues(o)
	}
	for _, r := range Reasons() {
		m.rejects.WithLabelValues(string(r))
	}
	if reg == nil {
		return m, nil
	}
	var errs []error
	for _, c := range []prometheus.Collector{m.files, m.rejects, m.bytes, m.inbox, m.objectStore} {
		if err := reg.Register(c); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("register fetcher metrics: %w", err)
	}
	return m, nil
}
