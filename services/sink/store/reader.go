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
	// Stories lists stories, the most recently added to first, with their
	// articles, first and last seen, and main entities and events.
	Stories(ctx context.Context, q StoryQuery) (Page[Story], error)
}

// StoryQuery filters stories. Zero fields do not filter.
type StoryQuery struct {
	// Since and Until bound a story's last article time: Since <= last < Until.
	Since, Until time.Time
	Cursor       string
	Limit        int
}

// Story is a story: the articles the enricher gave one story id.
type Story struct {
	ID string `json:"id"`
	// FirstSeen and LastSeen span its articles' times (published, else received).
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// Articles counts its articles; Items lists the latest (up to 20).
	Articles int              `json:"articles"`
	Items    []ArticleSummary `json:"items"`
	// Entities and Events are the ones most of its articles name.
	Entities []StoryEntity `json:"entities"`
	Events   []StoryEvent  `json:"events"`
}

// StoryEntity is an entity of a story with the number of its articles naming it.
type StoryEntity struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

// StoryEvent is a CAMEO code of a story with the number of its events.
type StoryEvent struct {
	Code  string `json:"code"`
	Label string `json:"label,omitempty"`
	Count int    `json:"count"`
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
	Text string
	// NoDuplicates leaves out near duplicates (articles with DuplicateOf).
	NoDuplicates bool
	// StoryID keeps the articles of that story.
	StoryID string
	Cursor  string
	Limit   int
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
	// DuplicateOf and StoryID are the record's (see events.EnrichedArticle).
	DuplicateOf string `json:"duplicate_of,omitempty"`
	StoryID     string `json:"story_id,omitempty"`
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
