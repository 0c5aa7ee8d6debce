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
		Received:      counter("tidings_messages_received_total", "Messages delivered to a stage, redeliveries included.", "stage"),
		Processed:     counter("tidings_messages_processed_total", "Messages a stage finished, by outcome (ack, nak, dlq).", "stage", "outcome"),
		Processing:    latency("tidings_processing_seconds", "Time a stage spent on one message, publishing included."),
		InFlight:      gauge("tidings_in_flight_messages", "Messages a stage is handling now."),
		Redeliveries:  counter("tidings_redeliveries_total", "Deliveries of a message that had been delivered before.", "stage"),
		Publish:       latency("tidings_publish_seconds", "Time from publish to the server's acknowledgement."),
		EndToEnd:      latency("tidings_end_to_end_latency_seconds", "Time from the fetcher receiving a document to the stage finishing it."),
		LastProcessed: gauge("tidings_last_processed_timestamp_seconds", "Unix time a stage last finished a message."),
		Pending:       gauge("tidings_consumer_pending_messages", "Messages waiting for a stage's consumer (JetStream num_pending)."),
		AckPending:    gauge("tidings_consumer_ack_pending_messages", "Messages delivered to a stage's consumer and not yet acknowledged."),
		DeadLetters:   counter("tidings_dead_letters_total", "Messages a stage sent to the dead-letter queue, by reason.", "stage", "reason"),
		Paused:        gauge("tidings_consumer_paused", "1 while a stage pulls nothing because it cannot work (the sink's store is down)."),
	}
	reg.MustRegister(m.Received, m.Processed, m.Processing, m.InFlight, m.Redeliveries, m.Publish,
		m.EndToEnd, m.LastProcessed, m.Pending, m.AckPending, m.DeadLetters, m.Paused)
	return m
}

// counter is a counter vector labelled by labels.
func counter(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
}

// gauge is a gauge vector labelled by stage.
func gauge(name, help string) *prometheus.GaugeVec {
	return prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, []string{"stage"})
}

// latency is a histogram of seconds in latencyBuckets labelled by stage.
func latency(name, help string) *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: latencyBuckets}, []string{"stage"})
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
