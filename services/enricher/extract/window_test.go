package extract_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
)

// longArticle is n paragraphs of news prose with a few recurring people,
// places and quotes (each paragraph's quote its own: a quote repeated word
// for word is reported once), as a book-length transcript or feed dump
// would be.
func longArticle(n int) *events.Article {
	var b strings.Builder
	var paras []events.Span
	for i := range n {
		start := b.Len()
		fmt.Fprintf(&b, "Foreign Minister Jane Doolittle met her Canadian counterpart Arlo Finch in Geneva on Monday, "+
			"the %d talks this year. \u201cWe agreed to keep working on the plan, round %05d,\u201d Ms Doolittle said after the meeting. "+
			"Mr Finch will visit Ottawa next week, officials said.", i, i)
		paras = append(paras, events.Span{Start: start, End: b.Len()})
		b.WriteString("\n\n")
	}
	body := strings.TrimRight(b.String(), "\n")
	return &events.Article{ID: "long", Body: body, Paragraphs: paras, Language: "en"}
}

// TestLongArticleIsExtractedInWindows: an article longer than a window comes
// out as one record whose offsets all point into its body, with each
// person once however many windows name them.
func TestLongArticleIsExtractedInWindows(t *testing.T) {
	a := longArticle(2000) // ~440 kB, several windows
	if len(a.Body) < 4*extract.WindowBytes {
		t.Fatalf("test article of %d bytes is not several windows long", len(a.Body))
	}
	x, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	for _, e := range rec.Entities {
		ids[e.ID]++
		for _, m := range e.Mentions {
			if rec.Body[m.Start:m.End] != m.Text {
				t.Fatalf("mention %q at [%d,%d) reads %q", m.Text, m.Start, m.End, rec.Body[m.Start:m.End])
			}
		}
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("entity %s listed %d times", id, n)
		}
	}
	for _, q := range rec.Quotes {
		if rec.Body[q.Start:q.End] != q.Text && !strings.Contains(rec.Body[q.Start:q.End], q.Text) {
			t.Fatalf("quote %q at [%d,%d) reads %q", q.Text, q.Start, q.End, rec.Body[q.Start:q.End])
		}
	}
	for _, ev := range rec.Events {
		if rec.Body[ev.Evidence.Start:ev.Evidence.End] != ev.Evidence.Text {
			t.Fatalf("evidence %q at [%d,%d) reads %q", ev.Evidence.Text, ev.Evidence.Start, ev.Evidence.End, rec.Body[ev.Evidence.Start:ev.Evidence.End])
		}
	}
	var doolittle *events.Entity
	for i, e := range rec.Entities {
		if e.Name == "Jane Doolittle" {
			doolittle = &rec.Entities[i]
		}
	}
	if doolittle == nil || len(doolittle.Mentions) < 2000 {
		t.Fatalf("Jane Doolittle: want one entity with her ~4,000 mentions across the windows, got %+v", doolittle)
	}
	last := doolittle.Mentions[len(doolittle.Mentions)-1]
	if last.Start < len(rec.Body)-extract.WindowBytes {
		t.Errorf("her last mention at %d is not in the last window (body %d bytes)", last.Start, len(rec.Body))
	}
	if len(rec.Quotes) < 1900 || len(rec.Events) < 1900 {
		t.Errorf("%d quotes and %d events from 2,000 paragraphs with one of each", len(rec.Quotes), len(rec.Events))
	}
}

// TestExtractionMemoryIsBounded: the heap in use while a long article is
// extracted grows by a small multiple of its length (a window's working set
// and the record), not by the square of it.
func TestExtractionMemoryIsBounded(t *testing.T) {
	x, err := extract.New(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Extract(context.Background(), longArticle(10)); err != nil { // the tagger's model is decoded on first use
		t.Fatal(err)
	}
	a := longArticle(4000) // ~880 kB
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	_, err = x.Extract(context.Background(), a)
	close(done)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	growth := float64(peak.Load()-base) / float64(len(a.Body))
	t.Logf("%d kB article: heap in use grew by %d MB at most (%.0f times its length)", len(a.Body)>>10, (peak.Load()-base)>>20, growth)
	if growth > 60 {
		t.Errorf("heap in use grew by %.0f times the article's length", growth)
	}
}
