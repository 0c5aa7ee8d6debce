package sink

import (
	"context"
	"encoding/json"
	"os"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/store/pgtest"
	"github.com/tidings-news/tidings/services/sink/store/postgres"
	"github.com/tidings-news/tidings/services/sink/store/sqlite/sqlitetest"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// BenchmarkSinkOnJetStream is the sink stage as it runs: b.N seed-sized
// enriched articles wait in the stream on an embedded JetStream server, and
// the timer runs from the stage's start until every one is acknowledged,
// with the sink's default concurrency. "decode-ack" is the baseline of the
// same run: a handler that decodes each record as the sink does and stores
// nothing, the ceiling JetStream and the router set. The garbage collector
// runs at GCPercent, as in the sink binary, unless GOGC is set.
func BenchmarkSinkOnJetStream(b *testing.B) {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(GCPercent))
	}
	b.Run("decode-ack", func(b *testing.B) {
		benchSink(b, stage.Typed[events.EnrichedArticle, struct{}]{Input: "enriched article", Unmarshal: Unmarshal,
			Work: func(_ context.Context, _ *stage.Delivery, rec *events.EnrichedArticle) (*struct{}, error) {
				return nil, checkID(rec)
			}})
	})
	b.Run("sqlite", func(b *testing.B) {
		benchSink(b, NewHandler(sqlitetest.Open(b)))
	})
	b.Run("postgres", func(b *testing.B) {
		st, err := postgres.Open(context.Background(), pgtest.URL(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = st.Close() })
		benchSink(b, NewHandler(st))
	})
}

// benchSink publishes b.N distinct records, then runs the sink stage with
// h until the consumer has acknowledged them all, and reports articles/s.
func benchSink(b *testing.B, h stage.Handler) {
	env := stagetest.Start(b)
	ctx := context.Background()
	var acks []jetstream.PubAckFuture
	for n := range b.N {
		rec := storetest.Record(n)
		data, err := json.Marshal(rec)
		if err != nil {
			b.Fatal(err)
		}
		msg := &nats.Msg{Subject: events.SubjectEnriched, Data: data, Header: nats.Header{}}
		msg.Header.Set(events.HeaderDocID, rec.ID)
		msg.Header.Set(jetstream.MsgIDHeader, "enricher:"+rec.ID)
		f, err := env.JS.PublishMsgAsync(msg)
		if err != nil {
			b.Fatal(err)
		}
		acks = append(acks, f)
	}
	select {
	case <-env.JS.PublishAsyncComplete():
	case <-time.After(time.Minute):
		b.Fatal("publishing the records took over a minute")
	}
	for _, f := range acks {
		select {
		case err := <-f.Err():
			b.Fatal(err)
		default:
		}
	}

	var done atomic.Int64
	counted := stage.HandlerFunc(func(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
		out, err := h.Handle(ctx, d)
		if err == nil {
			done.Add(1)
		}
		return out, err
	})
	b.ResetTimer()
	start := time.Now()
	env.Run(b, stage.RouterConfig{Stage: events.StageSink, Consumer: events.SinkConsumer(), Concurrency: DefaultConcurrency}, counted)
	stagetest.WaitFor(b, "every record stored", 5*time.Minute, func() bool { return done.Load() >= int64(b.N) })
	stagetest.WaitFor(b, "every record acknowledged", time.Minute, func() bool {
		ok, err := drained(ctx, env.JS)
		return err == nil && ok
	})
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "articles/s")
}
