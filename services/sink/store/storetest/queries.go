package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// queryCases are the Reader's conformance cases, run by RunConformance.
func queryCases() []struct {
	name string
	fn   func(t *testing.T, st store.Store)
} {
	return []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"QueryEntities", testQueryEntities},
		{"QueryArticles", testQueryArticles},
		{"QueryEvents", testQueryEvents},
		{"QueryQuotes", testQueryQuotes},
		{"QueryBadCursor", testQueryBadCursor},
	}
}

// queryRecords stores fixture records 0…9 in that order and returns them.
func queryRecords(t *testing.T, st store.Store) []*events.EnrichedArticle {
	t.Helper()
	recs := make([]*events.EnrichedArticle, 10)
	for i := range recs {
		recs[i] = Record(i)
		upsertAll(t, st, recs[i])
	}
	return recs
}

// collect pages through a query with a small page size and returns every item.
func collect[T any](t *testing.T, what string, fetch func(cursor string) (store.Page[T], error)) []T {
	t.Helper()
	var out []T
	cursor := ""
	for range 1000 {
		page, err := fetch(cursor)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out
		}
		cursor = page.Next
	}
	t.Fatalf("%s: paging does not end", what)
	return nil
}

func testQueryEntities(t *testing.T, st store.Store) {
	ctx := context.Background()
	recs := queryRecords(t, st)
	want := map[string]int{} // id → articles naming it
	types := map[string]string{}
	for _, r := range recs {
		for _, e := range r.Entities {
			want[e.ID]++
			types[e.ID] = e.Type
		}
	}
	all := collect(t, "Entities", func(c string) (store.Page[store.Entity], error) {
		return st.Entities(ctx, store.EntityQuery{Cursor: c, Limit: 7})
	})
	if len(all) != len(want) {
		t.Fatalf("paged through %d entities, want %d", len(all), len(want))
	}
	seen := map[string]bool{}
	for i, e := range all {
		if seen[e.ID] {
			t.Errorf("entity %s listed twice", e.ID)
		}
		seen[e.ID] = true
		if e.Articles != want[e.ID] {
			t.Errorf("entity %s: %d articles, want %d", e.ID, e.Articles, want[e.ID])
		}
		if i > 0 && (all[i-1].Articles < e.Articles || all[i-1].Articles == e.Articles && all[i-1].ID > e.ID) {
			t.Errorf("entities out of order at %d: %s (%d) before %s (%d)", i, all[i-1].ID, all[i-1].Articles, e.ID, e.Articles)
		}
	}
	orgs := collect(t, "Entities(type ORG)", func(c string) (store.Page[store.Entity], error) {
		return st.Entities(ctx, store.EntityQuery{Type: events.EntityOrg, Cursor: c, Limit: 3})
	})
	wantOrgs := 0
	for _, ty := range types {
		if ty == events.EntityOrg {
			wantOrgs++
		}
	}
	if len(orgs) != wantOrgs {
		t.Errorf("%d ORG entities, want %d", len(orgs), wantOrgs)
	}
	for _, e := range orgs {
		if e.Type != events.EntityOrg {
			t.Errorf("type filter ORG returned %s of type %s", e.ID, e.Type)
		}
	}
	page, err := st.Entities(ctx, store.EntityQuery{NamePrefix: "MARTA l"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].ID != "per:marta-lindqvist" {
		t.Errorf("name prefix %q: got %v, want per:marta-lindqvist alone", "MARTA l", page.Items)
	}
	for _, odd := range []string{"%", "_arta", `\`} {
		page, err := st.Entities(ctx, store.EntityQuery{NamePrefix: odd})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("name prefix %q (a wildcard, taken literally): %d items, %v; want none", odd, len(page.Items), err)
		}
	}
}

func testQueryArticles(t *testing.T, st store.Store) {
	ctx := context.Background()
	recs := queryRecords(t, st)
	all := collect(t, "Articles", func(c string) (store.Page[store.ArticleSummary], error) {
		return st.Articles(ctx, store.ArticleQuery{Cursor: c, Limit: 3})
	})
	if len(all) != len(recs) {
		t.Fatalf("paged through %d articles, want %d", len(all), len(recs))
	}
	for i, a := range all { // most recently stored first
		r := recs[len(recs)-1-i]
		if a.ID != r.ID || a.Title != r.Title || a.Source != r.Source || !a.ReceivedAt.Equal(r.ReceivedAt) {
			t.Errorf("article %d: %+v, want record %s %q", i, a, r.ID, r.Title)
		}
		if (a.Published == nil) != (r.Published == nil) || a.Published != nil && !a.Published.Equal(*r.Published) {
			t.Errorf("article %s: published %v, want %v", a.ID, a.Published, r.Published)
		}
	}
	ids := func(q store.ArticleQuery) []string {
		t.Helper()
		q.Limit = store.MaxLimit
		page, err := st.Articles(ctx, q)
		if err != nil {
			t.Fatalf("Articles(%+v): %v", q, err)
		}
		var out []string
		for _, a := range page.Items {
			out = append(out, a.ID)
		}
		slices.Sort(out)
		return out
	}
	expect := func(keep func(r *events.EnrichedArticle) bool) []string {
		var out []string
		for _, r := range recs {
			if keep(r) {
				out = append(out, r.ID)
			}
		}
		slices.Sort(out)
		return out
	}
	const who = "per:marta-lindqvist"
	if got, want := ids(store.ArticleQuery{EntityID: who}), expect(func(r *events.EnrichedArticle) bool {
		return slices.Contains(entityIDs(r), who)
	}); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("articles naming %s: %v, want %v", who, got, want)
	}
	if got, want := ids(store.ArticleQuery{Text: "Lindqvist"}), expect(func(r *events.EnrichedArticle) bool {
		return strings.Contains(r.Body, "Lindqvist")
	}); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("text search Lindqvist: %v, want %v", got, want)
	}
	if got := ids(store.ArticleQuery{Text: `"unbalanced AND ( OR nowhereword`}); len(got) != 0 {
		t.Errorf("text search of operators and an unknown word: %v, want none", got)
	}
	since, until := store.SeenAt(recs[3]), store.SeenAt(recs[7])
	if got, want := ids(store.ArticleQuery{Since: since, Until: until}), expect(func(r *events.EnrichedArticle) bool {
		s := store.SeenAt(r)
		return !s.Before(since) && s.Before(until)
	}); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("articles seen in [%s, %s): %v, want %v", since, until, got, want)
	}
	if got := ids(store.ArticleQuery{Since: time.Now().Add(time.Hour)}); len(got) != 0 {
		t.Errorf("articles since the future: %v", got)
	}
}

