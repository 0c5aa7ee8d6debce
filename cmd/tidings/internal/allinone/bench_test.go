//go:build unix

package allinone_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/enricher"
)

// benchArticles is how many generated articles each run pushes through
// (TIDINGS_BENCH_ARTICLES sets another number, for a loaded machine).
func benchArticles() int {
	if n, err := strconv.Atoi(os.Getenv("TIDINGS_BENCH_ARTICLES")); err == nil && n > 0 {
		return n
	}
	return 3000
}

// latencies records end-to-end latency at the sink.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) { l.mu.Lock(); l.d = append(l.d, d); l.mu.Unlock() }
func (l *latencies) len() int            { l.mu.Lock(); defer l.mu.Unlock(); return len(l.d) }
func (l *latencies) quantile(q float64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := slices.Clone(l.d)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// relay is a no-op stage: it forwards its input unchanged to the next hop.
func relay(next string) stage.Handler {
	return stage.HandlerFunc(func(_ context.Context, d *stage.Delivery) ([]stage.Output, error) {
		if next == "" {
			return nil, nil
		}
		return []stage.Output{{Subject: next, Type: "bench.relay", Data: d.Data}}, nil
	})
}

// run pushes the documents through a fresh pipeline and returns the rate and
// the latencies seen at the sink. raw replaces every stage by a relay;
// noFanout turns off the enricher's messages per event, entity and quote. With
// pace > 0 the documents are published at that many per second (latency
// below capacity); otherwise all at once (throughput).
func run(b *testing.B, docs []events.Document, raw, noFanout bool, pace float64) (perSec float64, lat *latencies) {
	perSec, lat, _ = measure(b, docs, raw, noFanout, pace)
	return perSec, lat
}

// measure is run that also tells the process's CPU time per article (the
// embedded server's included): unlike the rate, it hardly depends on what
// else the machine runs.
func measure(b *testing.B, docs []events.Document, raw, noFanout bool, pace float64) (perSec float64, lat *latencies, cpu time.Duration) {
	b.Helper()
	lat = &latencies{}
	next := map[string]string{events.StageParser: events.SubjectArticles, events.StageEnricher: events.SubjectEnriched, events.StageSink: ""}
	cfg := allinone.Config{
		DataDir:  b.TempDir(),
		Common:   stage.CommonConfig{HTTPAddr: "127.0.0.1:0", Concurrency: 32},
		Enricher: enricher.Config{NoFanout: noFanout},
		Middleware: func(name string) []stage.Middleware {
			var mws []stage.Middleware
			if name == events.StageSink {
				mws = append(mws, func(h stage.Handler) stage.Handler {
					return stage.HandlerFunc(func(ctx context.Context, d *stage.Delivery) ([]stage.Output, error) {
						out, err := h.Handle(ctx, d)
						if err == nil {
							lat.add(time.Since(d.Received))
						}
						return out, err
					})
				})
			}
			if raw {
				mws = append(mws, func(stage.Handler) stage.Handler { return relay(next[name]) })
			}
			return mws
		},
	}
	p, err := allinone.Start(context.Background(), cfg, zap.NewNop())
	if err != nil {
		b.Fatal(err)
	}
	defer p.Stop()

	pub := stage.NewPublisher(p.JetStream(), events.StageFetcher, nil, nil)
	start, cpu0 := time.Now(), processCPU()
	var futures []jetstream.PubAckFuture
	for i := range docs {
		if pace > 0 {
			if wait := time.Until(start.Add(time.Duration(float64(i) / pace * float64(time.Second)))); wait > 0 {
				time.Sleep(wait)
			}
		}
		docs[i].ReceivedAt = time.Now().UTC()
		data, _ := json.Marshal(&docs[i])
		out := stage.Output{Subject: events.SubjectDocuments, Type: events.CETypeDocumentReceived, DocID: docs[i].ID, Data: data, Received: docs[i].ReceivedAt}
		f, err := p.JetStream().PublishMsgAsync(&nats.Msg{Subject: out.Subject, Header: pub.Headers(out, nil), Data: data})
		if err != nil {
			b.Fatal(err)
		}
		futures = append(futures, f)
	}
	for _, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			b.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Minute)
	for lat.len() < len(docs) {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d documents reached the sink", lat.len(), len(docs))
		}
		time.Sleep(5 * time.Millisecond)
	}
	return float64(len(docs)) / time.Since(start).Seconds(), lat, (processCPU() - cpu0) / time.Duration(len(docs))
}

