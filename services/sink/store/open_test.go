package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/services/sink/store"
	_ "github.com/tidings-news/tidings/services/sink/store/postgres"
	_ "github.com/tidings-news/tidings/services/sink/store/sqlite"
)

// A store URL names its store by scheme (a bare path is a SQLite file),
// and each store package takes the rest.
func TestOpenURLByScheme(t *testing.T) {
	cases := []struct {
		url, kind, err string
	}{
		{url: "sqlite:///var/lib/tidings/t.db", kind: "sqlite"},
		{url: "sqlite://./data/tidings.db", kind: "sqlite"},
		{url: "sqlite://data/t.db", kind: "sqlite"},
		{url: "SQLITE3://t.db", kind: "sqlite"},
		{url: "/tmp/t.db", kind: "sqlite"},
		{url: "t.db", kind: "sqlite"},
		{url: "postgres://u@h/db?sslmode=disable", kind: "postgres"},
		{url: "mysql://h/db", err: `unknown scheme "mysql"`},
		{url: "sqlite://", err: "no file path"},
		{url: " ", err: "empty"},
	}
	for _, c := range cases {
		kind, err := store.Scheme(c.url)
		if c.err != "" {
			if err == nil {
				_, err = store.Open(context.Background(), c.url)
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Open(%q) error %v, want one containing %q", c.url, err, c.err)
			}
			continue
		}
		if err != nil || strings.TrimSuffix(kind, "3") != c.kind {
			t.Errorf("Scheme(%q) = %q, %v; want %q", c.url, kind, err, c.kind)
		}
	}
	// What follows the scheme is the file path SQLite opens.
	dir := t.TempDir()
	t.Chdir(dir)
	for url, path := range map[string]string{"sqlite://./data/a.db": "data/a.db", "SQLITE3://b.db": "b.db",
		"sqlite://" + filepath.Join(dir, "c.db"): "c.db", "d.db": "d.db"} {
		st, err := store.Open(context.Background(), url)
		if err != nil {
			t.Fatalf("Open(%q): %v", url, err)
		}
		if got, want := st.Location(), filepath.Join(dir, path); got != want {
			t.Errorf("Open(%q) opened %s, want %s", url, got, want)
		}
		_ = st.Close()
	}
}

func TestOpenUnsupported(t *testing.T) {
	ctx := context.Background()
	for url, want := range map[string]string{
		"postgres://localhost:1/tidings?connect_timeout=2": "open postgres postgres://localhost:1/tidings",
		"redis://localhost": `unknown scheme "redis"`,
		"sqlite://:memory:": "in-memory databases are not supported",
	} {
		if st, err := store.Open(ctx, url); err == nil || !strings.Contains(err.Error(), want) {
			if st != nil {
				_ = st.Close()
			}
			t.Errorf("Open(%q) error %v, want one containing %q", url, err, want)
		}
	}
}
