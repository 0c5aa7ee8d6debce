// Package duckdb checks that the Parquet files of `tidings export` open in
// DuckDB. It is a module of its own so that only this test links DuckDB
// (through its Go module, which needs cgo): the services, the tidings
// binary and their scratch images never do.
package duckdb
