package stage_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
)

// BenchmarkStandardChain is the per-message cost of the standard middleware
// chain on a message that succeeds with nothing to publish: metrics,
// backoff, dead-lettering, recovery, timeout, keep-alive, claim check,
// publish and the schema-version check around a handler that does nothing,
// against that handler called alone (the baseline of the same run). The
// payload is a 20 kB record, as the sink reads.
func BenchmarkStandardChain(b *testing.B) {
	m := stage.NewMetrics(prometheus.NewRegistry())
	noop := stage.HandlerFunc(func(context.Context, *stage.Delivery) ([]stage.Output, error) { return nil, nil })
	chain := stage.Chain(noop, stage.Standard(stage.StandardConfig{
		Stage: events.StageSink, Consumer: events.SinkConsumer(), Metrics: m,
		DLQ: stage.NewDLQ(nil, events.StageSink, m), BackoffBase: time.Second, BackoffMax: time.Minute,
		HandlerTimeout: time.Minute, Publisher: stage.NewPublisher(nil, events.StageSink, m, nil),
	})...)
	rec := events.EnrichedArticle{Article: events.Article{SchemaVersion: events.SchemaVersion, ID: "a",
		Body: strings.Repeat("Officials met in Geneva on Tuesday. ", 550)}}
	data, err := json.Marshal(rec)
	if err != nil {
		b.Fatal(err)
	}
	d := &stage.Delivery{Data: data, Header: nats.Header{}, Log: zap.NewNop(), NumDelivered: 1, Received: time.Now()}
	var bare time.Duration
	for _, c := range []struct {
		name string
		h    stage.Handler
	}{{"bare-handler", noop}, {"standard", chain}} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			for b.Loop() {
				if _, err := c.h.Handle(ctx, d); err != nil {
					b.Fatal(err)
				}
			}
			per := b.Elapsed() / time.Duration(b.N)
			if c.name == "bare-handler" {
				bare = per
			} else {
				b.ReportMetric(float64(per-bare)/1e3, "µs-chain/msg")
			}
		})
	}
}
