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

// where collects the conditions and arguments of a query, and the error of
// a bad cursor, which fails the query (readPage).
type where struct {
	conds []string
	args  []any
	err   error
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

// after adds the condition cond makes of cursor c (n parts, ints integers
// from index from on, as decodeCursor reads them) when c is set.
func (w *where) after(c string, n, from, ints int, cond func(parts []string, k []int64)) {
	if c == "" {
		return
	}
	parts, k, err := decodeCursor(c, n, from, ints)
	if err != nil {
		w.err = err
		return
	}
	cond(parts, k)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Articles lists article summaries, most recently stored first.
func (r Reads) Articles(ctx context.Context, q store.ArticleQuery) (store.Page[store.ArticleSummary], error) {
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
	w.after(q.Cursor, 1, 0, 1, func(_ []string, k []int64) { w.add("a.seq < ?", k[0]) })
	return r.articleSummaries(ctx, "list articles", w, store.ClampLimit(q.Limit))
}

// articleSummaries reads the summaries of the articles w selects, newest
// first, limit a page (readPage: what prefixes the errors).
func (r Reads) articleSummaries(ctx context.Context, what string, w where, limit int) (store.Page[store.ArticleSummary], error) {
	query := `SELECT a.seq, a.id, a.source, a.source_url, a.title, a.byline, a.published, a.language, a.received_at, a.duplicate_of, a.story_id
FROM articles a` + w.String() + ` ORDER BY a.seq DESC LIMIT ?`
	var lastSeq int64
	return readPage(ctx, r, what, query, w, limit, func(rows *sql.Rows) (store.ArticleSummary, error) {
		var a store.ArticleSummary
		var srcURL, title, byline, lang, dup, story sql.NullString
		var published, received any
		if err := rows.Scan(&lastSeq, &a.ID, &a.Source, &srcURL, &title, &byline, &published, &lang, &received, &dup, &story); err != nil {
			return a, err
		}
		a.SourceURL, a.Title, a.Byline, a.Language = srcURL.String, title.String, byline.String, lang.String
		a.DuplicateOf, a.StoryID = dup.String, story.String
		if published != nil {
			t, err := toTime(published)
			if err != nil {
				return a, fmt.Errorf("%s: %w", a.ID, err)
			}
			a.Published = &t
		}
		var err error
		if a.ReceivedAt, err = toTime(received); err != nil {
			return a, fmt.Errorf("%s: %w", a.ID, err)
		}
		return a, nil
	}, func() string { return encodeCursor(itoa(lastSeq)) })
}

// Entities lists registry entries, most articles first, then by id.
func (r Reads) Entities(ctx context.Context, q store.EntityQuery) (store.Page[store.Entity], error) {
	var w where
	if q.Type != "" {
		w.add("type = ?", q.Type)
	}
	if q.NamePrefix != "" {
		w.add(`name_key LIKE ? ESCAPE '\'`, likePrefix(NameKey(q.NamePrefix)))
	}
	w.after(q.Cursor, 2, 0, 1, func(parts []string, n []int64) {
		w.add("(article_count < ? OR (article_count = ? AND id > ?))", n[0], n[0], parts[1])
	})
	query := EntitySelect + w.String() + ` ORDER BY article_count DESC, id LIMIT ?`
	var last store.Entity
	return readPage(ctx, r, "list entities", query, w, store.ClampLimit(q.Limit), func(rows *sql.Rows) (store.Entity, error) {
		e, err := scanEntity(rows)
		if err != nil {
			return last, err
		}
		last = *e
		return last, nil
	}, func() string { return encodeCursor(itoa(int64(last.Articles)), last.ID) })
}

// likePrefix is a LIKE pattern matching strings that start with s.
func likePrefix(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// undated sorts events without a date after every dated one.
const undated = "9999-12-31"

// Quotes lists quotes in the order articles were stored, then as listed.
func (r Reads) Quotes(ctx context.Context, q store.QuoteQuery) (store.Page[store.QuoteRow], error) {
	var w where
	if q.SpeakerID != "" {
		w.add("q.speaker_id = ?", q.SpeakerID)
	}
	w.after(q.Cursor, 2, 0, 2, func(_ []string, k []int64) {
		w.add("(q.article_seq > ? OR (q.article_seq = ? AND q.ordinal > ?))", k[0], k[0], k[1])
	})
	query := `SELECT q.article_seq, q.ordinal, a.id, q.speaker_id, q.speaker_name, q.text, q.start_offset, q.end_offset, q.cue, q.partial
FROM quotes q JOIN articles a ON a.seq = q.article_seq` + w.String() + ` ORDER BY q.article_seq, q.ordinal LIMIT ?`
	var seq, ord int64
	return readPage(ctx, r, "list quotes", query, w, store.ClampLimit(q.Limit), func(rows *sql.Rows) (store.QuoteRow, error) {
		var qr store.QuoteRow
		var spID, spName, cue sql.NullString
		var partial any
		if err := rows.Scan(&seq, &ord, &qr.ArticleID, &spID, &spName, &qr.Text, &qr.Start, &qr.End, &cue, &partial); err != nil {
			return qr, err
		}
		if spID.Valid || spName.Valid {
			qr.Speaker = &events.Ref{ID: spID.String, Name: spName.String}
		}
		qr.Cue, qr.Partial = cue.String, toBool(partial)
		return qr, nil
	}, func() string { return encodeCursor(itoa(seq), itoa(ord)) })
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
