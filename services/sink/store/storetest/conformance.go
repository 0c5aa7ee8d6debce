// Package storetest is the conformance suite every store.Store implementation
// must pass, with the fixture records it uses and an Upsert benchmark.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// Opener returns a new, empty store for one test and arranges (t.Cleanup)
// for it to be closed.
type Opener func(t *testing.T) store.Store

// RunConformance runs the behaviour every Store must show, each case on a
// store of its own from open.
func RunConformance(t *testing.T, open Opener) {
	cases := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"UpsertIsIdempotent", testIdempotent},
		{"UpdateReplaces", testUpdateReplaces},
		{"EntityRegistry", testRegistry},
		{"NotFound", testNotFound},
		{"ConcurrentUpsertsOfOneID", testConcurrentSameID},
		{"ConcurrentUpsertsOfManyIDs", testConcurrentManyIDs},
		{"ExportStopsOnError", testExportStops},
		{"SparseAndOddRecords", testSparse},
		{"InvalidRecords", testInvalid},
		{"CancelledContext", testCancelled},
		{"Ping", testPing},
		{"Subscriptions", testSubscriptions},
		{"DuplicatesAndStories", testStories},
	}
	cases = append(cases, queryCases()...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open(t)) })
	}
}

func testRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	recs := []*events.EnrichedArticle{Record(3), Record(0), Record(9), Record(2), Record(1)}
	upsertAll(t, st, recs...)

	want := slices.Clone(recs)
	sort.Slice(want, func(i, j int) bool { return want[i].ReceivedAt.Before(want[j].ReceivedAt) })
	got := exportAll(t, st)
	if len(got) != len(want) {
		t.Fatalf("exported %d records, want %d", len(got), len(want))
	}
	for i := range want {
		AssertSameRecord(t, got[i], want[i])
		assertOffsets(t, got[i])
	}
	for _, r := range recs {
		g, err := st.Get(ctx, r.ID)
		if err != nil {
			t.Fatalf("Get(%s): %v", r.ID, err)
		}
		AssertSameRecord(t, g, r)
	}
	assertCount(t, st, len(recs))
	assertStats(t, st, ExpectedStats(recs))
}

func testIdempotent(t *testing.T, st store.Store) {
	r := Record(5)
	for range 3 {
		upsertAll(t, st, r)
	}
	assertCount(t, st, 1)
	assertStats(t, st, ExpectedStats([]*events.EnrichedArticle{r}))
	got := exportAll(t, st)
	if len(got) != 1 {
		t.Fatalf("exported %d records, want 1", len(got))
	}
	AssertSameRecord(t, got[0], r)
	for _, e := range r.Entities {
		assertArticles(t, st, e.ID, 1)
	}
}

