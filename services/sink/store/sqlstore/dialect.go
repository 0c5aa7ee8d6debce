package sqlstore

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Dialect is what the SQL written once here (with ? placeholders) needs to
// know of a database: data, not code paths. Each store package declares its
// own.
type Dialect struct {
	Name string
	// Dollar: placeholders are $1, $2, … rather than ?.
	Dollar bool
	// TimeArg renders a time as the database stores and compares it.
	TimeArg func(time.Time) any
	// TextMatch is a condition on articles (alias a) with one placeholder,
	// bound to TextArg(q), true for the articles matching the text search q.
	TextMatch string
	TextArg   func(q string) string
	// Body is the expression of an article's whole body in a query on
	// articles (unaliased): "body" when the column holds it whole.
	Body string
	// Record is the expression of an article's whole stored record,
	// likewise: "record" when the column holds it whole.
	Record string
	// ExportTx are the options of the snapshot Export reads in.
	ExportTx sql.TxOptions
	// JSONInts is a subquery of the numbers of a JSON array held in a text
	// column (fmt verb: the column).
	JSONInts string
	// JSONLength is the length of a JSON array held in a text column
	// (fmt verb: the column).
	JSONLength string
	// MigrationsTable creates schema_migrations (version, name, applied_at)
	// when it is missing.
	MigrationsTable string
	// MigrationLock, when set, is run first in the Migration transaction to
	// serialize migrating processes (SQLite's BEGIN IMMEDIATE needs none).
	MigrationLock string
}

// body is d's expression of an article's whole body.
func (d Dialect) body() string {
	if d.Body == "" {
		return "body"
	}
	return d.Body
}

// record is d's expression of an article's whole stored record.
func (d Dialect) record() string {
	if d.Record == "" {
		return "record"
	}
	return d.Record
}

// Bind rewrites the ? placeholders of query for the Dialect.
func (d Dialect) Bind(query string) string {
	if !d.Dollar {
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
