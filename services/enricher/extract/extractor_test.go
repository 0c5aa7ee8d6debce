package extract_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
)

func mustArticle(id, body string) *events.Article {
	return &events.Article{ID: id, Source: id + ".txt", Body: body}
}

func TestExtractRecord(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	x, err := extract.New(extract.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	a := mustArticle("a1", "Ivo Marsh met Greta Lindqvist in Oslo.")
	a.Title = "A meeting"
	rec, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if !rec.Enriched || rec.ID != "a1" || rec.Title != "A meeting" || !rec.EnrichedAt.Equal(now) ||
		!strings.HasPrefix(rec.Extractor, "tidings-extract/") || len(rec.Entities) == 0 || len(rec.Events) == 0 {
		t.Errorf("record: %+v", rec)
	}
}

func TestNonEnglishIsNotEnriched(t *testing.T) {
	x, _ := extract.New(extract.Options{})
	a := mustArticle("fr", "Emmanuel Macron a rencontré Olaf Scholz à Paris.")
	a.Language = "fr"
	rec, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Enriched || len(rec.Entities)+len(rec.Quotes)+len(rec.Events) != 0 || rec.Body != a.Body {
		t.Errorf("non-English record: %+v", rec)
	}
}

func TestExtractConcurrent(t *testing.T) {
	body := extracttest.Fixture(t)
	x, _ := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	var wg sync.WaitGroup
	out := make([]int, 8)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec, err := x.Extract(context.Background(), mustArticle("c", body))
			if err != nil {
				t.Error(err)
				return
			}
			out[i] = len(rec.Entities)*1000 + len(rec.Quotes)*10 + len(rec.Events)
		}()
	}
	wg.Wait()
	for _, n := range out {
		if n != out[0] || n == 0 {
			t.Fatalf("concurrent results differ: %v", out)
		}
	}
}

func TestOffsetsOnFixture(t *testing.T) {
	body := extracttest.Fixture(t)
	rec := extracttest.Text(t, body)
	if len(rec.Entities) < 20 || len(rec.Quotes) < 8 || len(rec.Events) < 8 {
		t.Errorf("fixture yields %d entities, %d quotes, %d events", len(rec.Entities), len(rec.Quotes), len(rec.Events))
	}
}
