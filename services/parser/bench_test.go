package parser

import (
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// benchmarkParse parses one fixture repeatedly and reports articles per
// second of wall time and, because a shared machine makes wall time noisy,
// CPU time per article (every thread, garbage collection included).
func benchmarkParse(b *testing.B, file, mediaType string) {
	content := readFixture(b, file)
	doc := &events.Document{ID: events.DocumentID(content), Source: file, MediaType: mediaType}
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	cpu0 := stagetest.ProcessCPU()
	for b.Loop() {
		if _, err := Parse(doc, content); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	if cpu := stagetest.ProcessCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/article")
	}
}

// BenchmarkParse parses a 600-word plain-text article (testdata/bench_article.txt).
func BenchmarkParse(b *testing.B) { benchmarkParse(b, "bench_article.txt", events.MediaText) }

// BenchmarkParseHTML parses the HTML fixture through go-trafilatura.
func BenchmarkParseHTML(b *testing.B) { benchmarkParse(b, "article.html", events.MediaHTML) }

// BenchmarkParseMarkdown parses the Markdown fixture.
func BenchmarkParseMarkdown(b *testing.B) { benchmarkParse(b, "article.md", events.MediaMarkdown) }
