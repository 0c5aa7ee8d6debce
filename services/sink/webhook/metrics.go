package webhook

import (
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the webhooks' Prometheus series, by subscription: its id
// (label subscription) and its name (label name, empty when it was given
// none).
type metrics struct {
	deliveries *prometheus.CounterVec
	seconds    *prometheus.HistogramVec
	pending    *prometheus.GaugeVec
}

// Outcomes of tidings_webhook_deliveries_total.
const (
	outcomeDelivered = "delivered" // a 2xx answer
	outcomeFailed    = "failed"    // an attempt to be retried (5xx, 429, timeout, network)
	outcomeRejected  = "rejected"  // a 4xx: dead-lettered at once
	outcomeDLQ       = "dlq"       // given up after the retry budget
)

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tidings_webhook_deliveries_total",
			Help: "Webhook POST attempts by subscription (id and name) and outcome: delivered, failed (to be retried), rejected, dlq."},
			[]string{"subscription", "name", "outcome"}),
		seconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tidings_webhook_delivery_seconds",
			Help: "Time of one webhook POST until its answer, by subscription (id and name).", Buckets: prometheus.ExponentialBuckets(0.0005, 4, 10)},
			[]string{"subscription", "name"}),
		pending: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "tidings_webhook_pending_messages",
			Help: "Messages waiting for a subscription (not yet delivered), by subscription (id and name)."}, []string{"subscription", "name"}),
	}
	if reg != nil {
		reg.MustRegister(m.deliveries, m.seconds, m.pending)
	}
	return m
}

// outcomes are those of tidings_webhook_deliveries_total.
var outcomes = []string{outcomeDelivered, outcomeFailed, outcomeRejected, outcomeDLQ}

// start makes a subscription's delivery series, at zero.
func (m *metrics) start(id, name string) {
	for _, o := range outcomes {
		m.deliveries.WithLabelValues(id, name, o)
	}
	m.pending.WithLabelValues(id, name)
}

// forget drops the series of a deleted subscription.
func (m *metrics) forget(id, name string) {
	for _, o := range outcomes {
		m.deliveries.DeleteLabelValues(id, name, o)
	}
	m.seconds.DeleteLabelValues(id, name)
	m.pending.DeleteLabelValues(id, name)
}
