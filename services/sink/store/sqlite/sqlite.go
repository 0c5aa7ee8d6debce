// Package sqlite is the embedded store: a SQLite file (modernc.org/sqlite,
// pure Go) in WAL mode. It registers the schemes sqlite and sqlite3 (and
// bare paths) with package store.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// busyTimeout is how long a statement waits for another connection's (or
// process's) lock before failing with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// writerCacheKiB is the page cache of the writer connection. The default
// (2 MiB) makes a busy writer spill dirty pages and re-read index pages.
const writerCacheKiB = 32 << 10

// checkpointEvery is how often the checkpointer copies the pages the writer
// committed to the write-ahead log back into the database file.
const checkpointEvery = 100 * time.Millisecond

// writerAutoCheckpoint (pages, 32 MiB) is when the writer checkpoints
// itself. Under a steady stream of writes the log is never wholly copied
// between two commits, so only the writer's own checkpoint lets it restart
// the log; by then the checkpointer has copied all but the last frames.
const writerAutoCheckpoint = 8192

// SQLite is the Store on a SQLite file in WAL mode. SQLite has one writer at
// a time, so writes go through one writer on one connection (sqlstore.Writer),
// which commits concurrent Upserts together; its transactions begin
// IMMEDIATE, so that another process writing the same file makes them wait
// under busy_timeout instead of failing. Reads use a pool of read-only
// connections, which WAL lets run beside the writer: a `tidings export` can
// read while `tidings up` writes. A third connection checkpoints the
// write-ahead log in the background (checkpointLoop), off the writer's path.
type SQLite struct {
	path       string
	write      *sql.DB
	read       *sql.DB
	checkpoint *sql.DB
	stmts      *stmtCache
	bulk       map[sqlstore.BulkKey]string
	now        func() time.Time

	writer                 *sqlstore.Writer
	closing                chan struct{}
	committed              atomic.Bool   // the writer committed since the last checkpoint
	ckptDone               chan struct{} // closed when checkpointLoop returns
	closeOnce              sync.Once
	closeErr               error
	sqlstore.Reads         // queries on the read pool
	sqlstore.Subscriptions // webhook subscriptions: read pool, writer connection
}

var _ store.Store = (*SQLite)(nil)

func init() {
	open := func(ctx context.Context, url string) (store.Store, error) {
		path, err := Path(url)
		if err != nil {
			return nil, err
		}
		return Open(ctx, path)
	}
	store.Register("sqlite", open)
	store.Register("sqlite3", open)
}

// Path is the database file a store URL names: what follows sqlite:// (or
// sqlite3://), or the URL itself when it is a bare path.
func Path(url string) (string, error) {
	scheme, path, ok := strings.Cut(url, "://")
	if !ok {
		return url, nil
	}
	if s := strings.ToLower(scheme); s != "sqlite" && s != "sqlite3" {
		return "", fmt.Errorf("store url %q: not a sqlite url", url)
	}
	if path == "" {
		return "", fmt.Errorf("store url %q: no file path after the scheme", url)
	}
	return path, nil
}

// Open opens (creating it and its directory when missing) the SQLite
// database at path and applies the migrations it lacks.
func Open(ctx context.Context, path string) (*SQLite, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file::memory:") {
		return nil, fmt.Errorf("open sqlite %q: want a file path (in-memory databases are not supported)", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("open sqlite %s: create directory: %w", abs, err)
	}
	s := &SQLite{path: abs, now: time.Now, closing: make(chan struct{}), ckptDone: make(chan struct{})}
	if s.write, err = openPool(ctx, abs, true, 1); err != nil {
		return nil, err
	}
	if err := sqlstore.Migrate(ctx, s.write, dialect, migrations, "migrations", s.now()); err != nil {
		_ = s.write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", abs, err)
	}
	s.bulk = bulkQueries()
	if s.stmts, err = newStmtCache(ctx, s.write, writerQueries(s.bulk)); err != nil {
		_ = s.write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", abs, err)
	}
	if s.read, err = openPool(ctx, abs, false, max(4, runtime.GOMAXPROCS(0))); err != nil {
		_ = s.stmts.close()
		_ = s.write.Close()
		return nil, err
	}
	if s.checkpoint, err = openPool(ctx, abs, true, 1); err != nil {
		_ = s.read.Close()
		_ = s.stmts.close()
		_ = s.write.Close()
		return nil, err
	}
	s.Reads = sqlstore.NewReads(s.read, dialect, abs)
	s.Subscriptions = sqlstore.NewSubscriptions(s.read, s.write, dialect)
	// SQLite has one writer at a time: one goroutine on one connection.
	s.writer = sqlstore.NewWriter(1, s.applyBatch)
	go s.checkpointLoop()
	return s, nil
}

// checkpointLoop checkpoints the write-ahead log (PASSIVE: it never waits for
// the writer or readers) every checkpointEvery while the writer commits, on
// a connection of its own: the copying and the database file's fsync run
// beside the writer instead of inside its commits. An error (the file busy
// with another process's checkpoint, say) is left for the next round; the
// writer checkpoints itself past writerAutoCheckpoint pages.
func (s *SQLite) checkpointLoop() {
	defer close(s.ckptDone)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-s.closing:
			return
		case <-tick.C:
		}
		if !s.committed.Swap(false) {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), busyTimeout)
		_, _ = s.checkpoint.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
		cancel()
	}
}

// openPool opens a connection pool on path: the writer (WAL, synchronous
// NORMAL, foreign keys, BEGIN IMMEDIATE) or query-only readers.
func openPool(ctx context.Context, path string, writer bool, conns int) (*sql.DB, error) {
	db, err := sql.Open("sqlite", sqliteDSN(path, writer))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}

// sqliteDSN is the modernc.org/sqlite data source name of path: a file: URI
// (so that '?' or '#' in a path cannot be taken for a query) with the
// connection's pragmas.
func sqliteDSN(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	// The writer does not enforce the schema's foreign keys: it writes the
	// child rows of an article in the transaction that writes the article
	// and registers its entities, and deletes them before writing them again
	// (TestSQLiteReferencesHold checks with PRAGMA foreign_key_check). The
	// checks, one lookup per child row, cost a twelfth of its time.
	if writer {
		q.Add("_pragma", "foreign_keys(0)")
	} else {
		q.Add("_pragma", "foreign_keys(1)")
	}
	// Statement journals and sorts in memory, not in temporary files.
	q.Add("_pragma", "temp_store(MEMORY)")
	if writer {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", writerAutoCheckpoint))
		q.Add("_pragma", "mmap_size(1073741824)")
		q.Add("_pragma", fmt.Sprintf("cache_size(%d)", -writerCacheKiB))
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	esc := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(filepath.ToSlash(path))
	return "file:" + esc + "?" + q.Encode()
}

// Close stops the writer once its current batch is committed, then closes
// the prepared statements and both pools; the last connection to close
// checkpoints the write-ahead log into the database file. Upserts waiting
// for the writer fail; later calls to Close return the first one's result.
func (s *SQLite) Close() error {
	s.closeOnce.Do(func() {
		s.writer.Close()
		close(s.closing)
		<-s.ckptDone
		if err := errors.Join(s.stmts.close(), s.read.Close(), s.checkpoint.Close(), s.write.Close()); err != nil {
			s.closeErr = fmt.Errorf("close sqlite %s: %w", s.path, err)
		}
	})
	return s.closeErr
}
