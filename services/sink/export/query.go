package export

import (
	"context"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// The functions below read every row a read-API query matches, page after
// page from q.Cursor on, and hand each to emit: the lists of the read API
// served as files (?format=csv).

// Articles emits every article q matches.
func Articles(ctx context.Context, r store.Reader, q store.ArticleQuery, emit func(Article) error) error {
	return every(ctx, &q, &q.Cursor, &q.Limit, r.Articles, ArticleOf, emit)
}

// Entities emits every registry entry q matches.
func Entities(ctx context.Context, r store.Reader, q store.EntityQuery, emit func(Entity) error) error {
	return every(ctx, &q, &q.Cursor, &q.Limit, r.Entities, EntityOf, emit)
}

// Quotes emits every quote q matches.
func Quotes(ctx context.Context, r store.Reader, q store.QuoteQuery, emit func(Quote) error) error {
	return every(ctx, &q, &q.Cursor, &q.Limit, r.Quotes, func(row store.QuoteRow) Quote { return QuoteOf(row.ArticleID, row.Quote) }, emit)
}

// every emits, as row makes them, the items list returns for *q page
// after page (of store.MaxLimit items) from its cursor on; cursor and limit
// point at q's fields.
func every[Q, S, R any](ctx context.Context, q *Q, cursor *string, limit *int,
	list func(context.Context, Q) (store.Page[S], error), row func(S) R, emit func(R) error) error {
	return pages(func(c string) (string, error) {
		*cursor, *limit = c, store.MaxLimit
		page, err := list(ctx, *q)
		return page.Next, each(page.Items, err, func(it S) error { return emit(row(it)) })
	}, *cursor)
}

// RecordReader reads events and the records they come from.
type RecordReader interface {
	store.Reader
	Get(ctx context.Context, id string) (*events.EnrichedArticle, error)
}

// Events emits the rows of every event q matches; the article columns come
// from its record (the last few records are kept at hand).
func Events(ctx context.Context, r RecordReader, q store.EventQuery, emit func(Event) error) error {
	cache := newRecordCache(r, 64)
	var rows []Event
	return pages(func(cursor string) (string, error) {
		q.Cursor, q.Limit = cursor, store.MaxLimit
		page, err := r.Events(ctx, q)
		return page.Next, each(page.Items, err, func(ev store.EventRow) error {
			rec, err := cache.get(ctx, ev.ArticleID)
			if err != nil {
				return err
			}
			rows = EventsOf(rows[:0], rec, ev.Event, indexOf(rec, ev.Event))
			for _, row := range rows {
				if err := emit(row); err != nil {
					return err
				}
			}
			return nil
		})
	}, q.Cursor)
}

// pages calls page with each cursor, from the first, until the last page.
func pages(page func(cursor string) (next string, err error), cursor string) error {
	for {
		next, err := page(cursor)
		if err != nil || next == "" {
			return err
		}
		cursor = next
	}
}

// each calls fn on every item unless err is set.
func each[T any](items []T, err error, fn func(T) error) error {
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := fn(it); err != nil {
			return err
		}
	}
	return nil
}

// indexOf finds e among rec's events (-1 when it is not there).
func indexOf(rec *events.EnrichedArticle, e events.Event) int {
	for i, x := range rec.Events {
		if x.Code == e.Code && x.Evidence.Start == e.Evidence.Start && x.Evidence.End == e.Evidence.End &&
			sameRefs(x.Actors, e.Actors) && sameRefs(x.Targets, e.Targets) {
			return i
		}
	}
	return -1
}

func sameRefs(a, b []events.Ref) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// recordCache keeps the last records read, by id.
type recordCache struct {
	r     RecordReader
	max   int
	recs  map[string]*events.EnrichedArticle
	order []string
}

func newRecordCache(r RecordReader, max int) *recordCache {
	return &recordCache{r: r, max: max, recs: map[string]*events.EnrichedArticle{}}
}

func (c *recordCache) get(ctx context.Context, id string) (*events.EnrichedArticle, error) {
	if rec, ok := c.recs[id]; ok {
		return rec, nil
	}
	rec, err := c.r.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(c.order) == c.max {
		delete(c.recs, c.order[0])
		c.order = c.order[1:]
	}
	c.recs[id], c.order = rec, append(c.order, id)
	return rec, nil
}
