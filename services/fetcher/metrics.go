package fetcher

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/tidings-news/tidings/services/fetcher/internal/metric"
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
		files: metric.CounterVec("tidings_fetcher_files_total",
			"Inbox files the fetcher handled, by outcome (published, rejected, error).",
			"outcome", OutcomePublished, OutcomeRejected, OutcomeError),
		rejects: metric.CounterVec("tidings_fetcher_rejects_total", "Inbox files moved to failed/, by reason.",
			"reason", Reasons()...),
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
	if err := metric.Register(reg, "fetcher", m.files, m.rejects, m.bytes, m.inbox, m.objectStore); err != nil {
		return nil, err
	}
	return m, nil
}
