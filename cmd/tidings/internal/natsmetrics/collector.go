// Package natsmetrics exposes a NATS server's own figures to Prometheus: a
// prometheus.Collector that reads the server's monitoring data (/varz and
// /jsz, over HTTP or in-process) once per scrape, within a timeout.
//
// The names are those of prometheus-nats-exporter as the official NATS Helm
// chart runs it (-varz -jsz=all -prefix=nats -use_internal_server_id), so
// that one dashboard reads the compose stack, `tidings up` and production
// alike: nats_varz_* (the /varz figures, all gauges as the exporter has
// them, counters included: rate() applies), nats_server_* (JetStream
// totals), nats_stream_* and nats_consumer_* (per stream and consumer),
// with the exporter's labels (server_id is the server's own id). Only
// nats_up{source} is Tidings' own: 1 when the scrape's read of that source
// succeeded. One collector may read several servers (a cluster's nodes).
package natsmetrics

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// DefaultTimeout bounds one scrape's reads when New is given none.
const DefaultTimeout = 4 * time.Second

// Collector is a prometheus.Collector of one server's figures.
type Collector struct {
	srcs    []Source
	timeout time.Duration
	log     *zap.Logger

	up        *prometheus.Desc
	varz      []gauge[server.Varz]
	jsz       []gauge[server.JSInfo]
	streams   []gauge[server.StreamDetail]
	consumers []gauge[server.ConsumerInfo]

	mu     sync.Mutex
	lastOK map[string]bool // each source's last outcome, to log only changes
}

// gauge is one figure read from T: /varz, /jsz, a stream, a consumer.
type gauge[T any] struct {
	desc  *prometheus.Desc
	value func(*T) float64
}

// The exporter's label sets: a server's, a stream's, a consumer's.
var (
	serverLabels   = []string{"server_id", "server_name", "cluster", "domain", "meta_leader", "is_meta_leader"}
	streamLabels   = append(append([]string{}, serverLabels...), "account", "account_id", "stream_name", "stream_leader", "is_stream_leader")
	consumerLabels = append(append([]string{}, streamLabels...), "consumer_name", "consumer_leader", "is_consumer_leader")
)

// New is a collector reading each source, all at once and each scrape
// within timeout (0: DefaultTimeout); a source whose reads fail is logged
// when they start failing and when they recover (log may be nil).
func New(timeout time.Duration, log *zap.Logger, srcs ...Source) *Collector {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if log == nil {
		log = zap.NewNop()
	}
	return &Collector{
		srcs: srcs, timeout: timeout, log: log, lastOK: map[string]bool{},
		up:        prometheus.NewDesc("nats_up", "1 when this scrape's read of the NATS server's monitoring data succeeded, else 0.", []string{"source"}, nil),
		varz:      varzGauges(),
		jsz:       jszGauges(),
		streams:   streamGauges(),
		consumers: consumerGauges(),
	}
}

// Describe sends every descriptor.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.up
	for _, g := range c.varz {
		ch <- g.desc
	}
	for _, g := range c.jsz {
		ch <- g.desc
	}
	for _, g := range c.streams {
		ch <- g.desc
	}
	for _, g := range c.consumers {
		ch <- g.desc
	}
}

// Collect reads every source at once and sends each one's figures; for a
// source whose read fails it sends nats_up 0 alone.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	snaps := make([]Snapshot, len(c.srcs))
	errs := make([]error, len(c.srcs))
	var wg sync.WaitGroup
	for i, src := range c.srcs {
		wg.Go(func() { snaps[i], errs[i] = src.Snapshot(ctx) })
	}
	wg.Wait()
	for i, src := range c.srcs {
		c.report(src.Name(), errs[i])
		if errs[i] != nil {
			ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 0, src.Name())
			continue
		}
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 1, src.Name())
		c.collectServer(ch, snaps[i])
	}
}

// collectServer sends one server's figures.
func (c *Collector) collectServer(ch chan<- prometheus.Metric, snap Snapshot) {
	for _, g := range c.varz {
		ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, g.value(snap.Varz), snap.Varz.ID)
	}
	c.collectJetStream(ch, snap)
}

// collectJetStream sends the JetStream totals, then each stream's and
// each consumer's figures.
func (c *Collector) collectJetStream(ch chan<- prometheus.Metric, snap Snapshot) {
	js := snap.Jsz
	server := serverValues(snap.Varz, js)
	for _, g := range c.jsz {
		ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, g.value(js), server...)
	}
	for _, acc := range js.AccountDetails {
		for i := range acc.Streams {
			st := &acc.Streams[i]
			leader, isLeader := leaderOf(st.Cluster, snap.Varz.Name)
			stream := append(append([]string{}, server...), acc.Name, acc.Id, st.Name, leader, isLeader)
			for _, g := range c.streams {
				ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, g.value(st), stream...)
			}
			for _, ci := range st.Consumer {
				leader, isLeader := leaderOf(ci.Cluster, snap.Varz.Name)
				consumer := append(append([]string{}, stream...), ci.Name, leader, isLeader)
				for _, g := range c.consumers {
					ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, g.value(ci), consumer...)
				}
			}
		}
	}
}

// serverValues are the server labels' values.
func serverValues(v *server.Varz, js *server.JSInfo) []string {
	var cluster, metaLeader string
	isMetaLeader := "true"
	if js.Meta != nil {
		cluster, metaLeader = js.Meta.Name, js.Meta.Leader
		isMetaLeader = strconv.FormatBool(js.Meta.Leader == v.Name)
	}
	return []string{v.ID, v.Name, cluster, js.Config.Domain, metaLeader, isMetaLeader}
}

// leaderOf is the leader of a replicated asset and whether it is this
// server (a server without clustering leads all of its own).
func leaderOf(ci *server.ClusterInfo, self string) (leader, isLeader string) {
	if ci == nil || ci.Leader == "" {
		return "", "true"
	}
	return ci.Leader, strconv.FormatBool(ci.Leader == self)
}

// report logs a source's failure when its reads start failing, and its
// recovery.
func (c *Collector) report(source string, err error) {
	ok := err == nil
	c.mu.Lock()
	last, seen := c.lastOK[source]
	c.lastOK[source] = ok
	c.mu.Unlock()
	switch {
	case seen && last == ok:
	case !ok:
		c.log.Warn("cannot read the NATS server's monitoring data", zap.String("source", source), zap.Error(err))
	default:
		c.log.Info("reading the NATS server's monitoring data", zap.String("source", source))
	}
}
