package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

func openInternal(t *testing.T) *SQLite {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestPragmas(t *testing.T) {
	s := openInternal(t)
	want := map[string][2]string{ // writer, reader
		"journal_mode": {"wal", "wal"},
		"synchronous":  {"1", "2"}, // NORMAL on the writer; readers never commit
		"foreign_keys": {"0", "1"}, // the writer keeps references itself
		"busy_timeout": {"10000", "10000"},
		"temp_store":   {"2", "2"},
		"query_only":   {"0", "1"},
	}
	for p, w := range want {
		for i, db := range []*sql.DB{s.write, s.read} {
			var got string
			if err := db.QueryRow("PRAGMA " + p).Scan(&got); err != nil {
				t.Fatalf("PRAGMA %s: %v", p, err)
			}
			if got != w[i] {
				t.Errorf("PRAGMA %s on the %s = %s, want %s", p, []string{"writer", "reader"}[i], got, w[i])
			}
		}
	}
}
