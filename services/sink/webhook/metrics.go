package webhook

import (
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the webhooks' Prometheus series, by subscription name.
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
			Help: "Webhook POST attempts by subscription (its name) and outcome: delivered, failed (to be retried), rejected, dlq."},
			[]string{"subscription", "outcome"}),
		seconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tidings_webhook_delivery_seconds",
			Help: "Time of one webhook POST until its answer, by subscription.", Buckets: prometheus.ExponentialBuckets(0.0005, 4, 10)},
			[]string{"subscription"}),
		pending: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "tidings_webhook_pending_messages",
			Help: "Messages waiting for a subscription (not yet delivered), by subscription."}, []string{"subscription"}),
	}
	if reg != nil {
		reg.MustRegister(m.deliveries, m.seconds, m.pending)
	}
	return m
}

// forget drops the series of a deleted subscription.
func (m *metrics) forget(name string) {
	for _, o := range []string{outcomeDelivered, outcomeFailed, outcomeRejected, outcomeDLQ} {
		m.deliveries.DeleteLabelValues(name, o)
	}
	m.seconds.DeleteLabelValues(name)
	m.pending.DeleteLabelValues(name)
}
