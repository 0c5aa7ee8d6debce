// Package store is the contract of the sink's stores and their registry:
// Store (writes, export) and Reader (the read API's queries), and Open,
// which picks a store by the scheme of its URL among those registered
// (kine's driver registry). Each store is a package that registers itself
// from its init; a program imports the ones it offers:
//
//	import _ "github.com/tidings-news/tidings/services/sink/store/sqlite"   // sqlite://, sqlite3://, a bare path
//	import _ "github.com/tidings-news/tidings/services/sink/store/postgres" // postgres://, postgresql://
//
// The SQL both share (rows, reads, the dialect as data, group commit, the
// migration runner) is package sqlstore. The conformance suite in package
// storetest checks any implementation, and package pgtest gives tests a
// PostgreSQL.
package store
