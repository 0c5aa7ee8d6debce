package clustertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/events"
)

// benchArticles is how many files each round drops into the inbox at once.
const benchArticles = 2000

// BenchmarkFetcherIntoStream measures the fetcher container's rate from
// files dropped into its inbox to documents stored in the documents stream:
// on one NATS container (R1) and on the three-node cluster (R3), both of
// the project's image on a Docker network. Each round moves 2,000 new
// article files into the inbox at once and stops the clock when the stream
// holds them all. It runs with TIDINGS_CHAOS=1 (make bench-cluster).
func BenchmarkFetcherIntoStream(b *testing.B) {
	for _, nodes := range []int{1, 3} {
		b.Run(fmt.Sprintf("nodes-%d/R%d", nodes, nodes), func(b *testing.B) {
			requireChaos(b)
			c := newCluster(b)
			c.startNodes(nodes)
			c.waitJetStream(2 * time.Minute)
			js := c.admin()
			c.applyReplicas(js, nodes)
			c.startStage("fetcher", 1)
			c.waitStagesReady(time.Minute)
			staging := filepath.Join(filepath.Dir(c.inbox), "staging")
			var files float64
			var spent time.Duration
			for round := 0; b.Loop(); round++ {
				names := c.stageFiles(staging, round)
				start := time.Now()
				for _, n := range names {
					if err := os.Rename(filepath.Join(staging, n), filepath.Join(c.inbox, n)); err != nil {
						b.Fatal(err)
					}
				}
				want := uint64((round + 1) * benchArticles)
				for stored := uint64(0); stored < want; {
					if time.Since(start) > 3*time.Minute {
						b.Fatalf("%d of %d documents stored after 3 minutes", stored, want)
					}
					ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					if s, err := js.Stream(ctx, events.StreamDocuments); err == nil {
						stored = s.CachedInfo().State.Msgs
					}
					cancel()
					time.Sleep(20 * time.Millisecond)
				}
				spent += time.Since(start)
				files += benchArticles
			}
			b.ReportMetric(files/spent.Seconds(), "files/s")
		})
	}
}

// stageFiles writes one round's articles into staging (beside the inbox,
// on the same file system) and returns their names.
func (c *cluster) stageFiles(staging string, round int) []string {
	c.t.Helper()
	if err := os.MkdirAll(staging, 0o755); err != nil {
		c.t.Fatal(err)
	}
	arts := fixtures.Generate(benchArticles, uint64(100+round))
	var names []string
	for _, a := range arts {
		name := fmt.Sprintf("r%d-%s", round, a.Name)
		if err := os.WriteFile(filepath.Join(staging, name), []byte(a.Text), 0o644); err != nil {
			c.t.Fatal(err)
		}
		names = append(names, name)
	}
	return names
}
