package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migration is one versioned schema change, read from a file named
// NNNN_name.sql.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations reads the migrations in dir of fsys, sorted by version.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations %s: %w", dir, err)
	}
	var out []Migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: want a name like 0001_name.sql", e.Name())
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", prev, e.Name(), v)
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read Migration %s: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// pendingMigrations returns the migrations not in applied, or an error when
// applied holds a version this binary does not know (a database written by a
// newer Tidings).
func pendingMigrations(all []Migration, applied map[int]bool) ([]Migration, error) {
	known := map[int]bool{}
	var pending []Migration
	for _, m := range all {
		known[m.Version] = true
		if !applied[m.Version] {
			pending = append(pending, m)
		}
	}
	for v := range applied {
		if !known[v] {
			return nil, fmt.Errorf("database has schema Migration %d, which this binary does not know (written by a newer version?)", v)
		}
	}
	return pending, nil
}

// Migrate applies the migrations in dir of fsys that the database lacks,
// all in one transaction that records each in schema_migrations, at now. A
// database that is up to date is only read (SQLite: no write lock beside a
// running writer). Otherwise the transaction first takes d.MigrationLock,
// so that processes starting together migrate once: each one after the
// first finds nothing left to do. A database holding a migration this
// binary does not know (written by a newer one) is refused.
func Migrate(ctx context.Context, db *sql.DB, d Dialect, fsys fs.FS, dir string, now time.Time) error {
	all, err := LoadMigrations(fsys, dir)
	if err != nil {
		return err
	}
	if applied, err := appliedMigrations(ctx, db); err == nil {
		pending, err := pendingMigrations(all, applied)
		if err != nil || len(pending) == 0 {
			return err
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if d.MigrationLock != "" {
		if _, err := tx.ExecContext(ctx, d.MigrationLock); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, d.MigrationsTable); err != nil {
		return fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	applied, err := appliedMigrations(ctx, tx)
	if err != nil {
		return err
	}
	pending, err := pendingMigrations(all, applied)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("migrate: apply %04d_%s: %w", m.Version, m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, d.Bind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
			m.Version, m.Name, d.TimeArg(now)); err != nil {
			return fmt.Errorf("migrate: record %04d_%s: %w", m.Version, m.Name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

// querier is what appliedMigrations reads through: a pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// appliedMigrations reads the versions recorded in schema_migrations; it
// fails when the table is not there yet.
func appliedMigrations(ctx context.Context, q querier) (map[int]bool, error) {
	out := map[int]bool{}
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	err = EachRow(rows, err, func(rows *sql.Rows) error {
		var v int
		err := rows.Scan(&v)
		out[v] = true
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	return out, nil
}
