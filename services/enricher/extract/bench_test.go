package extract

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// BenchmarkExtract measures one extraction of a ~550-word news article
// written for the purpose, reporting articles per second on one goroutine.
func BenchmarkExtract(b *testing.B) {
	body, err := os.ReadFile("testdata/bench_article.txt")
	if err != nil {
		b.Fatal(err)
	}
	x, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	pub := time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)
	a := &events.Article{ID: "bench", Body: string(body), Published: &pub}
	ctx := context.Background()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for b.Loop() {
		if _, err := x.Extract(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
	// CPU time per article stays meaningful on a busy machine, where wall time does not.
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/article")
	}
}

// cpuTime is the process's user plus system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
