// Package store keeps enriched articles: the relational model the read API
// queries (articles, the entity registry, mentions, quotes, events and their
// participants) plus the full record of each article for faithful export.
//
// Store is the contract, Reader its query side. SQLite (modernc.org/sqlite,
// pure Go, the embedded default) and PostgreSQL (pgx, pooled) implement
// both; Open picks one by URL. The conformance suite in package storetest
// checks any implementation, and package pgtest gives tests a PostgreSQL.
//
// Both stores group-commit: concurrent Upserts are written together, one
// transaction per batch, with multi-row statements (batch_merge.go holds the
// registry merge they share). The decomposition of a record into rows
// (rows.go) and the registry merge rules (registry.go) are free of any
// database; the read queries (sql_*.go) are shared too, through a dialect.
package store
