package feeds

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
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
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tidings_fetcher_feed_polls_total",
			Help: "Feed polls by outcome (ok, not_modified, error).",
		}, []string{"outcome"}),
		items: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tidings_fetcher_feed_items_total",
			Help: "Feed items read, by outcome (queued: new, seen: queued or fetched within the seen window).",
		}, []string{"outcome"}),
		leases: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "tidings_fetcher_feed_leases",
			Help: "Feeds this fetcher replica holds the lease on.",
		}),
		Failures: failures,
	}
	for _, o := range []string{StatusOK, StatusNotModified, StatusError} {
		m.polls.WithLabelValues(o)
	}
	m.items.WithLabelValues("queued")
	m.items.WithLabelValues("seen")
	if reg == nil {
		return m, nil
	}
	var errs []error
	for _, c := range []prometheus.Collector{m.polls, m.items, m.leases} {
		errs = append(errs, reg.Register(c))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("register feed metrics: %w", err)
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
