package storetest

import (
	"context"
	"testing"

	"github.com/tidings-news/tidings/services/sink/store"
)

// testStories: near duplicates are marked and can be left out; articles of
// one story are listed together with their main entities and events.
func testStories(t *testing.T, st store.Store) {
	ctx := context.Background()
	a, b, c, d := Record(1), Record(2), Record(3), Record(4)
	a.StoryID, b.StoryID, c.StoryID = "st-one", "st-one", "st-two"
	b.DuplicateOf = a.ID
	upsertAll(t, st, a, b, c, d)
	all, err := st.Articles(ctx, store.ArticleQuery{})
	if err != nil || len(all.Items) != 4 {
		t.Fatalf("articles: %d, %v", len(all.Items), err)
	}
	for _, s := range all.Items {
		if s.ID == b.ID && (s.DuplicateOf != a.ID || s.StoryID != "st-one") {
			t.Errorf("summary of the duplicate: %+v", s)
		}
	}
	originals, err := st.Articles(ctx, store.ArticleQuery{NoDuplicates: true})
	if err != nil || len(originals.Items) != 3 {
		t.Fatalf("articles without duplicates: %d, %v", len(originals.Items), err)
	}
	for _, s := range originals.Items {
		if s.ID == b.ID {
			t.Error("the duplicate was listed")
		}
	}
	one, err := st.Articles(ctx, store.ArticleQuery{StoryID: "st-one"})
	if err != nil || len(one.Items) != 2 {
		t.Fatalf("articles of st-one: %d, %v", len(one.Items), err)
	}
	got, err := st.Get(ctx, b.ID)
	if err != nil || got.DuplicateOf != a.ID || got.StoryID != "st-one" {
		t.Fatalf("record of the duplicate: %v %v", got, err)
	}
	page, err := st.Stories(ctx, store.StoryQuery{Limit: 1})
	if err != nil || len(page.Items) != 1 || page.Next == "" || page.Items[0].ID != "st-two" {
		t.Fatalf("first page of stories: %+v, %v", page, err)
	}
	next, err := st.Stories(ctx, store.StoryQuery{Cursor: page.Next})
	if err != nil || len(next.Items) != 1 || next.Next != "" {
		t.Fatalf("second page of stories: %+v, %v", next, err)
	}
	s := next.Items[0]
	if s.ID != "st-one" || s.Articles != 2 || len(s.Items) != 2 || s.FirstSeen.After(s.LastSeen) || len(s.Entities) == 0 {
		t.Errorf("story st-one: %+v", s)
	}
	if s.Entities[0].Articles != 2 && len(a.Entities) > 0 {
		t.Logf("main entity of st-one: %+v", s.Entities[0])
	}
}
