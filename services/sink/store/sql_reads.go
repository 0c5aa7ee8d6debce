package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tidings-news/tidings/pkg/events"
)

// sqlReads implements the read side of Store and Reader on database/sql,
// for SQLite and PostgreSQL alike (PostgreSQL through pgx's database/sql
// adapter on the store's pool).
type sqlReads struct {
	db *sql.DB
	d  dialect
}

// Get returns the stored record with id.
func (r sqlReads) Get(ctx context.Context, id string) (*events.EnrichedArticle, error) {
	var raw []byte
	err := r.db.QueryRowContext(ctx, r.d.bind(`SELECT record FROM articles WHERE id = ?`), id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("get article %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get article %s: %w", id, err)
	}
	return decodeRecord(id, raw)
}

// Export calls fn for every record, by received time then id, from one
// consistent snapshot of the database (writers go on meanwhile).
func (r sqlReads) Export(ctx context.Context, fn func(*events.EnrichedArticle) error) error {
	opts := r.d.exportTx
	tx, err := r.db.BeginTx(ctx, &opts)
	if err != nil {
		return fmt.Errorf("export: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	rows, err := tx.QueryContext(ctx, `SELECT id, record FROM articles ORDER BY received_at, id`)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var raw []byte
		if err := rows.Scan(&id, &raw); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		rec, err := decodeRecord(id, raw)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := fn(rec); err != nil {
			return fmt.Errorf("export: article %s: %w", id, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// Count returns the number of stored articles.
func (r sqlReads) Count(ctx context.Context) (int, error) {
	var n int
	if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// entitySelect reads registry rows in the order scanEntity expects.
const entitySelect = `SELECT id, type, name, aliases, first_seen, last_seen, article_count FROM entities`

// Entity returns the registry entry of id.
func (r sqlReads) Entity(ctx context.Context, id string) (*Entity, error) {
	e, err := scanEntity(r.db.QueryRowContext(ctx, r.d.bind(entitySelect+` WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("get entity %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get entity %s: %w", id, err)
	}
	return e, nil
}

// Stats counts the rows of every table in one statement (mentions are a
// JSON column of article_entities and participants two of events, and
// counted there).
func (r sqlReads) Stats(ctx context.Context) (Stats, error) {
	var st Stats
	err := r.db.QueryRowContext(ctx, `SELECT
 (SELECT count(*) FROM articles), (SELECT count(*) FROM entities), (SELECT count(*) FROM article_entities),
 (SELECT coalesce(sum(mention_count), 0) FROM article_entities), (SELECT count(*) FROM quotes), (SELECT count(*) FROM events),
 (SELECT coalesce(sum(`+fmt.Sprintf(r.d.jsonLength, "actors")+` + `+fmt.Sprintf(r.d.jsonLength, "targets")+`), 0) FROM events)`).Scan(
		&st.Articles, &st.Entities, &st.ArticleEntities, &st.Mentions, &st.Quotes, &st.Events, &st.Participants)
	if err != nil {
		return Stats{}, fmt.Errorf("table stats: %w", err)
	}
	return st, nil
}

// scanner is a *sql.Row, *sql.Rows or pgx.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanEntity reads a registry row: id, type, name, aliases, first_seen,
// last_seen, article_count.
func scanEntity(sc scanner) (*Entity, error) {
	var e Entity
	var aliases string
	var first, last any
	if err := sc.Scan(&e.ID, &e.Type, &e.Name, &aliases, &first, &last, &e.Articles); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(aliases), &e.Aliases); err != nil {
		return nil, fmt.Errorf("entity %s: aliases: %w", e.ID, err)
	}
	var err error
	if e.FirstSeen, err = toTime(first); err != nil {
		return nil, fmt.Errorf("entity %s: first_seen: %w", e.ID, err)
	}
	if e.LastSeen, err = toTime(last); err != nil {
		return nil, fmt.Errorf("entity %s: last_seen: %w", e.ID, err)
	}
	return &e, nil
}

// decodeRecord decodes the stored record of article id.
func decodeRecord(id string, raw []byte) (*events.EnrichedArticle, error) {
	var rec events.EnrichedArticle
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, fmt.Errorf("decode stored record %s: %w", id, err)
	}
	return &rec, nil
}
