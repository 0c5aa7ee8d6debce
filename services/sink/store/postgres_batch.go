package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// retryable reports a deadlock or serialization failure.
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001")
}

// writeBatch writes arts (distinct ids) in one transaction on one
// connection, in two pipelined round trips:
//
//  1. begin; upsert the article rows (sorted by id, the order replicas lock
//     them in), returning their seqs; insert a registry entry for each
//     entity not registered yet; lock (in id order) and read the entries
//     the articles name now or named before; delete the articles' old
//     child rows, returning their old entity links;
//  2. update the registry entries that changed, insert the child rows, commit.
//
// On any error the transaction is rolled back (or the connection dropped).
func (p *Postgres) writeBatch(ctx context.Context, arts []*writeReq) (err error) {
	arts = latestByID(arts)
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
	seqs, reg, links, err := p.firstRound(ctx, conn, arts)
	if err != nil {
		return err
	}
	return p.secondRound(ctx, conn, arts, seqs, reg, links)
}

// firstRound runs round 1 of writeBatch and returns each article's seq,
// the locked registry entries and each article's old entity links (by seq).
func (p *Postgres) firstRound(ctx context.Context, conn *pgxpool.Conn, arts []*writeReq) (
	seqs map[string]int64, reg map[string]*registryEntry, links map[int64][]string, err error) {
	ids := make([]string, len(arts))
	articles := &table{tableSpec: tableSpec{"articles", pgArticleCols}}
	var entityIDs []string
	seenEntity := map[string]bool{}
	for i, a := range arts {
		ids[i] = a.id
		articles.add(a.d.Article...)
		articles.add(a.search)
		for _, e := range a.d.Entities {
			if !seenEntity[e.ID] {
				seenEntity[e.ID] = true
				entityIDs = append(entityIDs, e.ID)
			}
		}
	}
	slices.Sort(entityIDs)

	b := &pgx.Batch{}
	b.Queue("BEGIN")
	// Every statement of the writer looks rows up by key: keep the planner
	// from seq-scanning tables it has no statistics of yet (a new database).
	b.Queue("SET LOCAL enable_seqscan = off")
	nArt := queueChunks(b, articles, p.sql.upsertArticles)
	b.Queue(pgLockEntitiesSQL, ids, entityIDs)
	b.Queue(pgDeleteLinksSQL, ids)
	for _, q := range pgDeleteChildrenSQL {
		b.Queue(q, ids)
	}
	br := conn.SendBatch(ctx, b)
	defer func() {
		if cerr := br.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("write articles: %w", cerr)
		}
	}()
	for range 2 {
		if _, err := br.Exec(); err != nil {
			return nil, nil, nil, fmt.Errorf("begin: %w", err)
		}
	}
	seqs = make(map[string]int64, len(arts))
	for range nArt {
		rows, err := br.Query()
		if err != nil {
			return nil, nil, nil, fmt.Errorf("write articles: %w", err)
		}
		var id string
		var seq int64
		_, err = pgx.ForEachRow(rows, []any{&id, &seq}, func() error { seqs[id] = seq; return nil })
		if err != nil {
			return nil, nil, nil, fmt.Errorf("write articles: %w", err)
		}
	}
	rows, err := br.Query()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("lock registry: %w", err)
	}
	reg = make(map[string]*registryEntry, len(entityIDs))
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("read registry: %w", err)
		}
		reg[e.ID] = &registryEntry{old: e, cur: *e}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("lock registry: %w", err)
	}
	rows, err = br.Query()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("delete old rows: %w", err)
	}
	links = map[int64][]string{}
	var seq int64
	var entityID string
	if _, err := pgx.ForEachRow(rows, []any{&seq, &entityID}, func() error {
		links[seq] = append(links[seq], entityID)
		return nil
	}); err != nil {
		return nil, nil, nil, fmt.Errorf("delete old rows: %w", err)
	}
	for range pgDeleteChildrenSQL {
		if _, err := br.Exec(); err != nil {
			return nil, nil, nil, fmt.Errorf("delete old rows: %w", err)
		}
	}
	if err := br.Close(); err != nil {
		return nil, nil, nil, fmt.Errorf("write articles: %w", err)
	}
	if err := p.registerNew(ctx, conn, arts, reg); err != nil {
		return nil, nil, nil, err
	}
	return seqs, reg, links, nil
}

