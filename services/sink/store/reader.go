package store

import (
	"context"
	"errors"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// Page sizes of the query methods.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// ErrBadCursor is returned (wrapped) for a cursor this store did not give out.
var ErrBadCursor = errors.New("invalid cursor")

// Reader answers the read API's queries. Every query returns one page, in
// a stable order, and the cursor of the next page ("" after the last).
type Reader interface {
	// Articles lists article summaries, most recently stored first.
	Articles(ctx context.Context, q ArticleQuery) (Page[ArticleSummary], error)
	// Entities lists registry entries, most articles first, then by id.
	Entities(ctx context.Context, q EntityQuery) (Page[Entity], error)
	// Events lists events as a timeline: by date (undated last), then in
	// the order articles were stored and events listed.
	Events(ctx context.Context, q EventQuery) (Page[EventRow], error)
	// Quotes lists quotes in the order articles were stored, then as listed.
	Quotes(ctx context.Context, q QuoteQuery) (Page[QuoteRow], error)
}

// Page is one page of results.
type Page[T any] struct {
	Items []T
	// Next is the cursor of the following page, "" when this is the last.
	Next string
}

// ArticleQuery filters articles. Zero fields do not filter.
type ArticleQuery struct {
	// Since and Until bound the article's time (published, else received):
	// Since <= time < Until.
	Since, Until time.Time
	// EntityID keeps the articles naming that entity.
	EntityID string
	// Text keeps the articles whose title or body match these words (all of them).
	Text   string
	Cursor string
	Limit  int
}

// ArticleSummary is an article without its body and enrichment.
type ArticleSummary struct {
	ID         string     `json:"id"`
	Source     string     `json:"source"`
	SourceURL  string     `json:"source_url,omitempty"`
	Title      string     `json:"title,omitempty"`
	Byline     string     `json:"byline,omitempty"`
	Published  *time.Time `json:"published,omitempty"`
	Language   string     `json:"language,omitempty"`
	ReceivedAt time.Time  `json:"received_at"`
}

// EntityQuery filters the registry. Zero fields do not filter.
type EntityQuery struct {
	Type string
	// NamePrefix matches the start of the name, ignoring case.
	NamePrefix string
	Cursor     string
	Limit      int
}

// EventQuery filters events. Zero fields do not filter.
type EventQuery struct {
	// Root is a two-digit CAMEO root code.
	Root string
	// ActorID keeps events with that entity among their actors;
	// ParticipantID, among their actors or targets.
	ActorID, ParticipantID string
	LocationID             string
	// From and To bound the event's resolved date (YYYY-MM-DD), inclusive;
	// events without a date do not match a date range.
	From, To string
	Cursor   string
	Limit    int
}

// EventRow is an event with the article it was read from.
type EventRow struct {
	ArticleID string `json:"article_id"`
	events.Event
}

// QuoteQuery filters quotes. Zero fields do not filter.
type QuoteQuery struct {
	SpeakerID string
	Cursor    string
	Limit     int
}

// QuoteRow is a quote with the article it was read from.
type QuoteRow struct {
	ArticleID string `json:"article_id"`
	events.Quote
}

// ClampLimit bounds a page size to [1, MaxLimit], DefaultLimit when unset.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}
