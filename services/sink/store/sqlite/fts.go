package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
)

// The full-text index (articles_fts, external content on articles) is
// written by the writer at the end of each batch: see sqlstore.Migration 0002.
var (
	ftsDeleteSpec = sqlstore.TableSpec{Name: "articles_fts_delete", Cols: []string{"articles_fts", "rowid", "title", "body"}}
	ftsInsertSpec = sqlstore.TableSpec{Name: "articles_fts_insert", Cols: []string{"rowid", "title", "body"}}
	// oldTextSQL reads the indexed text of the articles of a JSON array of ids.
	oldTextSQL = `SELECT id, seq, title, CAST(substr(CAST(body AS BLOB), 1, 1048576) AS TEXT) FROM articles WHERE id IN (SELECT value FROM json_each(?))`
)

// IndexedBodyBytes is how much of a body the full-text index holds: its
// first MiB, in bytes (as oldTextSQL and the delete trigger of migration
// 0007 cut it). Indexing a 20 MB body whole took some 70 MB of SQLite's
// memory; a MiB is some 170,000 words, what the enricher extracts.
const IndexedBodyBytes = 1 << 20

// indexed is the part of a body value the index holds.
func indexed(body any) any {
	if s, ok := body.(string); ok && len(s) > IndexedBodyBytes {
		return s[:IndexedBodyBytes]
	}
	return body
}

// ftsQueries builds the multi-row statements of the index, keyed as bulkQueries.
func ftsQueries(out map[sqlstore.BulkKey]string) {
	for _, size := range sqlstore.BulkSizes() {
		out[sqlstore.BulkKey{Spec: ftsDeleteSpec.Name, Rows: size}] = sqlstore.InsertSQL("articles_fts", ftsDeleteSpec.Cols, size, "")
		out[sqlstore.BulkKey{Spec: ftsInsertSpec.Name, Rows: size}] = sqlstore.InsertSQL("articles_fts", ftsInsertSpec.Cols, size, "")
	}
}

// indexedText is the text the index holds for an article.
type indexedText struct {
	seq         int64
	title, body any
}

// oldTexts reads the indexed text of the batch's articles stored before it.
func (s *SQLite) oldTexts(ctx context.Context, tx *sql.Tx, batch []*sqlstore.WriteReq) (map[string]indexedText, error) {
	ids := make([]string, len(batch))
	for i, r := range batch {
		ids[i] = r.ID
	}
	arg, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("encode ids: %w", err)
	}
	out := map[string]indexedText{}
	rows, err := s.stmts.query(ctx, tx, oldTextSQL, string(arg))
	err = sqlstore.EachRow(rows, err, func(rows *sql.Rows) error {
		var id string
		var t indexedText
		var title sql.NullString
		var body string
		if err := rows.Scan(&id, &t.seq, &title, &body); err != nil {
			return err
		}
		if title.Valid {
			t.title = title.String
		}
		t.body = body
		out[id] = t
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read indexed text: %w", err)
	}
	return out, nil
}

// indexBatch brings the index up to date with arts (distinct ids, stored
// under seqs): the old text of a replaced article out, the new in, and
// nothing for an article whose title and body did not change.
func (s *SQLite) indexBatch(ctx context.Context, tx *sql.Tx, arts []*sqlstore.WriteReq, seqs map[string]int64, old map[string]indexedText) error {
	del := &sqlstore.Table{TableSpec: ftsDeleteSpec}
	ins := &sqlstore.Table{TableSpec: ftsInsertSpec}
	for _, r := range arts {
		title, body := r.D.Article[sqlstore.TitleCol], indexed(r.D.Article[sqlstore.BodyCol])
		if o, ok := old[r.ID]; ok {
			if o.title == title && o.body == body {
				continue
			}
			del.Add("delete", o.seq, o.title, o.body)
		}
		ins.Add(seqs[r.ID], title, body)
	}
	if err := s.insertRows(ctx, tx, del); err != nil {
		return fmt.Errorf("full-text index: %w", err)
	}
	if err := s.insertRows(ctx, tx, ins); err != nil {
		return fmt.Errorf("full-text index: %w", err)
	}
	return nil
}
