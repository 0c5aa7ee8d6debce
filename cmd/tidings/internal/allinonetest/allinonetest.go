// Package allinonetest runs the all-in-one pipeline of tidings up in tests:
// started with its warnings logged to the test, stopped when the test ends,
// its store read beside the sink as tidings export reads it.
package allinonetest

import (
	"context"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/tidings-news/tidings/cmd/tidings/internal/allinone"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// Pipeline is a running pipeline with its store.
type Pipeline struct {
	*allinone.Pipeline
	t  testing.TB
	st store.Store
}

// Start runs the pipeline cfg describes, its warnings logged to t; it is
// stopped when the test ends.
func Start(t testing.TB, cfg allinone.Config) *Pipeline {
	t.Helper()
	p, err := allinone.Start(context.Background(), cfg, zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Stop() })
	return &Pipeline{Pipeline: p, t: t}
}

// Store is the pipeline's store, opened beside its sink on first use (as
// tidings export opens it while up runs) and closed when the test ends.
func (p *Pipeline) Store() store.Store {
	if p.st == nil {
		p.t.Helper()
		st, err := store.Open(context.Background(), p.StoreURL())
		if err != nil {
			p.t.Fatal(err)
		}
		p.t.Cleanup(func() { _ = st.Close() })
		p.st = st
	}
	return p.st
}

// Count is the number of records in st.
func Count(t testing.TB, st store.Store) int {
	t.Helper()
	n, err := st.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Export is every record in st, in the order st exports them.
func Export(t testing.TB, st store.Store) []*events.EnrichedArticle {
	t.Helper()
	var out []*events.EnrichedArticle
	if err := st.Export(context.Background(), func(r *events.EnrichedArticle) error { out = append(out, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}
