// Package sqlitetest opens SQLite stores for tests.
package sqlitetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tidings-news/tidings/services/sink/store/sqlite"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

// Open is a new SQLite store in a temporary folder, closed when tb ends (a
// failure to close fails tb).
func Open(tb testing.TB) *sqlite.SQLite {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "tidings.db"))
	if err != nil {
		tb.Fatalf("open a SQLite store: %v", err)
	}
	return storetest.Closing(tb, st)
}
