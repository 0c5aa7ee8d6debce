package postgres

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
)

// Statements of the PostgreSQL writer; $1 is the array of the batch's
// article ids wherever it appears. The seqs of those articles are read
// into an array first (ARRAY(SELECT …)), so that even a generic plan of a
// prepared statement looks the child rows up by index.
const (
	pgBatchSeqs = `ARRAY(SELECT seq FROM articles WHERE id = ANY($1::text[]))`
	// pgLockEntitiesSQL locks, in id order, the registry entries of an
	// array of ids that exist, and reads them.
	pgLockEntitiesSQL = sqlstore.EntitySelect + ` WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`
	// pgDeleteLinksSQL deletes the batch's articles' old entity links and returns them.
	pgDeleteLinksSQL = `DELETE FROM article_entities WHERE article_seq = ANY(` + pgBatchSeqs + `) RETURNING article_seq, entity_id`
)

// pgDeleteChildrenSQL delete the batch's articles' other child rows.
var pgDeleteChildrenSQL = []string{
	`DELETE FROM events WHERE article_seq = ANY(` + pgBatchSeqs + `)`,
	`DELETE FROM quotes WHERE article_seq = ANY(` + pgBatchSeqs + `)`,
}

// pgArticleCols are the columns of an article row: sqlstore.ArticleCols and the
// words of the full-text index (search.go).
var pgArticleCols = append(append([]string{}, sqlstore.ArticleCols...), "search")

// pgEntityCols are the columns of a registry row, inserted or updated.
var pgEntityCols = []string{"id", "type", "name", "name_key", "aliases", "first_seen", "last_seen", "article_count"}

// pgStatements holds the text of every multi-row statement the writer
// runs, built once (pgx prepares and caches each per connection).
type pgStatements struct {
	upsertArticles map[int]string
	insertEntities map[int]string
	updateEntities map[int]string
	children       map[sqlstore.BulkKey]string
}

func newPGStatements() *pgStatements {
	s := &pgStatements{upsertArticles: map[int]string{}, insertEntities: map[int]string{},
		updateEntities: map[int]string{}, children: map[sqlstore.BulkKey]string{}}
	var set []string
	for _, c := range pgArticleCols {
		if c != "id" && c != "stored_at" {
			set = append(set, c+" = excluded."+c)
		}
	}
	for _, n := range sqlstore.BulkSizes() {
		s.upsertArticles[n] = pgInsertSQL("articles", pgArticleCols, n,
			"ON CONFLICT (id) DO UPDATE SET "+strings.Join(set, ", ")+" RETURNING id, seq")
		s.insertEntities[n] = pgInsertSQL("entities", pgEntityCols, n, "")
		s.updateEntities[n] = pgUpdateEntitiesSQL(n)
		for _, t := range sqlstore.ChildTables() {
			s.children[sqlstore.BulkKey{Spec: t.Name, Rows: n}] = pgInsertSQL(t.Name, t.Cols, n, "")
		}
	}
	return s
}

// pgInsertSQL is a multi-row INSERT of rows rows into table with $n
// placeholders, followed by suffix.
func pgInsertSQL(table string, cols []string, rows int, suffix string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	n := 0
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			n++
			b.WriteString("$" + strconv.Itoa(n))
		}
		b.WriteString(")")
	}
	if suffix != "" {
		b.WriteString(" " + suffix)
	}
	return b.String()
}

// pgUpdateEntitiesSQL updates rows registry entries from VALUES laid out as
// pgEntityCols, the last column an article-count delta.
func pgUpdateEntitiesSQL(rows int) string {
	var b strings.Builder
	b.WriteString(`UPDATE entities SET type = v.type, name = v.name, name_key = v.name_key, aliases = v.aliases,
first_seen = v.first_seen, last_seen = v.last_seen, article_count = entities.article_count + v.delta FROM (VALUES `)
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		k := r * 8
		fmt.Fprintf(&b, "($%d::text, $%d::text, $%d::text, $%d::text, $%d::jsonb, $%d::timestamptz, $%d::timestamptz, $%d::integer)",
			k+1, k+2, k+3, k+4, k+5, k+6, k+7, k+8)
	}
	b.WriteString(`) AS v (id, type, name, name_key, aliases, first_seen, last_seen, delta) WHERE entities.id = v.id`)
	return b.String()
}
