package feeds

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/tidings-news/tidings/services/fetcher/internal/metric"
)

// Metrics are the feed series; Failures is shared with the page fetches
// (tidings_fetcher_fetch_failures_total{reason}).
type Metrics struct {
	polls    *prometheus.CounterVec
	items    *prometheus.CounterVec
	leases   prometheus.Gauge
	Failures *prometheus.CounterVec
}

// NewMetrics creates the series and registers them with reg (nil: none);
// failures is the fetcher's failure counter by reason.
func NewMetrics(reg prometheus.Registerer, failures *prometheus.CounterVec) (*Metrics, error) {
	m := &Metrics{
		polls: metric.CounterVec("tidings_fetcher_feed_polls_total", "Feed polls by outcome (ok, not_modified, error).",
			"outcome", StatusOK, StatusNotModified, StatusError),
		items: metric.CounterVec("tidings_fetcher_feed_items_total",
			"Feed items read, by outcome (queued: new, seen: queued or fetched within the seen window).",
			"outcome", "queued", "seen"),
		leases: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tidings_fetcher_feed_leases",
			Help: "Feeds this fetcher replica holds the lease on.",
		}),
		Failures: failures,
	}
	if err := metric.Register(reg, "feed", m.polls, m.items, m.leases); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Metrics) poll(r pollResult) {
	if m == nil {
		return
	}
	m.polls.WithLabelValues(r.status).Inc()
	if r.err != nil {
		if m.Failures != nil {
			m.Failures.WithLabelValues(r.reason).Inc()
		}
		return
	}
	m.items.WithLabelValues("queued").Add(float64(r.queued))
	m.items.WithLabelValues("seen").Add(float64(r.items - r.queued))
}

func (m *Metrics) setLeases(n int) {
	if m != nil {
		m.leases.Set(float64(n))
	}
}
