package sqlite

import (
	"database/sql"
	"strings"
	"time"

	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
)

// dialect is SQLite to the shared SQL core.
var dialect = sqlstore.Dialect{
	Name:      "sqlite",
	TimeArg:   func(t time.Time) any { return sqlstore.FormatTime(t) },
	TextMatch: `a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)`,
	TextArg:   ftsQuery,
	ExportTx:  sql.TxOptions{ReadOnly: true},
	// A body over a MiB continues in article_body_parts (migration 0008).
	Body: `body || coalesce((SELECT group_concat(p.text, '' ORDER BY p.part) FROM article_body_parts p WHERE p.article_seq = articles.seq), '')`,
	// A record over a MiB continues in article_record_parts (migration 0009).
	Record:     `record || coalesce((SELECT group_concat(p.text, '' ORDER BY p.part) FROM article_record_parts p WHERE p.article_seq = articles.seq), '')`,
	JSONInts:   `SELECT value FROM json_each(%s)`,
	JSONLength: `json_array_length(%s)`,
	MigrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)`,
}

// ftsQuery turns free text into an FTS5 query that cannot be a syntax
// error: its words by the index's own rule (runs of letters and digits, so
// no quote, operator or NUL byte reaches FTS5's parser), each a quoted
// string, all of them required. Text without words gives "".
func ftsQuery(q string) string {
	words := sqlstore.SearchWords(q)
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	return strings.Join(words, " ")
}
