package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// where collects the conditions and arguments of a query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// period adds expr >= since and expr < until, for the bounds that are set.
func (w *where) period(expr string, since, until time.Time, arg func(time.Time) any) {
	if !since.IsZero() {
		w.add(expr+" >= ?", arg(since))
	}
	if !until.IsZero() {
		w.add(expr+" < ?", arg(until))
	}
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Articles lists article summaries, most recently stored first.
func (r Reads) Articles(ctx context.Context, q store.ArticleQuery) (store.Page[store.ArticleSummary], error) {
	limit := store.ClampLimit(q.Limit)
	var w where
	w.period("coalesce(a.published, a.received_at)", q.Since, q.Until, r.d.TimeArg)
	if q.EntityID != "" {
		w.add("a.seq IN (SELECT article_seq FROM article_entities WHERE entity_id = ?)", q.EntityID)
	}
	if q.NoDuplicates {
		w.add("a.duplicate_of IS NULL")
	}
	if q.StoryID != "" {
		w.add("a.story_id = ?", q.StoryID)
	}
	if strings.TrimSpace(q.Text) != "" {
		if len(SearchWords(q.Text)) == 0 {
			return store.Page[store.ArticleSummary]{}, nil // no word in it: nothing can match
		}
		w.add(r.d.TextMatch, r.d.TextArg(q.Text))
	}
	if q.Cursor != "" {
		_, seq, err := decodeCursor(q.Cursor, 1, 0, 1)
		if err != nil {
			return store.Page[store.ArticleSummary]{}, fmt.Errorf("list articles: %w", err)
		}
		w.add("a.seq < ?", seq[0])
	}
	page, err := r.articleSummaries(ctx, w, limit)
	if err != nil {
		return page, fmt.Errorf("list articles: %w", err)
	}
	return page, nil
}

// articleSummaries reads the summaries of the articles w selects, newest
// first, limit a page.
func (r Reads) articleSummaries(ctx context.Context, w where, limit int) (store.Page[store.ArticleSummary], error) {
	query := `SELECT a.seq, a.id, a.source, a.source_url, a.title, a.byline, a.published, a.language, a.received_at, a.duplicate_of, a.story_id
FROM articles a` + w.String() + ` ORDER BY a.seq DESC LIMIT ?`
	rows, err := r.db.QueryContext(ctx, r.d.Bind(query), append(w.args, limit+1)...)
	if err != nil {
		return store.Page[store.ArticleSummary]{}, err
	}
	defer rows.Close()
	var page store.Page[store.ArticleSummary]
	var lastSeq int64
	for rows.Next() {
		if len(page.Items) == limit {
			page.Next = encodeCursor(itoa(lastSeq))
			break
		}
		var a store.ArticleSummary
		var srcURL, title, byline, lang, dup, story sql.NullString
		var published, received any
		if err := rows.Scan(&lastSeq, &a.ID, &a.Source, &srcURL, &title, &byline, &published, &lang, &received, &dup, &story); err != nil {
			return store.Page[store.ArticleSummary]{}, err
		}
		a.SourceURL, a.Title, a.Byline, a.Language = srcURL.String, title.String, byline.String, lang.String
		a.DuplicateOf, a.StoryID = dup.String, story.String
		if published != nil {
			t, err := toTime(published)
			if err != nil {
				return store.Page[store.ArticleSummary]{}, fmt.Errorf("%s: %w", a.ID, err)
			}
			a.Published = &t
		}
		if a.ReceivedAt, err = toTime(received); err != nil {
			return store.Page[store.ArticleSummary]{}, fmt.Errorf("%s: %w", a.ID, err)
		}
		page.Items = append(page.Items, a)
	}
	return page, rows.Err()
}

// Entities lists registry entries, most articles first, then by id.
func (r Reads) Entities(ctx context.Context, q store.EntityQuery) (store.Page[store.Entity], error) {
	limit := store.ClampLimit(q.Limit)
	var w where
	if q.Type != "" {
		w.add("type = ?", q.Type)
	}
	if q.NamePrefix != "" {
		w.add(`name_key LIKE ? ESCAPE '\'`, likePrefix(NameKey(q.NamePrefix)))
	}
	if q.Cursor != "" {
		parts, n, err := decodeCursor(q.Cursor, 2, 0, 1)
		if err != nil {
			return store.Page[store.Entity]{}, fmt.Errorf("list entities: %w", err)
		}
		w.add("(article_count < ? OR (article_count = ? AND id > ?))", n[0], n[0], parts[1])
	}
	query := EntitySelect + w.String() + ` ORDER BY article_count DESC, id LIMIT ?`
	rows, err := r.db.QueryContext(ctx, r.d.Bind(query), append(w.args, limit+1)...)
	if err != nil {
		return store.Page[store.Entity]{}, fmt.Errorf("list entities: %w", err)
	}
	defer rows.Close()
	var page store.Page[store.Entity]
	for rows.Next() {
		if len(page.Items) == limit {
			last := page.Items[limit-1]
			page.Next = encodeCursor(itoa(int64(last.Articles)), last.ID)
			break
		}
		e, err := scanEntity(rows)
		if err != nil {
			return store.Page[store.Entity]{}, fmt.Errorf("list entities: %w", err)
		}
		page.Items = append(page.Items, *e)
	}
	if err := rows.Err(); err != nil {
		return store.Page[store.Entity]{}, fmt.Errorf("list entities: %w", err)
	}
	return page, nil
}

// likePrefix is a LIKE pattern matching strings that start with s.
func likePrefix(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// undated sorts events without a date after every dated one.
const undated = "9999-12-31"

// Quotes lists quotes in the order articles were stored, then as listed.
func (r Reads) Quotes(ctx context.Context, q store.QuoteQuery) (store.Page[store.QuoteRow], error) {
	limit := store.ClampLimit(q.Limit)
	var w where
	if q.SpeakerID != "" {
		w.add("q.speaker_id = ?", q.SpeakerID)
	}
	if q.Cursor != "" {
		_, k, err := decodeCursor(q.Cursor, 2, 0, 2)
		if err != nil {
			return store.Page[store.QuoteRow]{}, fmt.Errorf("list quotes: %w", err)
		}
		w.add("(q.article_seq > ? OR (q.article_seq = ? AND q.ordinal > ?))", k[0], k[0], k[1])
	}
	query := `SELECT q.article_seq, q.ordinal, a.id, q.speaker_id, q.speaker_name, q.text, q.start_offset, q.end_offset, q.cue, q.partial
FROM quotes q JOIN articles a ON a.seq = q.article_seq` + w.String() + ` ORDER BY q.article_seq, q.ordinal LIMIT ?`
	rows, err := r.db.QueryContext(ctx, r.d.Bind(query), append(w.args, limit+1)...)
	if err != nil {
		return store.Page[store.QuoteRow]{}, fmt.Errorf("list quotes: %w", err)
	}
	defer rows.Close()
	var page store.Page[store.QuoteRow]
	var seq, ord int64
	for rows.Next() {
		if len(page.Items) == limit {
			page.Next = encodeCursor(itoa(seq), itoa(ord))
			break
		}
		var qr store.QuoteRow
		var spID, spName, cue sql.NullString
		var partial any
		if err := rows.Scan(&seq, &ord, &qr.ArticleID, &spID, &spName, &qr.Text, &qr.Start, &qr.End, &cue, &partial); err != nil {
			return store.Page[store.QuoteRow]{}, fmt.Errorf("list quotes: %w", err)
		}
		if spID.Valid || spName.Valid {
			qr.Speaker = &events.Ref{ID: spID.String, Name: spName.String}
		}
		qr.Cue, qr.Partial = cue.String, toBool(partial)
		page.Items = append(page.Items, qr)
	}
	if err := rows.Err(); err != nil {
		return store.Page[store.QuoteRow]{}, fmt.Errorf("list quotes: %w", err)
	}
	return page, nil
}

// toBool reads a stored boolean: a bool from PostgreSQL, an integer from SQLite.
func toBool(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case int64:
		return b != 0
	}
	return false
}

// NameKey is the registry's search key of a name.
func NameKey(name string) string { return strings.ToLower(name) }
