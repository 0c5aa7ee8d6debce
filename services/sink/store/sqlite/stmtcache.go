package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// stmtCache holds every statement the writer runs, prepared once at open:
// SQLite then compiles each statement once instead of on every Upsert.
// Preparing up front matters with a one-connection pool: preparing lazily
// inside a transaction would wait for the connection the transaction holds.
// The map is read-only after newStmtCache.
type stmtCache struct {
	m map[string]*sql.Stmt
}

// newStmtCache prepares queries on db.
func newStmtCache(ctx context.Context, db *sql.DB, queries []string) (*stmtCache, error) {
	c := &stmtCache{m: make(map[string]*sql.Stmt, len(queries))}
	for _, q := range queries {
		if _, ok := c.m[q]; ok {
			continue
		}
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			_ = c.close()
			return nil, fmt.Errorf("prepare %.80q: %w", q, err)
		}
		c.m[q] = st
	}
	return c, nil
}

// stmt returns query's statement bound to tx.
func (c *stmtCache) stmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	st, ok := c.m[query]
	if !ok {
		return nil, fmt.Errorf("statement not prepared: %.80q", query)
	}
	return tx.StmtContext(ctx, st), nil
}

// exec runs query with args inside tx.
func (c *stmtCache) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	st, err := c.stmt(ctx, tx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// query runs query with args inside tx.
func (c *stmtCache) query(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmtCache) close() error {
	var errs []error
	for _, st := range c.m {
		errs = append(errs, st.Close())
	}
	return errors.Join(errs...)
}
