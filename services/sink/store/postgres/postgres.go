// Package postgres is the production store: PostgreSQL through a pgx
// pool. It registers the schemes postgres and postgresql with package store.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
)

// defaultPGConns is the pool size when the URL sets no pool_max_conns: enough
// connections for the sink's concurrent upserts to keep a server busy.
const defaultPGConns = 8

// Postgres is the Store on a PostgreSQL database, through a pgx connection
// pool. Upserts go through a few writer goroutines that commit the
// upserts waiting at the moment together (group commit), each batch in one
// transaction of two pipelined round trips with set-based statements; a
// batch that fails is retried one article per transaction. Reads go
// through the same pool.
type Postgres struct {
	url  string // with any password removed, for messages
	pool *pgxpool.Pool
	db   *sql.DB // database/sql view of pool, for the shared read queries
	now  func() time.Time
	sql  *pgStatements

	writer    *sqlstore.Writer
	closeOnce sync.Once
	closeErr  error
	retries   atomic.Int64 // batches written again after a conflict (writeWithRetry)
	sqlstore.Reads
	sqlstore.Subscriptions
}

var _ store.Store = (*Postgres)(nil)

func init() {
	store.Register("postgres", func(ctx context.Context, url string) (store.Store, error) { return Open(ctx, url) })
	store.Register("postgresql", func(ctx context.Context, url string) (store.Store, error) { return Open(ctx, url) })
}

// Open connects to the database rawURL names (postgres://… or
// postgresql://…, any libpq parameter or pgxpool's pool_max_conns in its
// query) and applies the migrations it lacks, under an advisory lock so
// that replicas starting together migrate once.
func Open(ctx context.Context, rawURL string) (*Postgres, error) {
	safe := redactURL(rawURL)
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", safe, err)
	}
	if u, err := url.Parse(rawURL); err == nil && !u.Query().Has("pool_max_conns") {
		cfg.MaxConns = defaultPGConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", safe, err)
	}
	p := &Postgres{url: safe, pool: pool, now: time.Now, sql: newPGStatements()}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: %w", safe, err)
	}
	p.db = stdlib.OpenDBFromPool(pool)
	if err := sqlstore.Migrate(ctx, p.db, dialect, migrations, "migrations", p.now().UTC()); err != nil {
		_ = p.db.Close()
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: %w", safe, err)
	}
	p.Reads = sqlstore.NewReads(p.db, dialect, safe)
	p.Subscriptions = sqlstore.NewSubscriptions(p.db, p.db, dialect)
	p.writer = sqlstore.NewWriter(pgWriters, p.writeWithRetry)
	return p, nil
}

// redactURL hides the password of a connection URL.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable postgres url)"
	}
	return u.Redacted()
}

// Close stops the writers once their current batches are committed, then
// closes the pool. Upserts waiting for a writer fail; later calls to Close
// return the first one's result.
func (p *Postgres) Close() error {
	p.closeOnce.Do(func() {
		p.writer.Close()
		err := p.db.Close()
		p.pool.Close()
		if err != nil && !errors.Is(err, sql.ErrConnDone) {
			p.closeErr = fmt.Errorf("close postgres %s: %w", p.url, err)
		}
	})
	return p.closeErr
}
