package feeds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/fetcher/web/canon"
)

// DefaultSeenWindow is how long a URL queued or fetched is not queued again.
const DefaultSeenWindow = 24 * time.Hour

// Queue sends pages to be fetched as URL requests on events.SubjectURLs,
// each canonical URL once within the seen window: the first to claim the
// URL's key in events.BucketSeenURLs (an atomic create, so replicas agree)
// queues it. The request's Nats-Msg-Id comes from the URL as well.
type Queue struct {
	seen   jetstream.KeyValue
	pub    *stage.Publisher
	window time.Duration
}

// NewQueue returns a queue publishing through pub (the fetcher's) with
// the seen window in seen (window 0: DefaultSeenWindow).
func NewQueue(seen jetstream.KeyValue, pub *stage.Publisher, window time.Duration) *Queue {
	stage.OrDefault(&window, DefaultSeenWindow)
	return &Queue{seen: seen, pub: pub, window: window}
}

// seenEntry is the value of a seen URL.
type seenEntry struct {
	State string    `json:"state"`
	At    time.Time `json:"at"`
	// URL is the canonical URL (keys are its hash).
	URL string `json:"url"`
}

// Seen states.
const (
	SeenQueued  = "queued"
	SeenFetched = "fetched"
)

// Enqueue queues req (its URL made canonical, its id, schema version,
// request time and trace id filled in) unless its URL was queued or
// fetched within the window: queued is false then. The request is on the
// stream when Enqueue returns.
func (q *Queue) Enqueue(ctx context.Context, req events.URLRequest) (out events.URLRequest, queued bool, err error) {
	u, err := canon.URL(req.URL)
	if err != nil {
		return req, false, err
	}
	req.URL, req.ID, req.SchemaVersion = u, events.URLKey(u), events.SchemaVersion
	if req.RequestedAt.IsZero() {
		req.RequestedAt = time.Now().UTC()
	}
	if req.TraceID == "" {
		req.TraceID = nuid.Next()
	}
	rev, err := q.claim(ctx, u, SeenQueued)
	if err != nil || rev == 0 {
		return req, false, err
	}
	data, err := json.Marshal(req)
	if err != nil {
		return req, false, fmt.Errorf("encode URL request: %w", err)
	}
	_, err = q.pub.Publish(ctx, stage.Output{Subject: events.SubjectURLs, Type: events.CETypeURLRequested,
		DocID: req.ID, Data: data, TraceID: req.TraceID, Received: req.RequestedAt,
		// One id per claim: a retried publish is dropped, a claim after
		// the window is not.
		ItemID: fmt.Sprintf("url:%s:%d", req.ID, rev)}, nil)
	if err != nil {
		// Not queued: let a later poll or request claim it again.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return req, false, errors.Join(fmt.Errorf("queue %s: %w", u, err), q.seen.Delete(dctx, req.ID))
	}
	return req, true, nil
}

// claim marks a canonical URL as seen in state and returns the revision of
// the mark; 0 when it was seen within the window already.
func (q *Queue) claim(ctx context.Context, canonicalURL, state string) (uint64, error) {
	key := events.URLKey(canonicalURL)
	val, err := json.Marshal(seenEntry{State: state, At: time.Now().UTC(), URL: canonicalURL})
	if err != nil {
		return 0, fmt.Errorf("encode seen URL: %w", err)
	}
	for range 3 {
		rev, err := q.seen.Create(ctx, key, val)
		if err == nil {
			return rev, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return 0, fmt.Errorf("mark %s seen: %w", canonicalURL, err)
		}
		e, err := q.seen.Get(ctx, key)
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("read seen URL %s: %w", canonicalURL, err)
		}
		if time.Since(e.Created()) < q.window {
			return 0, nil
		}
		if rev, err := q.seen.Update(ctx, key, val, e.Revision()); err == nil {
			return rev, nil
		}
		// Another replica renewed it first: seen.
		return 0, nil
	}
	return 0, fmt.Errorf("mark %s seen: it keeps changing", canonicalURL)
}

// Fetched records that a page was fetched (under its canonical URL too,
// when the page names another), so it is not fetched again within the window.
func (q *Queue) Fetched(ctx context.Context, urls ...string) error {
	var errs []error
	for _, u := range urls {
		val, err := json.Marshal(seenEntry{State: SeenFetched, At: time.Now().UTC(), URL: u})
		if err != nil {
			return fmt.Errorf("encode seen URL: %w", err)
		}
		if _, err := q.seen.Put(ctx, events.URLKey(u), val); err != nil {
			errs = append(errs, fmt.Errorf("mark %s fetched: %w", u, err))
		}
	}
	return errors.Join(errs...)
}

// SeenRecently reports whether a canonical URL was queued or fetched
// within the window.
func (q *Queue) SeenRecently(ctx context.Context, canonicalURL string) (bool, error) {
	e, err := q.seen.Get(ctx, events.URLKey(canonicalURL))
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read seen URL %s: %w", canonicalURL, err)
	}
	return time.Since(e.Created()) < q.window, nil
}
