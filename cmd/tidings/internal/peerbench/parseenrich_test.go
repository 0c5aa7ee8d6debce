package peerbench_test

import (
	"testing"

	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// BenchmarkParseEnrich parses and enriches the corpus's articles (the seeds
// when ../shared is there) on one core, without prose v3 beside it: one op
// is one article, and cpu-µs/article is the process's CPU time per article,
// the collector's included. Under callgrind, -benchtime Nx makes it a fixed
// workload whose instruction count compares two versions of the code.
func BenchmarkParseEnrich(b *testing.B) {
	x, names, texts, _ := oneCore(b)
	b.ReportAllocs()
	cpu0, i := stagetest.ProcessCPU(), 0
	for b.Loop() {
		tidings(b, x, names[i%len(texts)], texts[i%len(texts)])
		i++
	}
	cpu := (stagetest.ProcessCPU() - cpu0).Seconds()
	b.ReportMetric(cpu*1e6/float64(b.N), "cpu-µs/article")
	b.ReportMetric(float64(b.N)/cpu, "articles/cpu-s")
}
