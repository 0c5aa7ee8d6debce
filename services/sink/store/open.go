package store

import (
	"context"
	"fmt"
	"strings"
)

// Open opens the store a URL names:
//
//	sqlite:///abs/path.db   an absolute path
//	sqlite://rel/path.db    a path relative to the working directory
//	path/to/file.db         a bare path, also SQLite
//	postgres://user:pass@host:5432/db?sslmode=disable   PostgreSQL (or postgresql://)
//
// Any other scheme is an error that names the schemes understood.
func Open(ctx context.Context, url string) (Store, error) {
	kind, path, err := ParseURL(url)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "sqlite":
		st, err := OpenSQLite(ctx, path)
		if err != nil {
			return nil, err
		}
		return st, nil
	case "postgres":
		st, err := OpenPostgres(ctx, path)
		if err != nil {
			return nil, err
		}
		return st, nil
	default:
		return nil, fmt.Errorf("store url %q: no %s store in this build", url, kind)
	}
}

// ParseURL splits a store URL into its kind ("sqlite", "postgres") and the
// rest: the file path for SQLite, the URL itself for PostgreSQL.
func ParseURL(url string) (kind, rest string, err error) {
	if strings.TrimSpace(url) == "" {
		return "", "", fmt.Errorf("store url is empty: want sqlite:///abs/path.db, sqlite://rel/path.db, a file path or postgres://…")
	}
	scheme, after, ok := strings.Cut(url, "://")
	if !ok {
		return "sqlite", url, nil
	}
	switch strings.ToLower(scheme) {
	case "sqlite", "sqlite3":
		if after == "" {
			return "", "", fmt.Errorf("store url %q: no file path after sqlite://", url)
		}
		return "sqlite", after, nil
	case "postgres", "postgresql":
		return "postgres", url, nil
	default:
		return "", "", fmt.Errorf("store url %q: unknown scheme %q (want sqlite://path, a file path or postgres://…)", url, scheme)
	}
}
