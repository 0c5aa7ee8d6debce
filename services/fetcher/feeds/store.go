package feeds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/fetcher/web/canon"
)

// Feed is a registered feed and its polling state, as GET /api/v1/feeds/{id}
// shows it.
type Feed struct {
	// ID is the first 16 hex digits of the URLKey of the canonical URL.
	ID       string    `json:"id"`
	URL      string    `json:"url"`
	AddedAt  time.Time `json:"added_at"`
	Interval Duration  `json:"interval"`
	Kind     string    `json:"kind,omitempty"`
	Title    string    `json:"title,omitempty"`

	ETag         string     `json:"etag,omitempty"`
	LastModified string     `json:"last_modified,omitempty"`
	LastPoll     *time.Time `json:"last_poll,omitempty"`
	NextPoll     time.Time  `json:"next_poll"`
	// LastStatus is "ok", "not_modified" or "error".
	LastStatus string     `json:"last_status,omitempty"`
	LastError  string     `json:"last_error,omitempty"`
	LastReason string     `json:"last_reason,omitempty"`
	LastErrAt  *time.Time `json:"last_error_at,omitempty"`
	Failures   int        `json:"consecutive_failures,omitempty"`
	Polls      int64      `json:"polls"`
	// ItemsSeen counts the items read over every poll; ItemsQueued the new
	// ones sent to be fetched. LastItem is the newest item's URL.
	ItemsSeen   int64  `json:"items_seen"`
	ItemsQueued int64  `json:"items_queued"`
	LastItem    string `json:"last_item,omitempty"`
	// PolledBy is the replica that polled it last.
	PolledBy string `json:"polled_by,omitempty"`
	// ItemFailures counts the items whose page could not be fetched (for
	// good: after the retries); the last one's error and reason.
	ItemFailures   int64      `json:"item_failures,omitempty"`
	LastItemError  string     `json:"last_item_error,omitempty"`
	LastItemReason string     `json:"last_item_reason,omitempty"`
	LastItemErrAt  *time.Time `json:"last_item_error_at,omitempty"`
}

// Duration is a time.Duration that reads and writes as "15m0s".
type Duration time.Duration

// MarshalJSON writes d as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a Go duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration: %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration: %w", err)
	}
	*d = Duration(v)
	return nil
}

// FeedID is the id of the feed at a canonical URL.
func FeedID(canonicalURL string) string { return events.URLKey(canonicalURL)[:16] }

// ErrNotFound is returned for a feed id that is not registered.
var ErrNotFound = errors.New("feed not found")

// Store keeps the feeds in the events.BucketFeeds bucket, one key a feed.
type Store struct {
	kv jetstream.KeyValue
}

// NewStore returns the store on kv.
func NewStore(kv jetstream.KeyValue) *Store { return &Store{kv: kv} }

func key(id string) string { return "feed." + id }

// Add registers the feed at rawURL, polled every interval; created is false
// when it was registered already (the registered one is returned).
func (s *Store) Add(ctx context.Context, rawURL string, interval time.Duration) (f Feed, created bool, err error) {
	u, err := canon.URL(rawURL)
	if err != nil {
		return Feed{}, false, err
	}
	now := time.Now().UTC()
	f = Feed{ID: FeedID(u), URL: u, AddedAt: now, Interval: Duration(interval), NextPoll: now}
	data, err := json.Marshal(f)
	if err != nil {
		return Feed{}, false, fmt.Errorf("encode feed: %w", err)
	}
	if _, err = s.kv.Create(ctx, key(f.ID), data); err == nil {
		return f, true, nil
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		return Feed{}, false, fmt.Errorf("register feed %s: %w", u, err)
	}
	f, _, err = s.Get(ctx, f.ID)
	return f, false, err
}

// Get returns a feed with its revision (for Update).
func (s *Store) Get(ctx context.Context, id string) (Feed, uint64, error) {
	e, err := s.kv.Get(ctx, key(id))
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
		return Feed{}, 0, ErrNotFound
	}
	if err != nil {
		return Feed{}, 0, fmt.Errorf("read feed %s: %w", id, err)
	}
	var f Feed
	if err := json.Unmarshal(e.Value(), &f); err != nil {
		return Feed{}, 0, fmt.Errorf("decode feed %s: %w", id, err)
	}
	return f, e.Revision(), nil
}

// List returns every feed, ordered by URL.
func (s *Store) List(ctx context.Context) ([]Feed, error) {
	lister, err := s.kv.ListKeysFiltered(ctx, "feed.*")
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	var ids []string
	for k := range lister.Keys() {
		ids = append(ids, strings.TrimPrefix(k, "feed."))
	}
	out := make([]Feed, 0, len(ids))
	for _, id := range ids {
		f, _, err := s.Get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out, nil
}

// Delete removes a feed (ErrNotFound when it is not registered).
func (s *Store) Delete(ctx context.Context, id string) error {
	if _, _, err := s.Get(ctx, id); err != nil {
		return err
	}
	if err := s.kv.Delete(ctx, key(id)); err != nil {
		return fmt.Errorf("delete feed %s: %w", id, err)
	}
	return nil
}

// Modify applies change to the current state of a feed and writes it back
// if nobody wrote it meanwhile, trying again from the newer state when
// somebody did. A feed deleted meanwhile stays deleted (ErrNotFound).
func (s *Store) Modify(ctx context.Context, id string, change func(*Feed)) (Feed, error) {
	for range 5 {
		f, rev, err := s.Get(ctx, id)
		if err != nil {
			return Feed{}, err
		}
		change(&f)
		data, err := json.Marshal(f)
		if err != nil {
			return Feed{}, fmt.Errorf("encode feed: %w", err)
		}
		if _, err = s.kv.Update(ctx, key(id), data, rev); err == nil {
			return f, nil
		}
		var apiErr *jetstream.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode != jetstream.JSErrCodeStreamWrongLastSequence {
			return Feed{}, fmt.Errorf("update feed %s: %w", id, err)
		}
	}
	return Feed{}, fmt.Errorf("update feed %s: written by others five times in a row", id)
}
