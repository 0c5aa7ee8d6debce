package extract_test

import (
	"context"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// TestExtractionStopsAtMaxBytes: a body over the extractor's MaxBytes is
// extracted up to a paragraph boundary within it; the record keeps the
// whole body, and nothing it names lies past the cut.
func TestExtractionStopsAtMaxBytes(t *testing.T) {
	const limit = 200 << 10
	a := longArticle(4000) // ~880 kB
	x, err := extract.New(extract.Options{MaxBytes: limit})
	if err != nil {
		t.Fatal(err)
	}
	n := x.Extracted(a)
	if n > limit || n < limit-1000 || a.Body[n-2:n] != "\n\n" {
		t.Fatalf("extracted %d bytes of %d: want a paragraph start just within %d", n, len(a.Body), limit)
	}
	rec, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Body != a.Body || len(rec.Paragraphs) != len(a.Paragraphs) {
		t.Fatalf("the record's body is %d bytes and %d paragraphs, want the whole %d and %d", len(rec.Body), len(rec.Paragraphs), len(a.Body), len(a.Paragraphs))
	}
	last := 0
	for _, e := range rec.Entities {
		for _, m := range e.Mentions {
			last = max(last, m.End)
		}
	}
	for _, q := range rec.Quotes {
		last = max(last, q.End)
	}
	for _, ev := range rec.Events {
		last = max(last, ev.Evidence.End)
	}
	if last > n || last < n-1000 {
		t.Errorf("the last thing extracted ends at %d, want just before the cut at %d", last, n)
	}
	if paras := n / (len(a.Body) / len(a.Paragraphs)); len(rec.Quotes) < paras*9/10 || len(rec.Quotes) > paras+1 {
		t.Errorf("%d quotes from the %d paragraphs before the cut", len(rec.Quotes), paras)
	}
	all, err := extract.New(extract.Options{MaxBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	if got := all.Extracted(a); got != len(a.Body) {
		t.Errorf("with no limit %d of %d bytes are extracted", got, len(a.Body))
	}
}

// TestHugeArticleCostsAFewTimesItsSize: a 22 MB body (a book, a feed dump)
// costs the extractor less heap than 5 times its size, and no more work
// than a 2 MB one (both past DefaultMaxBytes: counted in allocations, not
// timed). Before the limit every window of it was extracted: 65,000 events
// and a record of 72 MB as JSON from such a document, 1.6 GB in tidings up.
func TestHugeArticleCostsAFewTimesItsSize(t *testing.T) {
	if testing.Short() {
		t.Skip("a 20 MB article")
	}
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	small, huge := longArticle(10_000), longArticle(92_000)                     // 2.2 and 20 MB
	if _, err := x.Extract(context.Background(), longArticle(10)); err != nil { // the tagger's model is decoded on first use
		t.Fatal(err)
	}
	smallAllocs, _ := extractCost(t, x, small)
	hugeAllocs, growth := extractCost(t, x, huge)
	t.Logf("%d MB article: heap in use grew by %d MB at most (%.1f times its size); %d vs %d allocations for %d MB",
		len(huge.Body)>>20, growth>>20, float64(growth)/float64(len(huge.Body)), hugeAllocs, smallAllocs, len(small.Body)>>20)
	if growth > 5*uint64(len(huge.Body)) {
		t.Errorf("heap in use grew by %d MB extracting a %d MB article: over 5 times its size", growth>>20, len(huge.Body)>>20)
	}
	if hugeAllocs > smallAllocs*5/4 {
		t.Errorf("a %d MB article took %d allocations, a %d MB one %d: the work is not bounded", len(huge.Body)>>20, hugeAllocs, len(small.Body)>>20, smallAllocs)
	}
}

// extractCost extracts a and returns the allocations it made and the most
// the heap in use grew while it ran.
func extractCost(t *testing.T, x *extract.Extractor, a *events.Article) (allocs, growth uint64) {
	t.Helper()
	growth, _, allocs = extracttest.HeapCost(t, func() error {
		_, err := x.Extract(context.Background(), a)
		return err
	})
	return allocs, growth
}
