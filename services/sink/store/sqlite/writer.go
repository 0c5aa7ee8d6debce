package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/tidings-news/tidings/services/sink/store/sqlstore"
)

// applyBatch writes batch in one transaction, all of it or none, with
// statements that each cover the whole batch: the article rows (a later
// upsert of an id replaces an earlier one), their old child rows out, the
// registry merged, the new child rows in, and last the full-text index.
func (s *SQLite) applyBatch(ctx context.Context, batch []*sqlstore.WriteReq) error {
	arts := sqlstore.LatestByID(batch)
	if largeBatch(arts) {
		// SQLite's copies of a large row are outside Go's heap: the garbage
		// of decoding the record goes back to the system before they grow.
		debug.FreeOSMemory()
		restore, err := s.smallCache(ctx)
		if err != nil {
			return err
		}
		defer restore() // after the transaction's end (deferred below)
	}
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
	if err := s.writeParts(ctx, tx, arts, seqs); err != nil {
		return err
	}
	reg, err := s.loadRegistry(ctx, tx, arts, links)
	if err != nil {
		return err
	}
	children, err := sqlstore.MergeBatch(arts, seqs, reg, links)
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

// largeRowBytes is the size of an article row (body and record) from which
// its batch is written with a small page cache (see smallCache).
const largeRowBytes = 4 << 20

// largeBatch reports whether an article of arts has a row of largeRowBytes
// or more (its body's and record's parts included).
func largeBatch(arts []*sqlstore.WriteReq) bool {
	for _, r := range arts {
		n := 0
		for _, col := range []int{sqlstore.BodyCol, sqlstore.RecordCol} {
			if v, ok := r.D.Article[col].(string); ok {
				n += len(v)
			}
		}
		for _, parts := range [][]string{r.D.BodyParts, r.D.RecordParts} {
			for _, p := range parts {
				n += len(p)
			}
		}
		if n >= largeRowBytes {
			return true
		}
	}
	return false
}

// smallCache sets the writer's page cache to SQLite's default (2 MiB) until
// restore is called: a large row's pages would otherwise fill the writer's
// 32 MiB cache and stay there (a 20 MB body took some 30 MB more at once
// and kept it). SQLite frees the pages over a lowered limit; the cache
// grows back under the next batches.
func (s *SQLite) smallCache(ctx context.Context) (restore func(), err error) {
	if _, err := s.write.ExecContext(ctx, "PRAGMA cache_size = -2048"); err != nil {
		return nil, fmt.Errorf("page cache: %w", err)
	}
	return func() {
		_, _ = s.write.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", -writerCacheKiB))
	}, nil
}
