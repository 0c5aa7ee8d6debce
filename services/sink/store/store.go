package store

import (
	"context"
	"errors"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// ErrNotFound is returned (wrapped) by lookups of an id the store does not hold.
var ErrNotFound = errors.New("not found")

// Store keeps enriched articles, each exactly once by id, and answers the
// read API's queries (Reader).
type Store interface {
	Reader
	Subscriptions
	// Upsert writes one record atomically (all of its rows or none), replacing
	// any earlier copy with the same id (idempotent: any number of
	// redeliveries leave exactly one copy, its entities, mentions, quotes,
	// events and participants not duplicated) and updating the entity
	// registry. It returns nil only once the record is durably stored; an
	// implementation may commit concurrent Upserts together (group commit).
	Upsert(ctx context.Context, rec *events.EnrichedArticle) error
	// Export calls fn for every stored record in the record format, oldest
	// (earliest received) first; an error from fn stops the export and is
	// returned wrapped.
	Export(ctx context.Context, fn func(*events.EnrichedArticle) error) error
	// Get returns the record with id, or an error wrapping ErrNotFound.
	Get(ctx context.Context, id string) (*events.EnrichedArticle, error)
	// Count is the number of stored articles.
	Count(ctx context.Context) (int, error)
	// Entity returns the registry entry of a canonical entity id, or an error
	// wrapping ErrNotFound.
	Entity(ctx context.Context, id string) (*Entity, error)
	// Stats counts the rows of every table, for status reports and tests.
	Stats(ctx context.Context) (Stats, error)
	// Ping checks that the store is reachable and its schema in place.
	Ping(ctx context.Context) error
	// Location says where the store is, for people: a database file, or a
	// URL without its password.
	Location() string
	// Close releases the store's connections.
	Close() error
}

// Encoded is a record's stored JSON (the record as encoding/json writes it,
// with an empty body: the body is stored apart) in pieces to be joined, as
// a caller already has it: the sink cuts a large record's from the message
// it came in rather than encoding the record again (9 MB for a 20 MB text).
type Encoded []string

// EncodedUpserter is a Store that can take a record with its Encoded JSON
// beside it. UpsertEncoded is Upsert, but for the JSON, which it stores as
// given when it is what the record encodes to (and encodes itself when not).
type EncodedUpserter interface {
	UpsertEncoded(ctx context.Context, rec *events.EnrichedArticle, enc Encoded) error
}

// Entity is an entry of the entity registry: one canonical entity across all
// articles.
type Entity struct {
	ID   string
	Type string
	// Name is the name given by the most recent article (by SeenAt) naming it.
	Name string
	// Aliases merges every alias and every other name the entity was given.
	Aliases []string
	// FirstSeen and LastSeen span the SeenAt times of the articles naming it.
	FirstSeen time.Time
	LastSeen  time.Time
	// Articles is the number of stored articles naming the entity.
	Articles int
}

// Stats counts the rows of each table of a store.
type Stats struct {
	Articles int
	// Entities counts the registry, which keeps entities no article names any more.
	Entities        int
	ArticleEntities int
	Mentions        int
	Quotes          int
	Events          int
	Participants    int
}

// SeenAt is the time an article counts for in the entity registry: its
// published date when it states one, else when it was received, else when it
// was enriched.
func SeenAt(rec *events.EnrichedArticle) time.Time {
	switch {
	case rec.Published != nil && !rec.Published.IsZero():
		return rec.Published.UTC()
	case !rec.ReceivedAt.IsZero():
		return rec.ReceivedAt.UTC()
	default:
		return rec.EnrichedAt.UTC()
	}
}
