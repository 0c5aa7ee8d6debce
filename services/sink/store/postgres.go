package store

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

	queue     chan *writeReq // unbuffered: a request is either taken or its Upsert returns
	closing   chan struct{}
	writers   sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
	retries   atomic.Int64 // batches written again after a conflict (writeWithRetry)
	sqlReads
}

var (
	_ Store  = (*Postgres)(nil)
	_ Reader = (*Postgres)(nil)
)

// OpenPostgres connects to the database rawURL names (postgres://… or
// postgresql://…, any libpq parameter or pgxpool's pool_max_conns in its
// query) and applies the migrations it lacks, under an advisory lock so
// that replicas starting together migrate once.
func OpenPostgres(ctx context.Context, rawURL string) (*Postgres, error) {
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
	p := &Postgres{url: safe, pool: pool, now: time.Now, sql: newPGStatements(),
		queue: make(chan *writeReq), closing: make(chan struct{})}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: %w", safe, err)
	}
	if err := p.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: %w", safe, err)
	}
	p.db = stdlib.OpenDBFromPool(pool)
	p.sqlReads = sqlReads{db: p.db, d: postgresDialect}
	for range pgWriters {
		p.writers.Add(1)
		go p.writeLoop()
	}
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

// Ping checks that the database answers and is migrated.
func (p *Postgres) Ping(ctx context.Context) error {
	var n int
	if err := p.pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		return fmt.Errorf("ping postgres %s: %w", p.url, err)
	}
	if n == 0 {
		return fmt.Errorf("ping postgres %s: no migrations applied", p.url)
	}
	return nil
}

// Close stops the writers once their current batches are committed, then
// closes the pool. Upserts waiting for a writer fail; later calls to Close
// return the first one's result.
func (p *Postgres) Close() error {
	p.closeOnce.Do(func() {
		close(p.closing)
		p.writers.Wait()
		err := p.db.Close()
		p.pool.Close()
		if err != nil && !errors.Is(err, sql.ErrConnDone) {
			p.closeErr = fmt.Errorf("close postgres %s: %w", p.url, err)
		}
	})
	return p.closeErr
}
