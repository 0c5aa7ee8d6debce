package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// maxBatch bounds the upserts that share one transaction.
const maxBatch = 64

// batchTimeout bounds one batch's transaction: lock waits are already bounded
// by busy_timeout; this stops a wedged file system from hanging the writer.
const batchTimeout = 2 * time.Minute

// writeReq is one Upsert waiting for the writer.
type writeReq struct {
	ctx  context.Context
	id   string
	d    *decomposed
	seen time.Time
	// search is the article's full-text words as PostgreSQL's writer stores
	// them (tsvectorOf), computed by the caller, off the writer's path.
	search string
	done   chan error // buffered: the writer never blocks on a caller that left
}

// submit hands req to a store's writer and waits until the transaction
// holding it has committed (group commit, shared by both stores). When ctx
// ends first it returns ctx's error, and the record may or may not be stored.
func submit(ctx context.Context, queue chan<- *writeReq, closing <-chan struct{}, req *writeReq) error {
	select {
	case queue <- req:
	case <-ctx.Done():
		return fmt.Errorf("upsert %s: %w", req.id, ctx.Err())
	case <-closing:
		return fmt.Errorf("upsert %s: %w", req.id, errClosed)
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("upsert %s: %w", req.id, ctx.Err())
	}
}

// writeLoop is the store's single writer (group commit). It takes the
// upserts waiting at the moment, up to maxBatch, and applies them in one
// IMMEDIATE transaction. Every caller is answered after the commit, so an
// Upsert that returned nil is durable. Under load the cost of a commit (WAL
// frames of shared index pages, locks, checkpoints) is spread over the
// batch; alone, an upsert is a batch of one.
func (s *SQLite) writeLoop() {
	defer close(s.writerDone)
	batch := make([]*writeReq, 0, maxBatch)
	for {
		select {
		case r := <-s.queue:
			batch = append(batch[:0], r)
		case <-s.closing:
			return
		}
	collect:
		for len(batch) < maxBatch {
			select {
			case r := <-s.queue:
				batch = append(batch, r)
			default:
				break collect
			}
		}
		s.commitBatch(batch)
		clear(batch)
	}
}

// commitBatch applies batch in one transaction and answers every request.
// When that transaction fails, each request is applied again in a
// transaction of its own, so that a bad record fails alone. (Savepoints
// would isolate records inside one transaction, but cost every statement a
// statement journal and the full-text index a savepoint of its own: a
// fifth of the writer's time.)
func (s *SQLite) commitBatch(batch []*writeReq) {
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	live := batch[:0:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.done <- fmt.Errorf("upsert %s: %w", r.id, err) // the caller has gone; don't write on its behalf
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	err := s.applyBatch(ctx, live)
	if err == nil || len(live) == 1 {
		for _, r := range live {
			r.done <- wrapUpsert(r.id, err)
		}
		return
	}
	for _, r := range live {
		r.done <- wrapUpsert(r.id, s.applyBatch(ctx, []*writeReq{r}))
	}
}

// wrapUpsert names the record in an Upsert's error.
func wrapUpsert(id string, err error) error {
	if err != nil {
		return fmt.Errorf("upsert %s: %w", id, err)
	}
	return nil
}

// applyBatch writes batch in one transaction, all of it or none, with
// statements that each cover the whole batch: the article rows (a later
// upsert of an id replaces an earlier one), their old child rows out, the
// registry merged, the new child rows in, and last the full-text index.
func (s *SQLite) applyBatch(ctx context.Context, batch []*writeReq) error {
	arts := latestByID(batch)
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	old, err := s.oldTexts(ctx, tx, arts)
	if err != nil {
		return err
	}
	seqs, err := s.writeArticles(ctx, tx, arts)
	if err != nil {
		return err
	}
	seqList := make([]int64, 0, len(seqs))
	for _, seq := range seqs {
		seqList = append(seqList, seq)
	}
	seqJSON, err := json.Marshal(seqList)
	if err != nil {
		return fmt.Errorf("encode seqs: %w", err)
	}
	links, err := s.unlink(ctx, tx, string(seqJSON))
	if err != nil {
		return err
	}
	reg, err := s.loadRegistry(ctx, tx, arts, links)
	if err != nil {
		return err
	}
	children, err := mergeBatch(arts, seqs, reg, links)
	if err != nil {
		return err
	}
	if err := s.writeRegistry(ctx, tx, reg); err != nil {
		return err
	}
	for _, t := range children {
		if err := s.insertRows(ctx, tx, t); err != nil {
			return err
		}
	}
	// Last, so that no later statement makes the index flush (see 0002).
	if err := s.indexBatch(ctx, tx, arts, seqs, old); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	s.committed.Store(true)
	return nil
}
