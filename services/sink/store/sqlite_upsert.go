package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// Statements of Upsert, all prepared at open (see writerQueries).
const (
	// linkedEntitiesSQL lists the entities an article named before.
	linkedEntitiesSQL = `SELECT entity_id FROM article_entities WHERE article_seq = ?`
	// loadEntitiesSQL reads the registry entries of a JSON array of ids.
	loadEntitiesSQL = `SELECT id, type, name, aliases, first_seen, last_seen, article_count
FROM entities WHERE id IN (SELECT value FROM json_each(?))`
	// unlinkEntitiesSQL uncounts an article from entities (JSON array of ids) it no longer names.
	unlinkEntitiesSQL = `UPDATE entities SET article_count = article_count - 1
WHERE id IN (SELECT value FROM json_each(?))`
	// renameEntitySQL gives an entity the name and type of a more recent article.
	renameEntitySQL = `UPDATE entities SET type = ?, name = ?, name_key = ? WHERE id = ?`
)

// deleteChildrenSQL removes an article's child rows, children before parents.
var deleteChildrenSQL = []string{
	`DELETE FROM event_participants WHERE article_seq = ?`,
	`DELETE FROM events WHERE article_seq = ?`,
	`DELETE FROM quotes WHERE article_seq = ?`,
	`DELETE FROM article_entities WHERE article_seq = ?`,
}

// upsertArticleSQL inserts an article or replaces every column of the stored
// one but its first stored_at, and returns its seq (kept on replacement).
var upsertArticleSQL = func() string {
	var set []string
	for _, c := range articleCols {
		if c != "id" && c != "stored_at" {
			set = append(set, c+" = excluded."+c)
		}
	}
	return insertSQL("articles", articleCols, 1, "ON CONFLICT (id) DO UPDATE SET "+strings.Join(set, ", ")+" RETURNING seq")
}()

// Registry writes: new entities are inserted; known ones get their seen
// times, aliases and article count updated in one multi-row UPDATE, which
// leaves the indexed name columns alone.
var (
	entityInsert = tableSpec{"entities", []string{"id", "type", "name", "name_key", "aliases", "first_seen", "last_seen", "article_count"}}
	entityUpdate = tableSpec{"entities_update", []string{"id", "aliases", "first_seen", "last_seen", "article_delta"}}
)

// updateEntitiesSQL updates rows registry entries from VALUES laid out as entityUpdate.
func updateEntitiesSQL(rows int) string {
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(entityUpdate.Cols)), ", ") + ")"
	return `UPDATE entities SET aliases = v.column2, first_seen = v.column3, last_seen = v.column4,
article_count = article_count + v.column5
FROM (VALUES ` + strings.TrimSuffix(strings.Repeat(tuple+", ", rows), ", ") + `) AS v
WHERE entities.id = v.column1`
}

// bulkKey names the multi-row statement for rows rows of a tableSpec.
type bulkKey struct {
	spec string
	rows int
}

// bulkQueries builds the text of every multi-row statement Upsert can run.
func bulkQueries() map[bulkKey]string {
	out := map[bulkKey]string{}
	for _, size := range bulkSizes() {
		out[bulkKey{entityInsert.Name, size}] = insertSQL(entityInsert.Name, entityInsert.Cols, size, "")
		out[bulkKey{entityUpdate.Name, size}] = updateEntitiesSQL(size)
		for _, t := range childTables() {
			out[bulkKey{t.Name, size}] = insertSQL(t.Name, t.Cols, size, "")
		}
	}
	return out
}

// writerQueries lists every statement Upsert runs, for preparing at open.
func writerQueries(bulk map[bulkKey]string) []string {
	qs := []string{upsertArticleSQL, linkedEntitiesSQL, loadEntitiesSQL, unlinkEntitiesSQL, renameEntitySQL,
		savepointSQL, releaseSavepointSQL, rollbackSavepointSQL}
	qs = append(qs, deleteChildrenSQL...)
	for _, q := range bulk {
		qs = append(qs, q)
	}
	return qs
}