func testQueryEvents(t *testing.T, st store.Store) {
	ctx := context.Background()
	recs := queryRecords(t, st)
	type row struct {
		article string
		ev      events.Event
	}
	var all []row
	for _, r := range recs {
		for _, ev := range r.Events {
			all = append(all, row{r.ID, ev})
		}
	}
	check := func(name string, q store.EventQuery, keep func(row) bool) {
		t.Helper()
		got := collect(t, "Events "+name, func(c string) (store.Page[store.EventRow], error) {
			q.Cursor, q.Limit = c, 4
			return st.Events(ctx, q)
		})
		var want []string
		for _, r := range all {
			if keep(r) {
				want = append(want, r.article+string(mustJSON(t, r.ev)))
			}
		}
		var have []string
		last := ""
		for _, g := range got {
			have = append(have, g.ArticleID+string(mustJSON(t, g.Event)))
			date := "9999-12-31"
			if g.Time != nil && g.Time.Date != "" {
				date = g.Time.Date
			}
			if date < last {
				t.Errorf("events %s: not a timeline (%s after %s)", name, date, last)
			}
			last = date
		}
		slices.Sort(want)
		slices.Sort(have)
		if len(want) == 0 || !slices.Equal(have, want) {
			t.Errorf("events %s: %d events, want %d (the records' events, with participants)", name, len(have), len(want))
		}
	}
	has := func(refs []events.Ref, id string) bool {
		return slices.ContainsFunc(refs, func(r events.Ref) bool { return r.ID == id })
	}
	const who, where = "per:marta-lindqvist", "loc:valmora"
	check("all", store.EventQuery{}, func(row) bool { return true })
	check("root 04", store.EventQuery{Root: "04"}, func(r row) bool { return r.ev.RootCode == "04" })
	check("actor", store.EventQuery{ActorID: who}, func(r row) bool { return has(r.ev.Actors, who) })
	check("participant", store.EventQuery{ParticipantID: who}, func(r row) bool {
		return has(r.ev.Actors, who) || has(r.ev.Targets, who)
	})
	check("location", store.EventQuery{LocationID: where}, func(r row) bool {
		return r.ev.Location != nil && r.ev.Location.ID == where
	})
	from, to := "2025-03-01", "2025-03-02"
	check("date range", store.EventQuery{Root: "03", From: from, To: to}, func(r row) bool {
		return r.ev.RootCode == "03" && r.ev.Time != nil && r.ev.Time.Date >= from && r.ev.Time.Date <= to
	})
}

func testQueryQuotes(t *testing.T, st store.Store) {
	ctx := context.Background()
	recs := queryRecords(t, st)
	const who = "per:marta-lindqvist"
	var want []string
	for _, r := range recs {
		for _, q := range r.Quotes {
			if q.Speaker != nil && q.Speaker.ID == who {
				want = append(want, r.ID+string(mustJSON(t, q)))
			}
		}
	}
	got := collect(t, "Quotes", func(c string) (store.Page[store.QuoteRow], error) {
		return st.Quotes(ctx, store.QuoteQuery{SpeakerID: who, Cursor: c, Limit: 2})
	})
	var have []string
	for _, g := range got {
		have = append(have, g.ArticleID+string(mustJSON(t, g.Quote)))
	}
	if len(want) == 0 || !slices.Equal(have, want) {
		t.Errorf("quotes of %s: got %q, want %q (in storage order)", who, have, want)
	}
	all := collect(t, "Quotes", func(c string) (store.Page[store.QuoteRow], error) {
		return st.Quotes(ctx, store.QuoteQuery{Cursor: c, Limit: 5})
	})
	if n := ExpectedStats(recs).Quotes; len(all) != n {
		t.Errorf("paged through %d quotes, want %d", len(all), n)
	}
}

func testQueryBadCursor(t *testing.T, st store.Store) {
	ctx := context.Background()
	queryRecords(t, st)
	for _, c := range []string{"%%%", "bm90LWEtY3Vyc29y", "MTIz"} {
		_, err1 := st.Articles(ctx, store.ArticleQuery{Cursor: c + "x"})
		_, err2 := st.Entities(ctx, store.EntityQuery{Cursor: c})
		_, err3 := st.Events(ctx, store.EventQuery{Cursor: c})
		_, err4 := st.Quotes(ctx, store.QuoteQuery{Cursor: c})
		for i, err := range []error{err1, err2, err3, err4} {
			if !errors.Is(err, store.ErrBadCursor) {
				t.Errorf("query %d with cursor %q: %v, want ErrBadCursor", i, c, err)
			}
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