func testUpdateReplaces(t *testing.T, st store.Store) {
	ctx := context.Background()
	old := Record(6)
	upsertAll(t, st, old)

	upd := Record(6)
	upd.Title = "Revised: " + upd.Title
	upd.Entities = upd.Entities[:5]
	upd.Entities[0].Mentions = upd.Entities[0].Mentions[:1]
	upd.Quotes = upd.Quotes[:2]
	upd.Events = upd.Events[1:3]
	upd.Extractor = "fixture/2"
	upd.EnrichedAt = upd.EnrichedAt.Add(time.Hour)
	upsertAll(t, st, upd)

	got, err := st.Get(ctx, upd.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	AssertSameRecord(t, got, upd)
	page, err := st.Articles(ctx, store.ArticleQuery{Text: "Revised"})
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != upd.ID {
		t.Errorf("text search for the new title: %v, %v; want the updated article", page.Items, err)
	}
	if all := exportAll(t, st); len(all) != 1 {
		t.Fatalf("exported %d records after an update, want 1", len(all))
	}
	assertStats(t, st, ExpectedStats([]*events.EnrichedArticle{upd}, entityIDs(old)...))
	for i, e := range old.Entities {
		want := 0
		if i < 5 {
			want = 1
		}
		assertArticles(t, st, e.ID, want)
	}
}

func testRegistry(t *testing.T, st store.Store) {
	ctx := context.Background()
	const id = "per:ada-quint"
	day1 := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	day2 := day1.AddDate(0, 0, 5)
	earlier, later := Record(10), Record(11)
	earlier.Published, later.Published = &day1, &day2
	earlier.Entities = append(earlier.Entities, events.Entity{ID: id, Type: events.EntityPerson, Name: "Ada Quint",
		Aliases: []string{"Quint"}, Mentions: []events.Mention{{Text: "Filed", Start: 0, End: 5, Kind: "name"}}})
	later.Entities = append(later.Entities, events.Entity{ID: id, Type: events.EntityPerson, Name: "Ada Quinte",
		Aliases: []string{"Dr Quint", "Quint"}, Mentions: []events.Mention{{Text: "Filed", Start: 0, End: 5, Kind: "name"}}})

	// The later article arrives first: the registry must not depend on order.
	upsertAll(t, st, later, earlier)
	check := func() {
		t.Helper()
		e, err := st.Entity(ctx, id)
		if err != nil {
			t.Fatalf("Entity(%s): %v", id, err)
		}
		if !e.FirstSeen.Equal(day1) || !e.LastSeen.Equal(day2) {
			t.Errorf("first/last seen %s/%s, want %s/%s", e.FirstSeen, e.LastSeen, day1, day2)
		}
		if e.Name != "Ada Quinte" || e.Type != events.EntityPerson {
			t.Errorf("name %q type %q, want the latest article's %q PERSON", e.Name, e.Type, "Ada Quinte")
		}
		aliases := slices.Sorted(slices.Values(e.Aliases))
		if want := []string{"Ada Quint", "Dr Quint", "Quint"}; !slices.Equal(aliases, want) {
			t.Errorf("aliases %q, want %q (merged, the other name kept, no repeats)", aliases, want)
		}
		if e.Articles != 2 {
			t.Errorf("articles %d, want 2", e.Articles)
		}
	}
	check()
	upsertAll(t, st, earlier, later) // redeliveries change nothing
	check()
	assertStats(t, st, ExpectedStats([]*events.EnrichedArticle{earlier, later}))
	for _, e := range Record(10).Entities {
		want := 1
		if slices.Contains(entityIDs(later), e.ID) {
			want = 2
		}
		assertArticles(t, st, e.ID, want)
	}

	// A newer article spells the name differently: the registry follows it.
	day3 := day2.AddDate(0, 0, 1)
	latest := Record(12)
	latest.Published = &day3
	latest.Entities = append(latest.Entities, events.Entity{ID: id, Type: events.EntityPerson, Name: "Ada Quinté",
		Mentions: []events.Mention{{Text: "Filed", Start: 0, End: 5, Kind: "name"}}})
	upsertAll(t, st, latest)
	e, err := st.Entity(ctx, id)
	if err != nil {
		t.Fatalf("Entity(%s): %v", id, err)
	}
	if e.Name != "Ada Quinté" || !slices.Contains(e.Aliases, "Ada Quinte") || slices.Contains(e.Aliases, "Ada Quinté") ||
		!e.FirstSeen.Equal(day1) || !e.LastSeen.Equal(day3) || e.Articles != 3 {
		t.Errorf("after a newer spelling: %+v, want name Ada Quinté, the old name an alias, seen %s to %s, 3 articles", e, day1, day3)
	}
}

func testNotFound(t *testing.T, st store.Store) {
	ctx := context.Background()
	if _, err := st.Get(ctx, "no-such-article"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get of an unknown id: %v, want ErrNotFound", err)
	}
	upsertAll(t, st, Record(1))
	if _, err := st.Get(ctx, Record(2).ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get of an unknown id: %v, want ErrNotFound", err)
	}
	if _, err := st.Entity(ctx, "per:nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Entity of an unknown id: %v, want ErrNotFound", err)
	}
}

