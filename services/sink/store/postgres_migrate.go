package store

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// postgresMigrations holds the PostgreSQL schema, one file per version.
//
//go:embed migrations/postgres/*.sql
var postgresMigrations embed.FS

// migrationLockKey is the advisory lock migrations hold (an arbitrary
// constant: "tidings" in ASCII).
const migrationLockKey int64 = 0x74696469_6e6773

const createPGMigrationsTableSQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL
)`

// migrate applies the migrations the database lacks in one transaction that
// holds a transaction-level advisory lock: replicas starting at once queue
// on the lock, and each one after the first finds nothing left to do.
func (p *Postgres) migrate(ctx context.Context) error {
	all, err := loadMigrations(postgresMigrations, "migrations/postgres")
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLockKey); err != nil {
			return fmt.Errorf("migrate: advisory lock: %w", err)
		}
		if _, err := tx.Exec(ctx, createPGMigrationsTableSQL); err != nil {
			return fmt.Errorf("migrate: create schema_migrations: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return fmt.Errorf("migrate: read schema_migrations: %w", err)
		}
		versions, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			return fmt.Errorf("migrate: read schema_migrations: %w", err)
		}
		applied := make(map[int]bool, len(versions))
		for _, v := range versions {
			applied[v] = true
		}
		pending, err := pendingMigrations(all, applied)
		if err != nil {
			return err
		}
		for _, m := range pending {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migrate: apply %04d_%s: %w", m.Version, m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, p.now().UTC()); err != nil {
				return fmt.Errorf("migrate: record %04d_%s: %w", m.Version, m.Name, err)
			}
		}
		return nil
	})
}
