package main_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/parser"
)

// rss reads process_resident_memory_bytes from a /metrics endpoint.
func rss(addr string) (float64, error) {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			return strconv.ParseFloat(v, 64)
		}
	}
	return 0, fmt.Errorf("no process_resident_memory_bytes at %s", addr)
}

// BenchmarkEnricherMemoryUnderLoad runs the enricher binary against an
// embedded JetStream holding thousands of parsed articles and reports its
// peak resident memory while it works through them, and its rate.
func BenchmarkEnricherMemoryUnderLoad(b *testing.B) {
	const n = 4000
	env := stagetest.Start(b)
	srv, js := env.Server, env.JS
	ctx := context.Background()
	pub := stage.NewPublisher(js, events.StageParser, nil, stage.NewClaimChecks(js, stage.Topology{Replicas: 1}, 0))
	for i, a := range fixtures.Generate(n, 77) {
		doc := &events.Document{SchemaVersion: 1, ID: events.DocumentID([]byte(a.Text)), Source: a.Name, MediaType: events.MediaText}
		art, err := parser.Parse(doc, []byte(a.Text))
		if err != nil {
			b.Fatal(err)
		}
		data, _ := json.Marshal(art)
		if _, err := pub.Publish(ctx, stage.Output{Subject: events.SubjectArticles, Type: events.CETypeArticleParsed, DocID: fmt.Sprint(i, art.ID), Data: data}, nil); err != nil {
			b.Fatal(err)
		}
	}
	bin := stagetest.Build(b, "github.com/tidings-news/tidings/services/enricher/cmd/enricher")
	// One round takes seconds, so the benchmark harness runs it once (b.N = 1).
	for range b.N {
		addr := freeAddr(b)
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "TIDINGS_NATS_URL="+srv.ClientURL(), "TIDINGS_HTTP_ADDR="+addr, "TIDINGS_LOG_LEVEL=warn", "TIDINGS_CONCURRENCY=32")
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		stream, _ := js.Stream(ctx, events.StreamEnriched)
		peak := 0.0
		for {
			if v, err := rss(addr); err == nil && v > peak {
				peak = v
			}
			info, err := stream.Info(ctx)
			if err == nil && info.State.Msgs >= n {
				break
			}
			if time.Since(start) > 3*time.Minute {
				b.Fatal("enricher did not finish in 3 minutes")
			}
			time.Sleep(50 * time.Millisecond)
		}
		elapsed := time.Since(start)
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		b.ReportMetric(peak/(1<<20), "peak-rss-MiB")
		b.ReportMetric(n/elapsed.Seconds(), "articles/s")
		fmt.Printf("\nenricher binary, %d articles (32 in flight): peak RSS %.0f MiB, %.0f articles/s including start-up\n", n, peak/(1<<20), n/elapsed.Seconds())
	}
}
