package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
)

// Statements of the writer, all prepared at open (see writerQueries). A
// batch's articles are named by a JSON array of their seqs, read with
// json_each.
const (
	// linksSQL lists the entities the batch's articles named before.
	linksSQL = `SELECT article_seq, entity_id FROM article_entities WHERE article_seq IN (SELECT value FROM json_each(?))`
	// loadEntitiesSQL reads the registry entries of a JSON array of ids.
	loadEntitiesSQL = sqlstore.EntitySelect + ` WHERE id IN (SELECT value FROM json_each(?))`
	// renameEntitySQL gives an entity the name and type of a more recent article.
	renameEntitySQL = `UPDATE entities SET type = ?, name = ?, name_key = ? WHERE id = ?`
)

// deleteChildrenSQL removes the batch's articles' child rows, children before parents.
var deleteChildrenSQL = []string{
	`DELETE FROM events WHERE article_seq IN (SELECT value FROM json_each(?))`,
	`DELETE FROM quotes WHERE article_seq IN (SELECT value FROM json_each(?))`,
	`DELETE FROM article_entities WHERE article_seq IN (SELECT value FROM json_each(?))`,
	`DELETE FROM article_body_parts WHERE article_seq IN (SELECT value FROM json_each(?))`,
	`DELETE FROM article_record_parts WHERE article_seq IN (SELECT value FROM json_each(?))`,
}

// insertPartSQL stores a part of a body, insertRecordPartSQL of a stored
// record (see splitBody).
const (
	insertPartSQL       = `INSERT INTO article_body_parts (article_seq, part, text) VALUES (?, ?, ?)`
	insertRecordPartSQL = `INSERT INTO article_record_parts (article_seq, part, text) VALUES (?, ?, ?)`
)

// BodyPartBytes is the size of a body's parts, the first in the body
// column: a body up to it (and a rune) is stored whole. The first part
// holds what the full-text index does (IndexedBodyBytes).
const BodyPartBytes = IndexedBodyBytes

// splitBody cuts body (or a stored record) into parts of BodyPartBytes,
// each ending before the first rune that starts at or after it: the
// column's part (whole when short) and the rest. The parts are body's own
// bytes, not copies.
func splitBody(body string) (first string, rest []string) {
	cut := func(s string) int {
		if len(s) <= BodyPartBytes {
			return len(s)
		}
		i := BodyPartBytes
		for i < len(s) && !utf8.RuneStart(s[i]) {
			i++
		}
		return i
	}
	n := cut(body)
	first, body = body[:n], body[n:]
	for body != "" {
		n = cut(body)
		rest = append(rest, body[:n])
		body = body[n:]
	}
	return first, rest
}

// splitPieces is splitBody for a record in pieces (store.Encoded): the
// column's part joins the first pieces while they fit in BodyPartBytes,
// and the rest are the pieces' own bytes, each cut as splitBody cuts.
func splitPieces(pieces store.Encoded) (first string, rest []string) {
	i, n := 0, 0
	for ; i < len(pieces) && n+len(pieces[i]) <= BodyPartBytes; i++ {
		n += len(pieces[i])
	}
	first = strings.Join(pieces[:i], "")
	for _, p := range pieces[i:] {
		if p == "" {
			continue
		}
		head, more := splitBody(p)
		rest = append(append(rest, head), more...)
	}
	return first, rest
}

// articleUpsert names the multi-row statements that insert articles or
// replace every column of stored ones but their first stored_at, returning
// id and seq (kept on replacement).
var articleUpsert = sqlstore.TableSpec{Name: "articles", Cols: sqlstore.ArticleCols}

func upsertArticlesSQL(rows int) string {
	var set []string
	for _, c := range sqlstore.ArticleCols {
		if c != "id" && c != "stored_at" {
			set = append(set, c+" = excluded."+c)
		}
	}
	return sqlstore.InsertSQL("articles", sqlstore.ArticleCols, rows, "ON CONFLICT (id) DO UPDATE SET "+strings.Join(set, ", ")+" RETURNING id, seq")
}

// Registry writes: new entities are inserted; known ones get their seen
// times, aliases and article count updated in one multi-row UPDATE, which
// leaves the indexed name columns alone (renameEntitySQL changes those).
var (
	entityInsert = sqlstore.TableSpec{Name: "entities", Cols: []string{"id", "type", "name", "name_key", "aliases", "first_seen", "last_seen", "article_count"}}
	entityUpdate = sqlstore.TableSpec{Name: "entities_update", Cols: []string{"id", "aliases", "first_seen", "last_seen", "article_delta"}}
)