// Upsert writes rec and its rows, replacing an earlier copy: the article row
// is updated in place (keeping its seq), its child rows deleted and inserted
// again, and the registry entries of its entities merged. The writes are
// atomic; concurrent Upserts share a transaction (see writeLoop), and Upsert
// returns once the transaction holding rec has committed. When ctx ends first
// Upsert returns ctx's error, and rec may or may not be stored.
func (s *SQLite) Upsert(ctx context.Context, rec *events.EnrichedArticle) error {
	d, err := decompose(rec, formatTime(s.now()))
	if err != nil {
		return fmt.Errorf("upsert: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("upsert %s: %w", rec.ID, err)
	}
	req := &writeReq{ctx: ctx, id: rec.ID, d: d, seen: SeenAt(rec), done: make(chan error, 1)}
	select {
	case s.queue <- req:
	case <-ctx.Done():
		return fmt.Errorf("upsert %s: %w", rec.ID, ctx.Err())
	case <-s.closing:
		return fmt.Errorf("upsert %s: %w", rec.ID, errClosed)
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("upsert %s: %w", rec.ID, ctx.Err())
	}
}

// upsertTx writes one decomposed record inside tx: the article row first (its
// seq keys the child rows), then the old child rows out, the registry, and
// the new child rows in.
func (s *SQLite) upsertTx(ctx context.Context, tx *sql.Tx, d *decomposed, seen time.Time) error {
	st, err := s.stmts.stmt(ctx, tx, upsertArticleSQL)
	if err != nil {
		return err
	}
	var seq int64
	if err := st.QueryRowContext(ctx, d.Article...).Scan(&seq); err != nil {
		return fmt.Errorf("write article: %w", err)
	}
	linked, err := s.linkedEntities(ctx, tx, seq)
	if err != nil {
		return err
	}
	for _, q := range deleteChildrenSQL {
		if err := s.stmts.exec(ctx, tx, q, seq); err != nil {
			return fmt.Errorf("delete old rows: %w", err)
		}
	}
	if err := s.updateRegistry(ctx, tx, d.Entities, linked, seen); err != nil {
		return err
	}
	for _, t := range d.Children() {
		t.setArticleSeq(seq)
		if err := s.insertRows(ctx, tx, t); err != nil {
			return err
		}
	}
	return nil
}

// linkedEntities returns the ids of the entities article seq named before.
func (s *SQLite) linkedEntities(ctx context.Context, tx *sql.Tx, seq int64) (map[string]bool, error) {
	rows, err := s.stmts.query(ctx, tx, linkedEntitiesSQL, seq)
	if err != nil {
		return nil, fmt.Errorf("read old entity links: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read old entity links: %w", err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read old entity links: %w", err)
	}
	return out, nil
}

// updateRegistry merges the article's entities into the registry and keeps
// article counts: +1 for an entity newly named, −1 for one named before and
// no more, nothing for a redelivery. Entries that do not change are not written.
func (s *SQLite) updateRegistry(ctx context.Context, tx *sql.Tx, ents []events.Entity, linked map[string]bool, seen time.Time) error {
	old, err := s.loadEntities(ctx, tx, ents)
	if err != nil {
		return err
	}
	ins := &table{tableSpec: entityInsert}
	upd := &table{tableSpec: entityUpdate}
	for _, e := range ents {
		delta := 1
		if linked[e.ID] {
			delta = 0
			delete(linked, e.ID)
		}
		o := old[e.ID]
		m := mergeEntity(o, e, seen)
		aliases, err := json.Marshal(m.Aliases)
		if err != nil {
			return fmt.Errorf("encode aliases of %s: %w", e.ID, err)
		}
		switch {
		case o == nil:
			ins.add(m.ID, m.Type, m.Name, nameKey(m.Name), string(aliases), formatTime(m.FirstSeen), formatTime(m.LastSeen), 1)
			continue
		case delta != 0 || !m.FirstSeen.Equal(o.FirstSeen) || !m.LastSeen.Equal(o.LastSeen) || !slices.Equal(m.Aliases, o.Aliases):
			upd.add(m.ID, string(aliases), formatTime(m.FirstSeen), formatTime(m.LastSeen), delta)
		}
		if m.Name != o.Name || m.Type != o.Type {
			if err := s.stmts.exec(ctx, tx, renameEntitySQL, m.Type, m.Name, nameKey(m.Name), m.ID); err != nil {
				return fmt.Errorf("rename entity %s: %w", m.ID, err)
			}
		}
	}
	if len(linked) > 0 {
		ids, err := json.Marshal(slices.Sorted(func(yield func(string) bool) {
			for id := range linked {
				if !yield(id) {
					return
				}
			}
		}))
		if err != nil {
			return fmt.Errorf("encode entity ids: %w", err)
		}
		if err := s.stmts.exec(ctx, tx, unlinkEntitiesSQL, string(ids)); err != nil {
			return fmt.Errorf("unlink entities: %w", err)
		}
	}
	if err := s.insertRows(ctx, tx, ins); err != nil {
		return err
	}
	return s.insertRows(ctx, tx, upd)
}

// loadEntities reads the registry entries of ents that exist.
func (s *SQLite) loadEntities(ctx context.Context, tx *sql.Tx, ents []events.Entity) (map[string]*Entity, error) {
	out := make(map[string]*Entity, len(ents))
	if len(ents) == 0 {
		return out, nil
	}
	ids := make([]string, len(ents))
	for i, e := range ents {
		ids[i] = e.ID
	}
	arg, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("encode entity ids: %w", err)
	}
	rows, err := s.stmts.query(ctx, tx, loadEntitiesSQL, string(arg))
	if err != nil {
		return nil, fmt.Errorf("read registry: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			return nil, fmt.Errorf("read registry: %w", err)
		}
		out[e.ID] = e
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read registry: %w", err)
	}
	return out, nil
}

// insertRows runs t's rows through its multi-row statements in power-of-two chunks.
func (s *SQLite) insertRows(ctx context.Context, tx *sql.Tx, t *table) error {
	args, width := t.Args, len(t.Cols)
	for _, n := range chunkSizes(t.Rows()) {
		if err := s.stmts.exec(ctx, tx, s.bulk[bulkKey{t.Name, n}], args[:n*width]...); err != nil {
			return fmt.Errorf("write %s: %w", t.Name, err)
		}
		args = args[n*width:]
	}
	return nil
}

// nameKey is the registry's search key of a name.
func nameKey(name string) string { return strings.ToLower(name) }
