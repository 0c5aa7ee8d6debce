// Package store keeps enriched articles: the relational model the read API
// queries (articles, the entity registry, mentions, quotes, events and their
// participants) plus the full record of each article for faithful export.
//
// Store is the contract; SQLite (modernc.org/sqlite, pure Go) implements it
// and a PostgreSQL implementation can be added behind the same interface. The
// conformance suite in package storetest checks any implementation.
//
// The decomposition of a record into rows (rows.go) and the registry merge
// rules (registry.go) are free of any database, so every SQL implementation
// shares them.
package store