// processCPU is the process's user and system CPU time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPipeline pushes generated articles through the whole embedded
// pipeline (parser, enricher, sink on SQLite) and, in the same run, through
// no-op relay stages on the same hops: the raw JetStream ceiling.
func BenchmarkPipeline(b *testing.B) {
	docs := benchDocs()
	for range b.N {
		rawRate, _ := run(b, docs, true, false, 0)
		// With and without the fan-out, alternately, twice each; the better
		// run of each counts, so a burst of other work on the machine
		// weighs on neither alone.
		var rate, plainRate float64
		cpu, plainCPU := time.Duration(1<<62), time.Duration(1<<62)
		for range 2 {
			with, _, c := measure(b, docs, false, false, 0)
			without, _, pc := measure(b, docs, false, true, 0)
			rate, plainRate = max(rate, with), max(plainRate, without)
			cpu, plainCPU = min(cpu, c), min(plainCPU, pc)
		}
		// Latency at half the measured capacity, for both.
		pace := rate / 2
		paced := docs[:min(len(docs), int(pace*3))] // about six seconds
		_, rawLat := run(b, paced, true, false, pace)
		_, lat := run(b, paced, false, false, pace)
		b.ReportMetric(rate, "articles/s")
		b.ReportMetric(rawRate, "raw-articles/s")
		b.ReportMetric(rate/rawRate, "ratio-to-raw")
		b.ReportMetric(plainRate, "no-fanout-articles/s")
		b.ReportMetric(1-rate/plainRate, "fanout-cost")
		b.ReportMetric(float64(cpu.Microseconds()), "cpu-µs/article")
		b.ReportMetric(float64(plainCPU.Microseconds()), "no-fanout-cpu-µs/article")
		b.ReportMetric(1-float64(plainCPU)/float64(cpu), "fanout-cpu-share")
		b.ReportMetric(ms(lat.quantile(0.5)), "p50-ms")
		b.ReportMetric(ms(lat.quantile(0.99)), "p99-ms")
		fmt.Fprintf(os.Stdout, "\npipeline, ~600-word articles, 2 cores, SQLite sink\n"+
			"  throughput (%d at once):   real %6.0f articles/s   raw relays %6.0f articles/s   real/raw %.2f\n"+
			"  fan-out (events, entities, quotes as messages): without it %6.0f articles/s, so it costs %.1f %%\n"+
			"    CPU per article (server included): with it %.0f µs, without %.0f µs: %.1f %% of the CPU\n"+
			"  end-to-end latency at %.0f articles/s (%d articles):\n"+
			"    real stages   p50 %6.1f ms   p99 %6.1f ms\n"+
			"    raw relays    p50 %6.1f ms   p99 %6.1f ms\n",
			len(docs), rate, rawRate, rate/rawRate, plainRate, 100*(1-rate/plainRate),
			float64(cpu.Microseconds()), float64(plainCPU.Microseconds()), 100*(1-float64(plainCPU)/float64(cpu)), pace, len(paced),
			ms(lat.quantile(0.5)), ms(lat.quantile(0.99)), ms(rawLat.quantile(0.5)), ms(rawLat.quantile(0.99)))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkPipelineOnce pushes the articles through the pipeline once,
// with the fan-out ("fanout") or without ("no-fanout"): one process per
// mode, for a count that the machine's load does not change, such as the
// instructions valgrind's callgrind counts (run it at two numbers of
// articles, TIDINGS_BENCH_ARTICLES, and take the difference per article).
func BenchmarkPipelineOnce(b *testing.B) {
	docs := benchDocs()
	for _, mode := range []string{"fanout", "no-fanout"} {
		b.Run(mode, func(b *testing.B) {
			for range b.N {
				rate, _, cpu := measure(b, docs, false, mode == "no-fanout", 0)
				b.ReportMetric(rate, "articles/s")
				b.ReportMetric(float64(cpu.Microseconds()), "cpu-µs/article")
			}
		})
	}
}

// benchDocs are the generated articles as the fetcher's documents.
func benchDocs() []events.Document {
	arts := fixtures.Generate(benchArticles(), 42)
	docs := make([]events.Document, len(arts))
	for i, a := range arts {
		docs[i] = events.Document{SchemaVersion: events.SchemaVersion, ID: events.DocumentID([]byte(a.Text)),
			Source: a.Name, MediaType: events.MediaText, Size: int64(len(a.Text)), Content: []byte(a.Text)}
	}
	return docs
}
