package extract

import (
	"context"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// extractText runs a fresh extractor over body, checking offsets.
func extractText(t *testing.T, body string) *events.EnrichedArticle {
	t.Helper()
	return extractArticle(t, &events.Article{ID: "t", Body: body})
}

func extractArticle(t *testing.T, a *events.Article) *events.EnrichedArticle {
	t.Helper()
	x, err := New(Options{Now: func() time.Time { return time.Unix(0, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	checkOffsets(t, rec)
	return rec
}

// entityNamed returns the entity with that canonical name, or nil.
func entityNamed(rec *events.EnrichedArticle, name string) *events.Entity {
	for i := range rec.Entities {
		if rec.Entities[i].Name == name {
			return &rec.Entities[i]
		}
	}
	return nil
}

// hasMention reports whether e lists a mention with that text.
func hasMention(e *events.Entity, text string) bool {
	if e == nil {
		return false
	}
	for _, m := range e.Mentions {
		if m.Text == text {
			return true
		}
	}
	return false
}

// quoteWith returns the quote whose text starts with prefix, or nil.
func quoteWith(rec *events.EnrichedArticle, prefix string) *events.Quote {
	for i := range rec.Quotes {
		q := rec.Quotes[i].Text
		if len(q) >= len(prefix) && q[:len(prefix)] == prefix {
			return &rec.Quotes[i]
		}
	}
	return nil
}

func speakerName(q *events.Quote) string {
	if q == nil || q.Speaker == nil {
		return ""
	}
	return q.Speaker.Name
}

// eventWithRoot returns the first event of that root with an actor named actor.
func eventWithRoot(rec *events.EnrichedArticle, root, actor string) *events.Event {
	for i := range rec.Events {
		ev := &rec.Events[i]
		if ev.RootCode != root {
			continue
		}
		for _, a := range ev.Actors {
			if a.Name == actor {
				return ev
			}
		}
	}
	return nil
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
