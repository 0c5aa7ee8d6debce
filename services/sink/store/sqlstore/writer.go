package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by an Upsert on a closed store.
var ErrClosed = errors.New("store is closed")

// maxBatch bounds the upserts that share one transaction.
const maxBatch = 64

// batchTimeout bounds one batch's transaction: lock waits are already bounded
// by the database's own timeouts; this stops a wedged file system or server
// from hanging a writer.
const batchTimeout = 2 * time.Minute

// WriteReq is one Upsert waiting for a writer.
type WriteReq struct {
	Ctx  context.Context
	ID   string
	D    *Decomposed
	Seen time.Time
	// Search is the article's full-text words as PostgreSQL's writer stores
	// them, computed by the caller, off the writer's path.
	Search string
	done   chan error // buffered: a writer never blocks on a caller that left
}

// NewWriteReq is the request to store d, the record id seen at seen.
func NewWriteReq(ctx context.Context, id string, d *Decomposed, seen time.Time) *WriteReq {
	return &WriteReq{Ctx: ctx, ID: id, D: d, Seen: seen, done: make(chan error, 1)}
}

// Writer is a store's group commit, written once for every SQL store: its
// writers each take the upserts waiting at the moment, up to maxBatch, and
// commit them together through apply, one transaction per batch; every
// caller is answered after the commit, so an Upsert that returned nil is
// durable. Under load the cost of a commit is spread over the batch; alone,
// an upsert is a batch of one. When a batch fails, each record in it is
// written again in a batch of its own, so that a bad record fails alone.
type Writer struct {
	queue   chan *WriteReq // unbuffered: a request is either taken or its Submit returns
	closing chan struct{}
	apply   func(ctx context.Context, batch []*WriteReq) error
	writers sync.WaitGroup
	once    sync.Once
}

// NewWriter starts n writers committing through apply, which writes a batch
// in one transaction, all of it or none (a later request of an id replaces
// an earlier one of the same batch: see LatestByID).
func NewWriter(n int, apply func(ctx context.Context, batch []*WriteReq) error) *Writer {
	w := &Writer{queue: make(chan *WriteReq), closing: make(chan struct{}), apply: apply}
	for range n {
		w.writers.Add(1)
		go w.loop()
	}
	return w
}

// Submit hands req to a writer and waits until the transaction holding it
// has committed. When ctx ends first it returns ctx's error, and the record
// may or may not be stored.
func (w *Writer) Submit(ctx context.Context, req *WriteReq) error {
	select {
	case w.queue <- req:
	case <-ctx.Done():
		return fmt.Errorf("upsert %s: %w", req.ID, ctx.Err())
	case <-w.closing:
		return fmt.Errorf("upsert %s: %w", req.ID, ErrClosed)
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("upsert %s: %w", req.ID, ctx.Err())
	}
}

// Close stops the writers once their current batches are committed;
// upserts waiting for a writer fail with ErrClosed.
func (w *Writer) Close() {
	w.once.Do(func() { close(w.closing) })
	w.writers.Wait()
}

// loop is one writer.
func (w *Writer) loop() {
	defer w.writers.Done()
	batch := make([]*WriteReq, 0, maxBatch)
	for {
		select {
		case r := <-w.queue:
			batch = append(batch[:0], r)
		case <-w.closing:
			return
		}
	collect:
		for len(batch) < maxBatch {
			select {
			case r := <-w.queue:
				batch = append(batch, r)
			default:
				break collect
			}
		}
		w.commit(batch)
		clear(batch)
	}
}

// commit writes batch and answers every request: in one transaction, or,
// when that fails, one transaction per record id.
func (w *Writer) commit(batch []*WriteReq) {
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	groups := make(map[string][]*WriteReq, len(batch)) // live requests by id, in arrival order
	var live []*WriteReq
	for _, r := range batch {
		if err := r.Ctx.Err(); err != nil {
			r.done <- fmt.Errorf("upsert %s: %w", r.ID, err) // the caller has gone; don't write on its behalf
			continue
		}
		groups[r.ID] = append(groups[r.ID], r)
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	answer := func(id string, err error) {
		for _, r := range groups[id] {
			r.done <- wrapUpsert(id, err)
		}
	}
	err := w.apply(ctx, live)
	if err == nil || len(groups) == 1 {
		for id := range groups {
			answer(id, err)
		}
		return
	}
	for id, g := range groups {
		answer(id, w.apply(ctx, g))
	}
}

// wrapUpsert names the record in an Upsert's error.
func wrapUpsert(id string, err error) error {
	if err != nil {
		return fmt.Errorf("upsert %s: %w", id, err)
	}
	return nil
}