func testConcurrentSameID(t *testing.T, st store.Store) {
	const workers, rounds = 8, 5
	base := Record(20)
	titles := map[string]bool{}
	var variants []*events.EnrichedArticle
	for g := range workers {
		v := Record(20)
		v.Title = fmt.Sprintf("%s, variant %d", v.Title, g)
		titles[v.Title] = true
		variants = append(variants, v)
	}
	parallel(t, workers, func(g int) error {
		for range rounds {
			if err := st.Upsert(context.Background(), variants[g]); err != nil {
				return err
			}
		}
		return nil
	})
	assertCount(t, st, 1)
	assertStats(t, st, ExpectedStats([]*events.EnrichedArticle{base}))
	got, err := st.Get(context.Background(), base.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if !titles[got.Title] {
		t.Errorf("stored title %q is none of the variants written", got.Title)
	}
	for _, e := range base.Entities {
		assertArticles(t, st, e.ID, 1)
	}
}

func testConcurrentManyIDs(t *testing.T, st store.Store) {
	const workers, n = 4, 24
	recs := make([]*events.EnrichedArticle, n)
	for i := range recs {
		recs[i] = Record(100 + i)
	}
	// Workers write overlapping sets of records in their own orders:
	// concurrency and redelivery at once.
	parallel(t, workers, func(g int) error {
		for i := range n {
			if err := st.Upsert(context.Background(), recs[(i*(g+1)+g)%n]); err != nil {
				return err
			}
		}
		return nil
	})
	stored := recs // worker 0 writes every record
	assertCount(t, st, len(stored))
	assertStats(t, st, ExpectedStats(stored))
	naming := map[string]int{}
	for _, r := range stored {
		for _, id := range entityIDs(r) {
			naming[id]++
		}
	}
	for id, want := range naming {
		assertArticles(t, st, id, want)
	}
}

func testExportStops(t *testing.T, st store.Store) {
	upsertAll(t, st, Record(1), Record(2), Record(3))
	stop := errors.New("reader gave up")
	calls := 0
	err := st.Export(context.Background(), func(*events.EnrichedArticle) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Export with a failing fn: err %v after %d calls, want the fn's error after 1", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := st.Export(ctx, func(*events.EnrichedArticle) error { return nil }); err == nil {
		t.Error("Export with a cancelled context succeeded")
	}
}

func testSparse(t *testing.T, st store.Store) {
	ctx := context.Background()
	body := "Zoë Brandt spoke in Ærøskøbing. \"Nothing is settled yet,\" a spokesman said."
	bare := &events.EnrichedArticle{Article: events.Article{
		SchemaVersion: events.SchemaVersion, ID: "sparse-bare", Source: "bare.txt", Body: body,
		ReceivedAt: ReceivedAt(0),
	}}
	odd := &events.EnrichedArticle{
		Article: events.Article{
			SchemaVersion: events.SchemaVersion, ID: "sparse-odd", Source: "odd.txt", Body: body,
			ReceivedAt: ReceivedAt(1), Boilerplate: []string{"Photo: fixture"},
		},
		Entities: []events.Entity{
			{ID: "per:zoe-brandt", Type: events.EntityPerson, Name: "Zoë Brandt",
				Mentions: []events.Mention{{Text: "Zoë Brandt", Start: 0, End: 11, Kind: "name"}}},
			{ID: "loc:aeroskobing", Type: events.EntityLoc, Name: "Ærøskøbing",
				Mentions: []events.Mention{{Text: "Ærøskøbing", Start: 21, End: 34}}},
			// The same entity listed twice, and one without an id: kept in
			// the record, merged or skipped in the rows.
			{ID: "per:zoe-brandt", Type: events.EntityPerson, Name: "Zoe Brandt", Aliases: []string{"Brandt"},
				Mentions: []events.Mention{{Text: "Zoë", Start: 0, End: 4}}},
			{Type: events.EntityNORP, Name: "Danish"},
		},
		Quotes: []events.Quote{
			{Text: "Nothing is settled yet,", Start: 37, End: 60, Speaker: &events.Ref{Name: "a spokesman"}, Cue: "said"},
			{Text: "settled", Start: 48, End: 55, Partial: true},
		},
		Events: []events.Event{
			{Code: "010", RootCode: "01", Goldstein: 0, Actors: []events.Ref{{ID: "per:zoe-brandt", Name: "Zoë Brandt"}},
				Location: &events.Ref{ID: "loc:aeroskobing", Name: "Ærøskøbing"}, Evidence: events.Evidence{Text: "Zoë Brandt spoke in Ærøskøbing.", Start: 0, End: 35}},
			{Code: "190", Goldstein: -10, Actors: []events.Ref{{Name: "unknown attackers"}},
				Targets: []events.Ref{{ID: "loc:not-in-this-record", Name: "Elsewhere"}}, Time: &events.TimeExpr{Text: "yet"}},
			{Code: "0", Goldstein: 0.5},
		},
		Enriched: true,
	}
	upsertAll(t, st, bare, odd)
	for _, r := range []*events.EnrichedArticle{bare, odd} {
		got, err := st.Get(ctx, r.ID)
		if err != nil {
			t.Fatalf("Get(%s): %v", r.ID, err)
		}
		AssertSameRecord(t, got, r)
	}
	assertStats(t, st, ExpectedStats([]*events.EnrichedArticle{bare, odd}))
	e, err := st.Entity(ctx, "per:zoe-brandt")
	if err != nil {
		t.Fatalf("Entity: %v", err)
	}
	if e.Articles != 1 || !slices.Contains(e.Aliases, "Brandt") {
		t.Errorf("entity listed twice in one article: %+v, want one article and the aliases of both", e)
	}
}

func testInvalid(t *testing.T, st store.Store) {
	ctx := context.Background()
	if err := st.Upsert(ctx, nil); err == nil {
		t.Error("Upsert(nil) succeeded")
	}
	noID := Record(1)
	noID.ID = ""
	if err := st.Upsert(ctx, noID); err == nil {
		t.Error("Upsert of a record without id succeeded")
	}
	assertCount(t, st, 0)
}

func testCancelled(t *testing.T, st store.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := st.Upsert(ctx, Record(1)); err == nil {
		t.Error("Upsert with a cancelled context succeeded")
	}
	assertCount(t, st, 0)
	upsertAll(t, st, Record(1)) // the store is still usable
	assertCount(t, st, 1)
}

func testPing(t *testing.T, st store.Store) {
	if err := st.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

// upsertAll stores recs in order.
func upsertAll(t *testing.T, st store.Store, recs ...*events.EnrichedArticle) {
	t.Helper()
	for _, r := range recs {
		if err := st.Upsert(context.Background(), r); err != nil {
			t.Fatalf("Upsert(%s): %v", r.ID, err)
		}
	}
}

// exportAll collects the export.
func exportAll(t *testing.T, st store.Store) []*events.EnrichedArticle {
	t.Helper()
	var out []*events.EnrichedArticle
	if err := st.Export(context.Background(), func(r *events.EnrichedArticle) error {
		out = append(out, r)
		return nil
	}); err != nil {
		t.Fatalf("Export: %v", err)
	}
	return out
}

func assertCount(t *testing.T, st store.Store, want int) {
	t.Helper()
	assertRead(t, "Count", st.Count, want)
}

func assertStats(t *testing.T, st store.Store, want store.Stats) {
	t.Helper()
	assertRead(t, "Stats (row counts)", st.Stats, want)
}

func assertArticles(t *testing.T, st store.Store, id string, want int) {
	t.Helper()
	assertRead(t, "articles naming entity "+id, func(ctx context.Context) (int, error) {
		e, err := st.Entity(ctx, id)
		if err != nil {
			return 0, err
		}
		return e.Articles, nil
	}, want)
}

// assertRead requires read, named what, to succeed with want.
func assertRead[T comparable](t *testing.T, what string, read func(context.Context) (T, error), want T) {
	t.Helper()
	got, err := read(context.Background())
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got != want {
		t.Errorf("%s = %+v, want %+v", what, got, want)
	}
}

// assertOffsets checks that every offset of rec points at its text in the body.
func assertOffsets(t *testing.T, rec *events.EnrichedArticle) {
	t.Helper()
	at := func(what string, start, end int, text string) {
		if start < 0 || end > len(rec.Body) || start > end || rec.Body[start:end] != text {
			t.Errorf("%s %s: [%d,%d) does not hold %q", rec.ID, what, start, end, text)
		}
	}
	for _, e := range rec.Entities {
		for _, m := range e.Mentions {
			at("mention of "+e.ID, m.Start, m.End, m.Text)
		}
	}
	for i, q := range rec.Quotes {
		at(fmt.Sprintf("quote %d", i), q.Start, q.End, q.Text)
	}
	for i, ev := range rec.Events {
		at(fmt.Sprintf("event %d evidence", i), ev.Evidence.Start, ev.Evidence.End, ev.Evidence.Text)
	}
}

func entityIDs(rec *events.EnrichedArticle) []string {
	var out []string
	for _, e := range rec.Entities {
		out = append(out, e.ID)
	}
	return out
}

// parallel runs fn(0..n-1) at once and fails t with their errors.
func parallel(t *testing.T, n int, fn func(g int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for g := range n {
		wg.Go(func() { errs[g] = fn(g) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}
