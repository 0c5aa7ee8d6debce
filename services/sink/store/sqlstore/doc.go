// Package sqlstore is what the SQL stores share, written once: a record
// decomposed into table rows (rows.go) and the registry merge rules
// (registry.go, batch_merge.go), free of any database; the read queries of
// the API on database/sql (sql_*.go), told apart only by a Dialect, which is
// data; the group commit every store writes through (Writer); and the
// migration runner (Migrate). A store package adds its schema, its dialect
// and how it writes one batch.
package sqlstore
