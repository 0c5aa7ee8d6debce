package stage

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Outcome label values of tidings_messages_processed_total.
const (
	// OutcomeAck: handled, outputs stored, acknowledged.
	OutcomeAck = "ack"
	// OutcomeNak: a transient failure, redelivered after a backoff.
	OutcomeNak = "nak"
	// OutcomeDLQ: stored in the dead-letter queue, then terminated.
	OutcomeDLQ = "dlq"
)

// Metrics are the series every stage exports, labelled by stage so that
// several stages can share one registry (tidings up). The Instrument
// middleware and the publisher feed them.
type Metrics struct {
	Received      *prometheus.CounterVec
	Processed     *prometheus.CounterVec
	Processing    *prometheus.HistogramVec
	InFlight      *prometheus.GaugeVec
	Redeliveries  *prometheus.CounterVec
	Publish       *prometheus.HistogramVec
	EndToEnd      *prometheus.HistogramVec
	LastProcessed *prometheus.GaugeVec
	Pending       *prometheus.GaugeVec
	AckPending    *prometheus.GaugeVec
	DeadLetters   *prometheus.CounterVec
	// Paused is 1 while a stage holds its pulls back (see RouterConfig.Pause).
	Paused *prometheus.GaugeVec
}

// latencyBuckets spans 100µs to ~30s.
var latencyBuckets = prometheus.ExponentialBuckets(0.0001, 2.5, 14)

// NewMetrics creates the stage metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Received: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tidings_messages_received_total", Help: "Messages delivered to a stage, redeliveries included.",
		}, []string{"stage"}),
		Processed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tidings_messages_processed_total", Help: "Messages a stage finished, by outcome (ack, nak, dlq).",
		}, []string{"stage", "outcome"}),
		Processing: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tidings_processing_seconds", Help: "Time a stage spent on one message, publishing included.", Buckets: latencyBuckets,
		}, []string{"stage"}),
		InFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tidings_in_flight_messages", Help: "Messages a stage is handling now.",
		}, []string{"stage"}),
		Redeliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tidings_redeliveries_total", Help: "Deliveries of a message that had been delivered before.",
		}, []string{"stage"}),
		Publish: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tidings_publish_seconds", Help: "Time from publish to the server's acknowledgement.", Buckets: latencyBuckets,
		}, []string{"stage"}),
		EndToEnd: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tidings_end_to_end_latency_seconds", Help: "Time from the fetcher receiving a document to the stage finishing it.", Buckets: latencyBuckets,
		}, []string{"stage"}),
		LastProcessed: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tidings_last_processed_timestamp_seconds", Help: "Unix time a stage last finished a message.",
		}, []string{"stage"}),
		Pending: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tidings_consumer_pending_messages", Help: "Messages waiting for a stage's consumer (JetStream num_pending).",
		}, []string{"stage"}),
		AckPending: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tidings_consumer_ack_pending_messages", Help: "Messages delivered to a stage's consumer and not yet acknowledged.",
		}, []string{"stage"}),
		DeadLetters: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tidings_dead_letters_total", Help: "Messages a stage sent to the dead-letter queue, by reason.",
		}, []string{"stage", "reason"}),
		Paused: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "tidings_consumer_paused", Help: "1 while a stage pulls nothing because it cannot work (the sink's store is down).",
		}, []string{"stage"}),
	}
	reg.MustRegister(m.Received, m.Processed, m.Processing, m.InFlight, m.Redeliveries, m.Publish,
		m.EndToEnd, m.LastProcessed, m.Pending, m.AckPending, m.DeadLetters, m.Paused)
	return m
}

// NewRegistry is a registry with the Go and process collectors on.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// Init creates the series of a stage at zero so that dashboards and rate()
// see them before the first message.
func (m *Metrics) Init(stage string) {
	m.Received.WithLabelValues(stage)
	for _, o := range []string{OutcomeAck, OutcomeNak, OutcomeDLQ} {
		m.Processed.WithLabelValues(stage, o)
	}
	m.InFlight.WithLabelValues(stage)
	m.Redeliveries.WithLabelValues(stage)
	m.Pending.WithLabelValues(stage)
	m.AckPending.WithLabelValues(stage)
	m.Paused.WithLabelValues(stage)
}
