package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
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
	d, err := sqlstore.DecomposeWith(rec, p.now().UTC(), sqlstore.PGTime, nil)
	if err != nil {
		return fmt.Errorf("upsert: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("upsert %s: %w", rec.ID, err)
	}
	req := sqlstore.NewWriteReq(ctx, rec.ID, d, store.SeenAt(rec))
	req.Search = tsvectorOf(d.Article[sqlstore.TitleCol], d.Article[sqlstore.BodyCol])
	return p.writer.Submit(ctx, req)
}

// writeWithRetry runs writeBatch (which keeps the latest request of each
// id) again after a deadlock or serialization failure.
func (p *Postgres) writeWithRetry(ctx context.Context, arts []*sqlstore.WriteReq) error {
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