// registerNew gives the entities of arts missing from reg a registry entry
// (as the first article naming them makes it, article count 0; a replica
// that registered one meanwhile wins), then locks and reads those entries
// into reg. It costs a round trip only for batches naming new entities.
func (p *Postgres) registerNew(ctx context.Context, conn *pgxpool.Conn, arts []*writeReq, reg map[string]*registryEntry) error {
	fresh := &table{tableSpec: tableSpec{"entities", pgEntityCols}}
	first := map[string]Entity{}
	var missing []string
	for _, a := range arts {
		for _, e := range a.d.Entities {
			if _, ok := reg[e.ID]; ok {
				continue
			}
			if _, ok := first[e.ID]; !ok {
				first[e.ID] = mergeEntity(nil, e, a.seen)
				missing = append(missing, e.ID)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	slices.Sort(missing) // rows are locked in id order
	for _, id := range missing {
		if err := addEntityRow(fresh, first[id], 0); err != nil {
			return err
		}
	}
	b := &pgx.Batch{}
	n := queueChunks(b, fresh, p.sql.insertEntities)
	b.Queue(entitySelect+` WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, missing)
	br := conn.SendBatch(ctx, b)
	defer br.Close()
	for range n {
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("register entities: %w", err)
		}
	}
	rows, err := br.Query()
	if err != nil {
		return fmt.Errorf("lock new registry entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntity(rows)
		if err != nil {
			return fmt.Errorf("read registry: %w", err)
		}
		reg[e.ID] = &registryEntry{old: e, cur: *e}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("lock new registry entries: %w", err)
	}
	rows.Close()
	if err := br.Close(); err != nil {
		return fmt.Errorf("register entities: %w", err)
	}
	return nil
}

// secondRound merges the articles into the registry entries, writes those
// that changed and the child rows, and commits.
func (p *Postgres) secondRound(ctx context.Context, conn *pgxpool.Conn, arts []*writeReq,
	seqs map[string]int64, reg map[string]*registryEntry, links map[int64][]string) (err error) {
	children, err := mergeBatch(arts, seqs, reg, links)
	if err != nil {
		return err
	}
	upd := &table{tableSpec: tableSpec{"entities_update", pgEntityCols}}
	for _, id := range sortedIDs(reg) {
		r := reg[id]
		if r.old == nil {
			return fmt.Errorf("registry entry %s vanished", id) // firstRound registered every entity
		}
		if !r.changed() {
			continue
		}
		if err := addEntityRow(upd, r.cur, r.delta); err != nil {
			return err
		}
	}

	b := &pgx.Batch{}
	n := queueChunks(b, upd, p.sql.updateEntities)
	for _, t := range children {
		n += queueChildChunks(b, t, p.sql.children)
	}
	b.Queue("COMMIT")
	br := conn.SendBatch(ctx, b)
	defer func() {
		if cerr := br.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("write rows: %w", cerr)
		}
	}()
	for range n {
		if _, err := br.Exec(); err != nil {
			return fmt.Errorf("write rows: %w", err)
		}
	}
	if _, err := br.Exec(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// addEntityRow adds the row of registry entry m (laid out as pgEntityCols),
// with count as its last column.
func addEntityRow(t *table, m Entity, count int) error {
	aliases, err := json.Marshal(m.Aliases)
	if err != nil {
		return fmt.Errorf("encode aliases of %s: %w", m.ID, err)
	}
	t.add(m.ID, m.Type, m.Name, nameKey(m.Name), string(aliases), m.FirstSeen.UTC(), m.LastSeen.UTC(), count)
	return nil
}

// queueChunks queues t's rows through the multi-row statements stmts (by
// row count) in power-of-two chunks and returns how many it queued.
func queueChunks(b *pgx.Batch, t *table, stmts map[int]string) int {
	args, width := t.Args, len(t.Cols)
	sizes := chunkSizes(t.Rows())
	for _, n := range sizes {
		b.Queue(stmts[n], args[:n*width]...)
		args = args[n*width:]
	}
	return len(sizes)
}

// queueChildChunks is queueChunks for a child table.
func queueChildChunks(b *pgx.Batch, t *table, stmts map[bulkKey]string) int {
	args, width := t.Args, len(t.Cols)
	sizes := chunkSizes(t.Rows())
	for _, n := range sizes {
		b.Queue(stmts[bulkKey{t.Name, n}], args[:n*width]...)
		args = args[n*width:]
	}
	return len(sizes)
}
