package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
)

// retryable reports a deadlock or serialization failure, or a registry
// entry that another writer inserted first (see writeBatch).
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	return pgErr.Code == "40P01" || pgErr.Code == "40001" ||
		pgErr.Code == "23505" && pgErr.TableName == "entities"
}

// writeBatch writes arts (distinct ids) in one transaction on one
// connection, in three pipelined round trips, locking the registry entries
// the batch merges (the rows every writer updates) only for the last:
//
//  1. begin; upsert the article rows (sorted by id, the order replicas lock
//     them in), returning their seqs; delete the articles' old child rows,
//     returning their old entity links;
//  2. insert the new child rows; lock (in id order) and read the registry
//     entries the articles name now or named before;
//  3. insert the entries new to the registry, update those that changed,
//     commit.
//
// Another writer that registers one of the batch's new entities first
// makes step 3 fail with a unique violation, which writeWithRetry retries
// (the entry then exists and is locked in step 2). On any error the
// transaction is rolled back (or the connection dropped).
func (p *Postgres) writeBatch(ctx context.Context, arts []*sqlstore.WriteReq) (err error) {
	arts = sqlstore.LatestByID(arts)
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("acquire connection: %w", err)
	}
	defer func() {
		if err != nil {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if _, rerr := conn.Exec(rctx, "ROLLBACK"); rerr != nil {
				_ = conn.Conn().Close(rctx) // the pool drops a closed connection
			}
			cancel()
		}
		conn.Release()
	}()
	seqs, links, err := p.writeArticles(ctx, conn, arts)
	if err != nil {
		return err
	}
	children, err := sqlstore.BatchChildren(arts, seqs)
	if err != nil {
		return err
	}
	reg, err := p.writeChildren(ctx, conn, children, sqlstore.RegistryIDs(arts, links))
	if err != nil {
		return err
	}
	sqlstore.MergeRegistry(arts, seqs, reg, links)
	return p.writeRegistry(ctx, conn, reg)
}