// updateEntitiesSQL updates rows registry entries from VALUES laid out as entityUpdate.
func updateEntitiesSQL(rows int) string {
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(entityUpdate.Cols)), ", ") + ")"
	return `UPDATE entities SET aliases = v.column2, first_seen = v.column3, last_seen = v.column4,
article_count = article_count + v.column5
FROM (VALUES ` + strings.TrimSuffix(strings.Repeat(tuple+", ", rows), ", ") + `) AS v
WHERE entities.id = v.column1`
}

// bulkQueries builds the text of every multi-row statement the writer can run.
func bulkQueries() map[sqlstore.BulkKey]string {
	out := map[sqlstore.BulkKey]string{}
	for _, size := range sqlstore.BulkSizes() {
		out[sqlstore.BulkKey{Spec: articleUpsert.Name, Rows: size}] = upsertArticlesSQL(size)
		out[sqlstore.BulkKey{Spec: entityInsert.Name, Rows: size}] = sqlstore.InsertSQL(entityInsert.Name, entityInsert.Cols, size, "")
		out[sqlstore.BulkKey{Spec: entityUpdate.Name, Rows: size}] = updateEntitiesSQL(size)
		for _, t := range sqlstore.ChildTables() {
			out[sqlstore.BulkKey{Spec: t.Name, Rows: size}] = sqlstore.InsertSQL(t.Name, t.Cols, size, "")
		}
	}
	ftsQueries(out)
	return out
}

// writerQueries lists every statement the writer runs, for preparing at open.
func writerQueries(bulk map[sqlstore.BulkKey]string) []string {
	qs := []string{linksSQL, loadEntitiesSQL, renameEntitySQL, oldTextSQL, insertPartSQL, insertRecordPartSQL}
	qs = append(qs, deleteChildrenSQL...)
	for _, q := range bulk {
		qs = append(qs, q)
	}
	return qs
}

// Upsert writes rec and its rows, replacing an earlier copy: the article row
// is updated in place (keeping its seq), its child rows deleted and inserted
// again, and the registry entries of its entities merged. The writes are
// atomic; concurrent Upserts share a transaction (sqlstore.Writer), and Upsert
// returns once the transaction holding rec has committed. When ctx ends first
// Upsert returns ctx's error, and rec may or may not be stored.
func (s *SQLite) Upsert(ctx context.Context, rec *events.EnrichedArticle) error {
	return s.UpsertEncoded(ctx, rec, nil)
}

// UpsertEncoded is Upsert with the record's stored JSON as the caller has it
// (store.EncodedUpserter): a large record's is stored in parts cut from
// enc, not encoded again.
func (s *SQLite) UpsertEncoded(ctx context.Context, rec *events.EnrichedArticle, enc store.Encoded) error {
	d, err := sqlstore.Decompose(rec, sqlstore.FormatTime(s.now()), enc)
	if err != nil {
		return fmt.Errorf("upsert: %w", err)
	}
	if body, ok := d.Article[sqlstore.BodyCol].(string); ok {
		d.Article[sqlstore.BodyCol], d.BodyParts = splitBody(body)
	}
	switch record := d.Article[sqlstore.RecordCol].(type) {
	case string:
		d.Article[sqlstore.RecordCol], d.RecordParts = splitBody(record)
	case store.Encoded:
		d.Article[sqlstore.RecordCol], d.RecordParts = splitPieces(record)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("upsert %s: %w", rec.ID, err)
	}
	return s.writer.Submit(ctx, sqlstore.NewWriteReq(ctx, rec.ID, d, store.SeenAt(rec)))
}

