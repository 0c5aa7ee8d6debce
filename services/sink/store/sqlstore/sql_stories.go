package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tidings-news/tidings/services/sink/store"
)

// Sizes of a story's lists.
const (
	storyItems    = 20
	storyEntities = 8
	storyEvents   = 5
)

// Stories lists stories, the most recently added to first.
func (r Reads) Stories(ctx context.Context, q store.StoryQuery) (store.Page[store.Story], error) {
	var having where
	having.period("max(coalesce(a.published, a.received_at))", q.Since, q.Until, r.d.TimeArg)
	having.after(q.Cursor, 1, 0, 1, func(_ []string, k []int64) { having.add("max(a.seq) < ?", k[0]) })
	cond := ""
	if len(having.conds) > 0 {
		cond = " HAVING " + having.String()[len(" WHERE "):]
	}
	query := `SELECT a.story_id, count(*), min(coalesce(a.published, a.received_at)), max(coalesce(a.published, a.received_at)), max(a.seq)
FROM articles a WHERE a.story_id IS NOT NULL GROUP BY a.story_id` + cond + ` ORDER BY max(a.seq) DESC LIMIT ?`
	var lastSeq int64
	page, err := readPage(ctx, r, "list stories", query, having, store.ClampLimit(q.Limit), func(rows *sql.Rows) (store.Story, error) {
		var s store.Story
		var first, last any
		err := rows.Scan(&s.ID, &s.Articles, &first, &last, &lastSeq)
		if err != nil {
			return s, err
		}
		if s.FirstSeen, err = toTime(first); err == nil {
			s.LastSeen, err = toTime(last)
		}
		if err != nil {
			return s, fmt.Errorf("%s: %w", s.ID, err)
		}
		return s, nil
	}, func() string { return encodeCursor(itoa(lastSeq)) })
	if err != nil {
		return page, err
	}
	for i := range page.Items {
		if err := r.storyDetails(ctx, &page.Items[i]); err != nil {
			return store.Page[store.Story]{}, fmt.Errorf("list stories: %s: %w", page.Items[i].ID, err)
		}
	}
	return page, nil
}

// storyDetails reads a story's latest articles, main entities and events.
func (r Reads) storyDetails(ctx context.Context, s *store.Story) error {
	var w where
	w.add("a.story_id = ?", s.ID)
	items, err := r.articleSummaries(ctx, "", w, storyItems)
	if err != nil {
		return err
	}
	s.Items = items.Items
	s.Entities = []store.StoryEntity{}
	err = r.each(ctx, `SELECT ae.entity_id, ae.type, max(ae.name), count(*) FROM article_entities ae JOIN articles a ON a.seq = ae.article_seq
WHERE a.story_id = ? GROUP BY ae.entity_id, ae.type ORDER BY count(*) DESC, ae.entity_id LIMIT ?`, []any{s.ID, storyEntities}, func(rows *sql.Rows) error {
		var e store.StoryEntity
		if err := rows.Scan(&e.ID, &e.Type, &e.Name, &e.Articles); err != nil {
			return err
		}
		s.Entities = append(s.Entities, e)
		return nil
	})
	if err != nil {
		return err
	}
	s.Events = []store.StoryEvent{}
	return r.each(ctx, `SELECT ev.code, max(ev.label), count(*) FROM events ev JOIN articles a ON a.seq = ev.article_seq
WHERE a.story_id = ? GROUP BY ev.code ORDER BY count(*) DESC, ev.code LIMIT ?`, []any{s.ID, storyEvents}, func(rows *sql.Rows) error {
		var e store.StoryEvent
		var label sql.NullString
		if err := rows.Scan(&e.Code, &label, &e.Count); err != nil {
			return err
		}
		e.Label = label.String
		s.Events = append(s.Events, e)
		return nil
	})
}

// each runs query and calls fn on every row.
func (r Reads) each(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := r.db.QueryContext(ctx, r.d.Bind(query), args...)
	return EachRow(rows, err, fn)
}
