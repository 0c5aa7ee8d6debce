package storetest

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/store"
)

// benchRecords is how many distinct fixture records a benchmark cycles
// through: enough that most upserts of a run insert new articles, the rest
// replace stored ones as redeliveries do.
const benchRecords = 2000

// BenchmarkUpsert measures Upsert of seed-sized records one at a time
// ("serial") and from 16 and 128 goroutines ("concurrent-128" is the
// sink's default concurrency, sink.DefaultConcurrency: its group commits
// take larger batches), reporting articles/s and, where the platform tells, the
// process CPU time per article (cpu-us/article), which unlike the rate does
// not depend on what else the machine is running. open returns a new,
// empty store.
//
// The garbage collector runs at 400 %, the sink binary's setting
// (sink.GCPercent), unless GOGC is set.
func BenchmarkUpsert(b *testing.B, open func(b *testing.B) store.Store) {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	recs := make([]*events.EnrichedArticle, benchRecords)
	for i := range recs {
		recs[i] = Record(i)
	}
	b.Run("serial", func(b *testing.B) {
		st := open(b)
		ctx := context.Background()
		b.ReportAllocs()
		cpu := stagetest.ProcessCPU()
		for i := 0; b.Loop(); i++ {
			if err := st.Upsert(ctx, recs[i%len(recs)]); err != nil {
				b.Fatal(err)
			}
		}
		reportRate(b, cpu)
	})
	for _, callers := range []int{16, 128} {
		b.Run(fmt.Sprintf("concurrent-%d", callers), func(b *testing.B) {
			st := open(b)
			ctx := context.Background()
			var next atomic.Int64
			b.ReportAllocs()
			b.SetParallelism(max(1, callers/runtime.GOMAXPROCS(0)))
			b.ResetTimer()
			cpu := stagetest.ProcessCPU()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := int(next.Add(1)) % len(recs)
					if err := st.Upsert(ctx, recs[i]); err != nil {
						b.Error(err)
						return
					}
				}
			})
			reportRate(b, cpu)
		})
	}
}

// reportRate reports the articles stored per second of the timed run and
// the CPU time per article used since cpuStart.
func reportRate(b *testing.B, cpuStart time.Duration) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "articles/s")
	}
	if cpuStart > 0 {
		b.ReportMetric(float64((stagetest.ProcessCPU()-cpuStart).Microseconds())/float64(b.N), "cpu-us/article")
	}
}
