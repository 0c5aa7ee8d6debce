package postgres

import (
	"database/sql"
	"time"

	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
)

// dialect is PostgreSQL to the shared SQL core.
var dialect = sqlstore.Dialect{
	Name:       "postgres",
	Dollar:     true,
	TimeArg:    func(t time.Time) any { return t.UTC() },
	TextMatch:  `a.Search @@ ?::tsquery`,
	TextArg:    tsqueryOf,
	ExportTx:   sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
	JSONInts:   `SELECT value::integer FROM json_array_elements_text(%s::json)`,
	JSONLength: `json_array_length(%s::json)`,
	MigrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL
)`,
	// A transaction-level advisory lock (key: "tidings" in ASCII): replicas
	// starting at once queue on it.
	MigrationLock: `SELECT pg_advisory_xact_lock(32766977284925299)`,
}
