package fetcher

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/embedded"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// benchFiles is the batch of inbox files each iteration publishes.
const benchFiles = 1000

// BenchmarkInboxToStream measures how many inbox files per second the
// fetcher publishes (each moved to processed/ after its own PubAck): into
// an R1 stream on one server, and into an R3 stream on a three-node
// cluster running in this process, with 64 publishes in flight, beside the
// same cluster fed one file at a time (--max-in-flight 1, how the fetcher
// worked before) as the baseline of the same run.
func BenchmarkInboxToStream(b *testing.B) {
	for _, c := range []struct {
		name     string
		nodes    int
		inFlight int
	}{
		{"single-node/R1/in-flight-64", 1, 64},
		{"cluster/R3/in-flight-64", 3, 64},
		{"cluster/R3/in-flight-1", 3, 1},
	} {
		b.Run(c.name, func(b *testing.B) {
			js := benchJetStream(b, c.nodes)
			var files float64
			var spent time.Duration
			for i := 0; b.Loop(); i++ {
				inbox := b.TempDir()
				writeBenchFiles(b, inbox, i)
				reg := prometheus.NewRegistry()
				f, err := New(js, Config{Inbox: inbox, SettleTime: time.Millisecond, QuietTime: time.Millisecond, RescanInterval: time.Second, MaxInFlight: c.inFlight}, reg, zap.NewNop())
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error, 1)
				go func() { done <- f.Run(ctx) }()
				for testutil.ToFloat64(f.inbox.metrics.files.WithLabelValues(OutcomePublished)) < benchFiles {
					if time.Since(start) > 2*time.Minute {
						b.Fatalf("published %v of %d files in 2 minutes", testutil.ToFloat64(f.inbox.metrics.files.WithLabelValues(OutcomePublished)), benchFiles)
					}
					time.Sleep(2 * time.Millisecond)
				}
				spent += time.Since(start)
				files += benchFiles
				cancel()
				if err := <-done; err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(files/spent.Seconds(), "files/s")
		})
	}
}

// benchJetStream starts one server (R1 streams) or a cluster of nodes (R3
// streams) for the benchmark and returns a client on it.
func benchJetStream(b *testing.B, nodes int) jetstream.JetStream {
	b.Helper()
	var url string
	if nodes == 1 {
		srv, err := embedded.Start(embedded.Config{StoreDir: b.TempDir(), Port: -1})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(srv.Stop)
		url = srv.ClientURL()
	} else {
		c, err := embedded.StartCluster(nodes, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(c.Stop)
		url = c.URLs()
	}
	_, js := stagetest.Connect(b, url)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := stage.Retry(ctx, stage.JitteredBackoff{Base: 100 * time.Millisecond, Max: time.Second}, func(ctx context.Context) error {
		_, err := stage.Topology{Replicas: nodes, Exact: true}.Apply(ctx, js)
		return err
	}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return js
}

// writeBenchFiles writes benchFiles distinct news-sized documents.
func writeBenchFiles(b *testing.B, dir string, round int) {
	b.Helper()
	for i := range benchFiles {
		text := fmt.Sprintf("Harbour report %d-%d\n\nMARSEILLE - The harbour master said on Wednesday that %d ships had waited outside the port.\n", round, i, i)
		for len(text) < 2500 {
			text += fmt.Sprintf("Officials met again on day %d of the talks and said the plan would be published in round %d.\n", i, round)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("doc-%05d.txt", i)), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}
