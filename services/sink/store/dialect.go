package store

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dialect is what the read queries shared by SQLite and PostgreSQL (written
// with ? placeholders) need to know of each database.
type dialect struct {
	name string
	// dollar: placeholders are $1, $2, … rather than ?.
	dollar bool
	// timeArg renders a time as the database compares it.
	timeArg func(time.Time) any
	// textMatch is a condition on articles (alias a) with one placeholder,
	// bound to textArg(q), true for the articles matching the text search q.
	textMatch string
	textArg   func(q string) string
	// exportTx are the options of the snapshot Export reads in.
	exportTx sql.TxOptions
	// jsonInts is a subquery of the numbers of a JSON array held in a text
	// column (fmt verb: the column).
	jsonInts string
	// jsonLength is the length of a JSON array held in a text column
	// (fmt verb: the column).
	jsonLength string
}

var sqliteDialect = dialect{
	name:       "sqlite",
	timeArg:    func(t time.Time) any { return formatTime(t) },
	textMatch:  `a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)`,
	textArg:    ftsQuery,
	exportTx:   sql.TxOptions{ReadOnly: true},
	jsonInts:   `SELECT value FROM json_each(%s)`,
	jsonLength: `json_array_length(%s)`,
}

var postgresDialect = dialect{
	name:       "postgres",
	dollar:     true,
	timeArg:    func(t time.Time) any { return t.UTC() },
	textMatch:  `a.search @@ ?::tsquery`,
	textArg:    tsqueryOf,
	exportTx:   sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
	jsonInts:   `SELECT value::integer FROM json_array_elements_text(%s::json)`,
	jsonLength: `json_array_length(%s::json)`,
}

// bind rewrites the ? placeholders of query for the dialect.
func (d dialect) bind(query string) string {
	if !d.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ftsQuery turns free text into an FTS5 query that cannot be a syntax
// error: its words by the index's own rule (runs of letters and digits, so
// no quote, operator or NUL byte reaches FTS5's parser), each a quoted
// string, all of them required. Text without words gives "".
func ftsQuery(q string) string {
	words := searchWords(q)
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	return strings.Join(words, " ")
}

// toTime reads a stored time: a time.Time from PostgreSQL, text from SQLite.
func toTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t.UTC(), nil
	case string:
		return parseTime(t)
	case []byte:
		return parseTime(string(t))
	case nil:
		return time.Time{}, nil
	default:
		return time.Time{}, fmt.Errorf("stored time of unexpected type %T", v)
	}
}