// writeArticles runs round 1 of writeBatch and returns each article's seq
// and its old entity links (by seq).
func (p *Postgres) writeArticles(ctx context.Context, conn *pgxpool.Conn, arts []*sqlstore.WriteReq) (
	seqs map[string]int64, links map[int64][]string, err error) {
	ids := make([]string, len(arts))
	articles := &sqlstore.Table{TableSpec: sqlstore.TableSpec{Name: "articles", Cols: pgArticleCols}}
	for i, a := range arts {
		ids[i] = a.ID
		articles.Add(a.D.Article...)
		articles.Add(a.Search)
	}

	b := &pgx.Batch{}
	b.Queue("BEGIN")
	// Every statement of the writer looks rows up by key: keep the planner
	// from seq-scanning tables it has no statistics of yet (a new database).
	b.Queue("SET LOCAL enable_seqscan = off")
	nArt := queueChunks(b, articles, p.sql.upsertArticles)
	b.Queue(pgDeleteLinksSQL, ids)
	for _, q := range pgDeleteChildrenSQL {
		b.Queue(q, ids)
	}
	br := conn.SendBatch(ctx, b)
	defer closeBatch(br, "write articles", &err)
	if err := execN(br, 2); err != nil {
		return nil, nil, fmt.Errorf("begin: %w", err)
	}
	seqs = make(map[string]int64, len(arts))
	for range nArt {
		rows, err := br.Query()
		if err != nil {
			return nil, nil, fmt.Errorf("write articles: %w", err)
		}
		var id string
		var seq int64
		_, err = pgx.ForEachRow(rows, []any{&id, &seq}, func() error { seqs[id] = seq; return nil })
		if err != nil {
			return nil, nil, fmt.Errorf("write articles: %w", err)
		}
	}
	rows, err := br.Query()
	if err != nil {
		return nil, nil, fmt.Errorf("delete old rows: %w", err)
	}
	links = map[int64][]string{}
	var seq int64
	var entityID string
	if _, err := pgx.ForEachRow(rows, []any{&seq, &entityID}, func() error {
		links[seq] = append(links[seq], entityID)
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("delete old rows: %w", err)
	}
	if err := execN(br, len(pgDeleteChildrenSQL)); err != nil {
		return nil, nil, fmt.Errorf("delete old rows: %w", err)
	}
	return seqs, links, nil
}

// writeChildren runs round 2 of writeBatch: it inserts the child rows,
// then locks (in id order) and reads the registry entries of entityIDs
// (sorted) that exist.
func (p *Postgres) writeChildren(ctx context.Context, conn *pgxpool.Conn, children []*sqlstore.Table, entityIDs []string) (
	reg map[string]*sqlstore.RegistryEntry, err error) {
	b := &pgx.Batch{}
	n := 0
	for _, t := range children {
		n += queueChildChunks(b, t, p.sql.children)
	}
	b.Queue(pgLockEntitiesSQL, entityIDs)
	br := conn.SendBatch(ctx, b)
	defer closeBatch(br, "write rows", &err)
	if err := execN(br, n); err != nil {
		return nil, fmt.Errorf("write rows: %w", err)
	}
	rows, err := br.Query()
	if err != nil {
		return nil, fmt.Errorf("lock registry: %w", err)
	}
	defer rows.Close()
	return sqlstore.ReadRegistry(rows)
}

// writeRegistry runs round 3 of writeBatch: it inserts the registry
// entries new to it (in id order), updates those that changed and commits.
func (p *Postgres) writeRegistry(ctx context.Context, conn *pgxpool.Conn, reg map[string]*sqlstore.RegistryEntry) (err error) {
	ins := &sqlstore.Table{TableSpec: sqlstore.TableSpec{Name: "entities", Cols: pgEntityCols}}
	upd := &sqlstore.Table{TableSpec: sqlstore.TableSpec{Name: "entities_update", Cols: pgEntityCols}}
	for _, id := range sqlstore.SortedIDs(reg) {
		r := reg[id]
		switch {
		case r.Old == nil:
			err = addEntityRow(ins, r.Cur, r.Delta)
		case r.Changed():
			err = addEntityRow(upd, r.Cur, r.Delta)
		}
		if err != nil {
			return err
		}
	}
	b := &pgx.Batch{}
	n := queueChunks(b, ins, p.sql.insertEntities)
	n += queueChunks(b, upd, p.sql.updateEntities)
	b.Queue("COMMIT")
	br := conn.SendBatch(ctx, b)
	defer closeBatch(br, "write registry", &err)
	if err := execN(br, n); err != nil {
		return fmt.Errorf("write registry: %w", err)
	}
	if err := execN(br, 1); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// execN reads the results of the next n statements of a batch, which
// return no rows.
func execN(br pgx.BatchResults, n int) error {
	for range n {
		if _, err := br.Exec(); err != nil {
			return err
		}
	}
	return nil
}

// closeBatch closes br; its failure becomes *err, named by what, unless
// *err is already set.
func closeBatch(br pgx.BatchResults, what string, err *error) {
	if cerr := br.Close(); cerr != nil && *err == nil {
		*err = fmt.Errorf("%s: %w", what, cerr)
	}
}

// addEntityRow adds the row of registry entry m (laid out as pgEntityCols),
// with count as its last column.
func addEntityRow(t *sqlstore.Table, m store.Entity, count int) error {
	aliases, err := json.Marshal(m.Aliases)
	if err != nil {
		return fmt.Errorf("encode aliases of %s: %w", m.ID, err)
	}
	t.Add(m.ID, m.Type, m.Name, sqlstore.NameKey(m.Name), string(aliases), m.FirstSeen.UTC(), m.LastSeen.UTC(), count)
	return nil
}

// queueChunks queues t's rows through the multi-row statements stmts (by
// row count) in power-of-two chunks and returns how many it queued.
func queueChunks(b *pgx.Batch, t *sqlstore.Table, stmts map[int]string) int {
	args, width := t.Args, len(t.Cols)
	sizes := sqlstore.ChunkSizes(t.Rows())
	for _, n := range sizes {
		b.Queue(stmts[n], args[:n*width]...)
		args = args[n*width:]
	}
	return len(sizes)
}

// queueChildChunks is queueChunks for a child table.
func queueChildChunks(b *pgx.Batch, t *sqlstore.Table, stmts map[sqlstore.BulkKey]string) int {
	args, width := t.Args, len(t.Cols)
	sizes := sqlstore.ChunkSizes(t.Rows())
	for _, n := range sizes {
		b.Queue(stmts[sqlstore.BulkKey{Spec: t.Name, Rows: n}], args[:n*width]...)
		args = args[n*width:]
	}
	return len(sizes)
}
