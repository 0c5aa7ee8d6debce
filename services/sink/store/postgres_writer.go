package store

import (
	"context"
	"fmt"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
)

// pgWriters is the number of writer goroutines (each with one connection
// at a time): while one waits for its commit, another prepares the next
// batch.
const pgWriters = 2

// maxPGAttempts bounds the retries of a batch that lost a deadlock or a
// serialization conflict (which roll its transaction back whole).
const maxPGAttempts = 5

// Upsert writes rec and its rows, replacing an earlier copy: the article
// row is updated in place (keeping its seq), its child rows deleted and
// inserted again, and the registry entries of its entities merged under row
// locks. Concurrent Upserts are written together by the store's writers,
// each batch in one transaction (group commit); Upsert returns nil once the
// transaction holding rec has committed. When ctx ends first Upsert returns
// ctx's error, and rec may or may not be stored.
func (p *Postgres) Upsert(ctx context.Context, rec *events.EnrichedArticle) error {
	d, err := decomposeWith(rec, p.now().UTC(), pgTime)
	if err != nil {
		return fmt.Errorf("upsert: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("upsert %s: %w", rec.ID, err)
	}
	req := &writeReq{ctx: ctx, id: rec.ID, d: d, seen: SeenAt(rec), done: make(chan error, 1),
		search: tsvectorOf(d.Article[titleCol], d.Article[bodyCol])}
	return submit(ctx, p.queue, p.closing, req)
}

// writeLoop is one of the store's writers: it takes the upserts waiting at
// the moment, up to maxBatch, and commits them together.
func (p *Postgres) writeLoop() {
	defer p.writers.Done()
	batch := make([]*writeReq, 0, maxBatch)
	for {
		select {
		case r := <-p.queue:
			batch = append(batch[:0], r)
		case <-p.closing:
			return
		}
	collect:
		for len(batch) < maxBatch {
			select {
			case r := <-p.queue:
				batch = append(batch, r)
			default:
				break collect
			}
		}
		p.commitBatch(batch)
		clear(batch)
	}
}

// commitBatch writes batch in one transaction and answers every request.
// A later upsert of an id replaces an earlier one of the same batch. When
// the transaction fails, each article is tried again in a transaction of
// its own, so that one bad record fails alone.
func (p *Postgres) commitBatch(batch []*writeReq) {
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	groups := make(map[string][]*writeReq, len(batch)) // live requests by id, in arrival order
	var live []*writeReq
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.done <- fmt.Errorf("upsert %s: %w", r.id, err) // the caller has gone; don't write on its behalf
			continue
		}
		groups[r.id] = append(groups[r.id], r)
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
	err := p.writeWithRetry(ctx, live)
	if err == nil || len(groups) == 1 {
		for id := range groups {
			answer(id, err)
		}
		return
	}
	for id, g := range groups {
		answer(id, p.writeWithRetry(ctx, g))
	}
}

// writeWithRetry runs writeBatch (which keeps the latest request of each
// id) again after a deadlock or serialization failure.
func (p *Postgres) writeWithRetry(ctx context.Context, arts []*writeReq) error {
	var err error
	for attempt := 1; attempt <= maxPGAttempts; attempt++ {
		if err = p.writeBatch(ctx, arts); err == nil || !retryable(err) {
			return err
		}
		p.retries.Add(1)
		time.Sleep(time.Duration(attempt) * 5 * time.Millisecond)
	}
	return err
}
