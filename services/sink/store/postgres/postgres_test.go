package postgres_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/pgtest"
	"github.com/tidings-news/tidings/services/sink/store/postgres"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// openPG opens a store on a new, empty schema of the test server.
func openPG(t testing.TB) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), pgtest.URL(t))
	if err != nil {
		t.Fatalf("Open(postgres): %v", err)
	}
	return storetest.Closing(t, st)
}

func TestPostgresConformance(t *testing.T) {
	storetest.RunConformance(t, func(t *testing.T) store.Store { return openPG(t) })
}

func BenchmarkPostgresUpsert(b *testing.B) {
	storetest.BenchmarkUpsert(b, func(b *testing.B) store.Store { return openPG(b) })
}

// TestPostgresConcurrentOpen starts several replicas at once on one empty
// database: the advisory lock lets one migrate and the others find the
// schema in place.
func TestPostgresConcurrentOpen(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	const n = 8
	var wg sync.WaitGroup
	stores := make([]store.Store, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = store.Open(ctx, url) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
	}
	for i, st := range stores {
		if err := st.Upsert(ctx, storetest.Record(i)); err != nil {
			t.Errorf("replica %d: Upsert: %v", i, err)
		}
	}
	if got, err := stores[0].Count(ctx); err != nil || got != n {
		t.Errorf("Count = %d, %v; want %d", got, err, n)
	}
	for _, st := range stores {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	}
}

// openReplicas opens n stores (sink replicas) on the database at url,
// closed when t ends.
func openReplicas(t *testing.T, url string, n int) []store.Store {
	t.Helper()
	stores := make([]store.Store, n)
	for i := range stores {
		st, err := store.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		stores[i] = st
	}
	return stores
}

// TestPostgresReplicasWriteTogether runs several stores (sink replicas) on
// one database, writing overlapping sets of articles that share entities at
// once: registry rows are locked in one order, so no write fails, and the
// article counts come out as if the writes had been serial.
func TestPostgresReplicasWriteTogether(t *testing.T) {
	ctx := context.Background()
	const replicas, records = 4, 24
	stores := openReplicas(t, pgtest.URL(t), replicas)
	var wg sync.WaitGroup
	errs := make(chan error, replicas*records*4)
	for r, st := range stores {
		for g := range 4 { // each replica writes every record, from 4 goroutines
			wg.Go(func() {
				for n := g; n < records; n += 4 {
					if err := st.Upsert(ctx, storetest.Record((n+r*5)%records)); err != nil {
						errs <- err
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Upsert: %v", err)
	}
	recs := make([]*events.EnrichedArticle, records)
	want := map[string]int{}
	for n := range recs {
		recs[n] = storetest.Record(n)
		for _, e := range recs[n].Entities {
			want[e.ID]++
		}
	}
	if got, err := stores[0].Count(ctx); err != nil || got != records {
		t.Errorf("Count = %d, %v; want %d", got, err, records)
	}
	for id, n := range want {
		e, err := stores[1].Entity(ctx, id)
		if err != nil || e.Articles != n {
			t.Errorf("entity %s: %+v, %v; want %d articles", id, e, err, n)
		}
	}
}

// TestPostgresReplicasRegisterTheSameNewEntity has several replicas store,
// at the same moment, distinct articles that all name an entity new to the
// registry: all but the first to commit find its entry inserted under them,
// write their batch again, and every article counts once.
func TestPostgresReplicasRegisterTheSameNewEntity(t *testing.T) {
	ctx := context.Background()
	const replicas, rounds = 6, 8
	stores := openReplicas(t, pgtest.URL(t), replicas)
	for round := range rounds {
		entity := fmt.Sprintf("per:newcomer-%d", round)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for r, st := range stores {
			rec := storetest.Record(round*replicas + r)
			rec.Entities = append(rec.Entities, events.Entity{ID: entity, Type: events.EntityPerson,
				Name: fmt.Sprintf("Newcomer %d", round), Mentions: []events.Mention{{Text: "Newcomer", Start: 0, End: 8, Kind: "name"}}})
			wg.Go(func() {
				<-start
				if err := st.Upsert(ctx, rec); err != nil {
					t.Errorf("replica %d: Upsert: %v", r, err)
				}
			})
		}
		close(start)
		wg.Wait()
		e, err := stores[0].Entity(ctx, entity)
		if err != nil || e.Articles != replicas {
			t.Fatalf("round %d: entity %s = %+v, %v; want %d articles", round, entity, e, err, replicas)
		}
	}
	var retries int64
	for _, st := range stores {
		retries += postgres.Retries(st)
	}
	t.Logf("batches written again after a conflict: %d", retries)
	if retries == 0 {
		t.Errorf("no replica lost the race to register an entity in %d rounds; the test did not exercise the retry", rounds)
	}
}
