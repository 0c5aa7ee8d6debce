package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// Reads implements the read side of Store and store.Reader on database/sql,
// for SQLite and PostgreSQL alike (PostgreSQL through pgx's database/sql
// adapter on the store's pool).
type Reads struct {
	db       *sql.DB
	d        Dialect
	location string
}

// NewReads reads through db in dialect d; location says where the
// database is, for people (see Location).
func NewReads(db *sql.DB, d Dialect, location string) Reads {
	return Reads{db: db, d: d, location: location}
}

// Location is where the database is: its file, or its URL without the
// password.
func (r Reads) Location() string { return r.location }

// Ping checks that the database answers and is migrated.
func (r Reads) Ping(ctx context.Context) error {
	var n int
	if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		return fmt.Errorf("ping %s %s: %w", r.d.Name, r.location, err)
	}
	if n == 0 {
		return fmt.Errorf("ping %s %s: no migrations applied", r.d.Name, r.location)
	}
	return nil
}

// Get returns the stored record with id.
func (r Reads) Get(ctx context.Context, id string) (*events.EnrichedArticle, error) {
	var raw []byte
	var body string
	err := r.db.QueryRowContext(ctx, r.d.Bind(`SELECT `+r.d.record()+`, `+r.d.body()+` FROM articles WHERE id = ?`), id).Scan(&raw, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("get article %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get article %s: %w", id, err)
	}
	return decodeRecord(id, raw, body)
}

// Export calls fn for every record, by received time then id, from one
// consistent snapshot of the database (writers go on meanwhile).
func (r Reads) Export(ctx context.Context, fn func(*events.EnrichedArticle) error) error {
	opts := r.d.ExportTx
	tx, err := r.db.BeginTx(ctx, &opts)
	if err != nil {
		return fmt.Errorf("export: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	rows, err := tx.QueryContext(ctx, `SELECT id, `+r.d.record()+`, `+r.d.body()+` FROM articles ORDER BY received_at, id`)
	if err := EachRow(rows, err, func(rows *sql.Rows) error {
		var id, body string
		var raw []byte
		if err := rows.Scan(&id, &raw, &body); err != nil {
			return err
		}
		rec, err := decodeRecord(id, raw, body)
		if err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return fmt.Errorf("article %s: %w", id, err)
		}
		return nil
	}); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// Count returns the number of stored articles.
func (r Reads) Count(ctx context.Context) (int, error) {
	var n int
	if err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// EntitySelect reads registry rows in the order scanEntity expects.
const EntitySelect = `SELECT id, type, name, aliases, first_seen, last_seen, article_count FROM entities`

// store.Entity returns the registry entry of id.
func (r Reads) Entity(ctx context.Context, id string) (*store.Entity, error) {
	e, err := scanEntity(r.db.QueryRowContext(ctx, r.d.Bind(EntitySelect+` WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("get entity %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get entity %s: %w", id, err)
	}
	return e, nil
}

// store.Stats counts the rows of every table in one statement (mentions are a
// JSON column of article_entities and participants two of events, and
// counted there).
func (r Reads) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := r.db.QueryRowContext(ctx, `SELECT
 (SELECT count(*) FROM articles), (SELECT count(*) FROM entities), (SELECT count(*) FROM article_entities),
 (SELECT coalesce(sum(mention_count), 0) FROM article_entities), (SELECT count(*) FROM quotes), (SELECT count(*) FROM events),
 (SELECT coalesce(sum(`+fmt.Sprintf(r.d.JSONLength, "actors")+` + `+fmt.Sprintf(r.d.JSONLength, "targets")+`), 0) FROM events)`).Scan(
		&st.Articles, &st.Entities, &st.ArticleEntities, &st.Mentions, &st.Quotes, &st.Events, &st.Participants)
	if err != nil {
		return store.Stats{}, fmt.Errorf("table stats: %w", err)
	}
	return st, nil
}

// scanner is a *sql.Row, *sql.Rows or pgx.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanEntity reads a registry row: id, type, name, aliases, first_seen,
// last_seen, article_count.
func scanEntity(sc scanner) (*store.Entity, error) {
	var e store.Entity
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

// decodeRecord decodes the stored record of article id and puts its body
// back (a record stored before the body was left out of it holds its own).
func decodeRecord(id string, raw []byte, body string) (*events.EnrichedArticle, error) {
	var rec events.EnrichedArticle
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, fmt.Errorf("decode stored record %s: %w", id, err)
	}
	if rec.Body == "" {
		rec.Body = body
	}
	return &rec, nil
}
