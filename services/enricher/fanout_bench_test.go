//go:build unix

package enricher

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/enricher/extract"
)

// BenchmarkFanout measures the fan-out of one enriched article (the
// extractor's ~550-word fixture): "encode" builds its event, entity and
// quote messages, "publish" builds and publishes them to an embedded
// JetStream server in this process (server work included) and awaits every
// acknowledgement, as the enricher does before acknowledging the article.
// Each round gives the record a new id, so nothing is a duplicate.
func BenchmarkFanout(b *testing.B) {
	body, err := os.ReadFile("extract/testdata/bench_article.txt")
	if err != nil {
		b.Fatal(err)
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	rec, err := x.Extract(ctx, &events.Article{SchemaVersion: events.SchemaVersion, ID: "bench", Source: "bench.txt",
		Title: "Bench", Body: string(body), Language: "en"})
	if err != nil {
		b.Fatal(err)
	}
	f := &Fanout{}
	msgs := len(rec.Events) + len(rec.Entities) + len(rec.Quotes)
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.outputs(ctx, rec); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/article")
	})
	b.Run("publish", func(b *testing.B) {
		env := stagetest.Start(b)
		pub := stage.NewPublisher(env.JS, events.StageEnricher, nil, stage.NewClaimChecks(env.JS, stage.Topology{Replicas: 1}, 0))
		b.ReportAllocs()
		cpu0 := processCPU()
		for i := 0; b.Loop(); i++ {
			rec.ID = fmt.Sprintf("bench-%d", i)
			outs, err := f.outputs(ctx, rec)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := pub.PublishAll(ctx, outs, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/article")
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*msgs), "µs/message")
		b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/article")
	})
	b.Logf("%d messages per article: %d events, %d entities, %d quotes", msgs, len(rec.Events), len(rec.Entities), len(rec.Quotes))
}

// processCPU is the user and system CPU time of the process (server included).
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
