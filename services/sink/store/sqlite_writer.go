package store

import (
	"context"
	"fmt"
	"time"
)

// maxBatch bounds the upserts that share one transaction.
const maxBatch = 64

// batchTimeout bounds one batch's transaction: lock waits are already bounded
// by busy_timeout; this stops a wedged file system from hanging the writer.
const batchTimeout = 2 * time.Minute

// Savepoints isolate the upserts of one batch from each other.
const (
	savepointSQL         = `SAVEPOINT upsert`
	releaseSavepointSQL  = `RELEASE upsert`
	rollbackSavepointSQL = `ROLLBACK TO upsert`
)

// writeReq is one Upsert waiting for the writer.
type writeReq struct {
	ctx  context.Context
	id   string
	d    *decomposed
	seen time.Time
	done chan error // buffered: the writer never blocks on a caller that left
}

// writeLoop is the store's single writer (group commit). It takes the
// upserts waiting at the moment, up to maxBatch, and applies them in one
// IMMEDIATE transaction, each inside its own savepoint: a failing record
// rolls back alone, the others commit. Every caller is answered after the
// commit, so an Upsert that returned nil is durable. Under load the cost of
// a commit (WAL frames of shared index pages, locks, checkpoints) is spread
// over the batch; alone, an upsert is a batch of one.
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
func (s *SQLite) commitBatch(batch []*writeReq) {
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	errs := make([]error, len(batch))
	answer := func() {
		for i, r := range batch {
			if errs[i] != nil {
				errs[i] = fmt.Errorf("upsert %s: %w", r.id, errs[i])
			}
			r.done <- errs[i]
		}
	}
	defer answer()

	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		for i := range errs {
			errs[i] = fmt.Errorf("begin: %w", err)
		}
		return
	}
	defer func() { _ = tx.Rollback() }()
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err // the caller has gone; don't write on its behalf
			continue
		}
		if err := s.stmts.exec(ctx, tx, savepointSQL); err != nil {
			errs[i] = fmt.Errorf("savepoint: %w", err)
			continue
		}
		if err := s.upsertTx(ctx, tx, r.d, r.seen); err != nil {
			errs[i] = err
			if rerr := s.stmts.exec(ctx, tx, rollbackSavepointSQL); rerr != nil {
				errs[i] = fmt.Errorf("%w (and rolling back: %v)", err, rerr)
			}
		}
		if err := s.stmts.exec(ctx, tx, releaseSavepointSQL); err != nil && errs[i] == nil {
			errs[i] = fmt.Errorf("release savepoint: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = fmt.Errorf("commit: %w", err)
			}
		}
	}
}