// writeArticles upserts the article rows of arts and returns their seqs by id.
func (s *SQLite) writeArticles(ctx context.Context, tx *sql.Tx, arts []*sqlstore.WriteReq) (map[string]int64, error) {
	t := &sqlstore.Table{TableSpec: articleUpsert}
	for _, a := range arts {
		t.Add(a.D.Article...)
	}
	seqs := make(map[string]int64, len(arts))
	args, width := t.Args, len(t.Cols)
	for _, n := range sqlstore.ChunkSizes(t.Rows()) {
		rows, err := s.stmts.query(ctx, tx, s.bulk[sqlstore.BulkKey{Spec: t.Name, Rows: n}], args[:n*width]...)
		err = sqlstore.EachRow(rows, err, func(rows *sql.Rows) error {
			var id string
			var seq int64
			err := rows.Scan(&id, &seq)
			seqs[id] = seq
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("write articles: %w", err)
		}
		args = args[n*width:]
	}
	return seqs, nil
}

// unlink deletes the child rows of the articles seqs (a JSON array) and
// returns their old entity links by seq.
func (s *SQLite) unlink(ctx context.Context, tx *sql.Tx, seqs string) (map[int64][]string, error) {
	links := map[int64][]string{}
	rows, err := s.stmts.query(ctx, tx, linksSQL, seqs)
	err = sqlstore.EachRow(rows, err, func(rows *sql.Rows) error {
		var seq int64
		var id string
		if err := rows.Scan(&seq, &id); err != nil {
			return err
		}
		links[seq] = append(links[seq], id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read old entity links: %w", err)
	}
	for _, q := range deleteChildrenSQL {
		if err := s.stmts.exec(ctx, tx, q, seqs); err != nil {
			return nil, fmt.Errorf("delete old rows: %w", err)
		}
	}
	return links, nil
}

// writeParts stores the body and record parts of arts, under seqs (their
// old parts deleted by unlink), one statement per part: SQLite copies a
// bound value and then the row it makes, so a statement costs twice its
// part.
func (s *SQLite) writeParts(ctx context.Context, tx *sql.Tx, arts []*sqlstore.WriteReq, seqs map[string]int64) error {
	for _, a := range arts {
		for i, p := range a.D.BodyParts {
			if err := s.stmts.exec(ctx, tx, insertPartSQL, seqs[a.ID], i+1, p); err != nil {
				return fmt.Errorf("write body part %d of %s: %w", i+1, a.ID, err)
			}
		}
		for i, p := range a.D.RecordParts {
			if err := s.stmts.exec(ctx, tx, insertRecordPartSQL, seqs[a.ID], i+1, p); err != nil {
				return fmt.Errorf("write record part %d of %s: %w", i+1, a.ID, err)
			}
		}
	}
	return nil
}

// loadRegistry reads the registry entries of the entities arts name now
// or named before (links).
func (s *SQLite) loadRegistry(ctx context.Context, tx *sql.Tx, arts []*sqlstore.WriteReq, links map[int64][]string) (map[string]*sqlstore.RegistryEntry, error) {
	ids := sqlstore.RegistryIDs(arts, links)
	if len(ids) == 0 {
		return map[string]*sqlstore.RegistryEntry{}, nil
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
	return sqlstore.ReadRegistry(rows)
}

// writeRegistry writes the entries of reg that changed: new ones inserted,
// known ones updated (renamed apart, which touches the name indexes).
func (s *SQLite) writeRegistry(ctx context.Context, tx *sql.Tx, reg map[string]*sqlstore.RegistryEntry) error {
	ins := &sqlstore.Table{TableSpec: entityInsert}
	upd := &sqlstore.Table{TableSpec: entityUpdate}
	for _, id := range sqlstore.SortedIDs(reg) {
		r := reg[id]
		if !r.Changed() {
			continue
		}
		aliases, err := json.Marshal(r.Cur.Aliases)
		if err != nil {
			return fmt.Errorf("encode aliases of %s: %w", id, err)
		}
		m := r.Cur
		if r.Old == nil {
			ins.Add(m.ID, m.Type, m.Name, sqlstore.NameKey(m.Name), string(aliases), sqlstore.FormatTime(m.FirstSeen), sqlstore.FormatTime(m.LastSeen), r.Delta)
			continue
		}
		upd.Add(m.ID, string(aliases), sqlstore.FormatTime(m.FirstSeen), sqlstore.FormatTime(m.LastSeen), r.Delta)
		if m.Name != r.Old.Name || m.Type != r.Old.Type {
			if err := s.stmts.exec(ctx, tx, renameEntitySQL, m.Type, m.Name, sqlstore.NameKey(m.Name), m.ID); err != nil {
				return fmt.Errorf("rename entity %s: %w", m.ID, err)
			}
		}
	}
	if err := s.insertRows(ctx, tx, ins); err != nil {
		return err
	}
	return s.insertRows(ctx, tx, upd)
}

// insertRows runs t's rows through its multi-row statements in power-of-two chunks.
func (s *SQLite) insertRows(ctx context.Context, tx *sql.Tx, t *sqlstore.Table) error {
	args, width := t.Args, len(t.Cols)
	for _, n := range sqlstore.ChunkSizes(t.Rows()) {
		if err := s.stmts.exec(ctx, tx, s.bulk[sqlstore.BulkKey{Spec: t.Name, Rows: n}], args[:n*width]...); err != nil {
			return fmt.Errorf("write %s: %w", t.Name, err)
		}
		args = args[n*width:]
	}
	return nil
}
