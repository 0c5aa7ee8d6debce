package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
)

// sqliteMigrations holds the SQLite schema, one file per version.
//
//go:embed migrations/sqlite/*.sql
var sqliteMigrations embed.FS

const createMigrationsTableSQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)`

// migrate applies the migrations the database lacks, all in one IMMEDIATE
// transaction, recording each in schema_migrations. A database that is up to
// date is only read, so opening it beside a running writer takes no write lock.
func (s *SQLite) migrate(ctx context.Context) error {
	all, err := loadMigrations(sqliteMigrations, "migrations/sqlite")
	if err != nil {
		return err
	}
	applied, err := appliedMigrations(ctx, s.write)
	if err != nil {
		return err
	}
	pending, err := pendingMigrations(all, applied)
	if err != nil || len(pending) == 0 {
		return err
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, createMigrationsTableSQL); err != nil {
		return fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	// Another process may have migrated between the check and the lock.
	if applied, err = appliedMigrations(ctx, tx); err != nil {
		return err
	}
	if pending, err = pendingMigrations(all, applied); err != nil {
		return err
	}
	for _, m := range pending {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("migrate: apply %04d_%s: %w", m.Version, m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.Version, m.Name, formatTime(s.now())); err != nil {
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
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// appliedMigrations reads the versions recorded in schema_migrations (none
// when the table does not exist yet).
func appliedMigrations(ctx context.Context, q querier) (map[int]bool, error) {
	out := map[int]bool{}
	var exists int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema
WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&exists); err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	if exists == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		out[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	return out, nil
}
