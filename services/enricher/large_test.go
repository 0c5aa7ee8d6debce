package enricher

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
	"github.com/tidings-news/tidings/services/enricher/neardup"
	"github.com/tidings-news/tidings/services/enricher/stories"
)

// hugeArticle is an article message of about size bytes of news prose
// naming many people, places, quotes and events (a book, a feed dump).
func hugeArticle(t *testing.T, size int) []byte {
	t.Helper()
	first := []string{"Jane", "Arlo", "Marta", "Pavel", "Ingrid", "Farid", "Clara", "Hugo"}
	last := []string{"Doolittle", "Finch", "Novak", "Okafor", "Takeda", "Moreau", "Rossi", "Lindqvist"}
	cities := []string{"Geneva", "Ottawa", "Nairobi", "Lisbon", "Warsaw", "Oslo"}
	var b strings.Builder
	b.Grow(size + 512)
	var paras []events.Span
	for i := 0; b.Len() < size; i++ {
		a, c := first[i%8]+" "+last[i/8%8], first[(i+3)%8]+" "+last[(i/8+5)%8]
		start := b.Len()
		fmt.Fprintf(&b, "Foreign Minister %s met her counterpart %s in %s on Monday, the %d talks this year. "+
			"\u201cWe agreed to keep working on the plan,\u201d %s said after the meeting. %s will visit %s next week, officials said.",
			a, c, cities[i%6], i, a, c, cities[(i+2)%6])
		paras = append(paras, events.Span{Start: start, End: b.Len()})
		b.WriteString("\n\n")
	}
	art := events.Article{SchemaVersion: events.SchemaVersion, ID: "huge", Source: "huge.txt", Language: "en",
		Body: strings.TrimRight(b.String(), "\n"), Paragraphs: paras}
	data, err := json.Marshal(art)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestHugeArticleThroughTheEnricher: the enricher's handling of a 20 MB
// article (decoding it, extracting, near duplicates and story, encoding the
// record and its fan-out) grows the heap by less than 5 times the article,
// and says in the log that the article is large and how much is extracted.
// It took 1.6 GB in tidings up before: 65,000 events from every window, a
// record of 72 MB, the text split into 3.5 million words twice.
func TestHugeArticleThroughTheEnricher(t *testing.T) {
	if testing.Short() {
		t.Skip("a 20 MB article")
	}
	x, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	group := &Grouping{Dups: neardup.NewIndex(neardup.NewMemStore()), Stories: stories.NewAssigner(stories.Config{}, stories.NewMemStore())}
	h := NewGroupingHandler(x, &Fanout{}, group)
	warm := &stage.Delivery{Data: hugeArticle(t, 4000)} // the tagger's model is decoded on first use
	if _, err := h.Handle(context.Background(), warm); err != nil {
		t.Fatal(err)
	}
	data := hugeArticle(t, 20<<20)
	core, logs := observer.New(zap.InfoLevel)
	d := &stage.Delivery{Data: data, DocID: "huge", Log: zap.New(core)}
	var outs []stage.Output
	growth, allocated, _ := extracttest.HeapCost(t, func() error {
		var err error
		outs, err = h.Handle(context.Background(), d)
		return err
	})
	t.Logf("%d MB article message: heap in use grew by %d MB at most (%.1f times), %d MB allocated, %d outputs, record %d MB",
		len(data)>>20, growth>>20, float64(growth)/float64(len(data)), allocated>>20, len(outs), outs[0].Len()>>20)
	if growth > 5*uint64(len(data)) {
		t.Errorf("heap in use grew by %d MB handling a %d MB article: over 5 times its size", growth>>20, len(data)>>20)
	}
	if allocated > 16*uint64(len(data)) {
		t.Errorf("handling a %d MB article allocated %d MB: over 16 times its size", len(data)>>20, allocated>>20)
	}
	got := logs.FilterMessageSnippet("enriching a large article").All()
	if len(got) != 1 {
		t.Fatalf("%d log lines about the large article, want 1", len(got))
	}
	if n, _ := got[0].ContextMap()["extracted_bytes"].(int64); n <= 0 || n > extract.DefaultMaxBytes {
		t.Errorf("the log line says %v bytes extracted, want the first MiB", got[0].ContextMap())
	}
}

// heapInUse is the heap's live bytes after a full collection.
func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestGroupingKeepsNoTextSizedState: what the stories keep of a large
// article is its signature, and the near duplicates its distinct shingles,
// not room for every word of the text (the story's signature pointed into
// the digest, whose set had a word's room per 4 bytes of text: 20 MB kept
// after a 20 MB article was stored).
func TestGroupingKeepsNoTextSizedState(t *testing.T) {
	var art events.Article
	if err := json.Unmarshal(hugeArticle(t, 8<<20), &art); err != nil {
		t.Fatal(err)
	}
	rec := &events.EnrichedArticle{Article: art}
	group := &Grouping{Dups: neardup.NewIndex(neardup.NewMemStore()), Stories: stories.NewAssigner(stories.Config{}, stories.NewMemStore())}
	before := heapInUse()
	if err := group.Apply(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	kept := int64(heapInUse()) - int64(before)
	runtime.KeepAlive(rec)
	runtime.KeepAlive(group)
	t.Logf("grouping a %d MB text keeps %d kB (%d → %d)", len(art.Body)>>20, kept>>10, before, before+uint64(kept))
	if kept > int64(len(art.Body)/4) {
		t.Errorf("grouping a %d MB text keeps %d MB", len(art.Body)>>20, kept>>20)
	}
}
