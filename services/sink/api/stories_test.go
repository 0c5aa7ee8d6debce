package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tidings-news/tidings/services/sink/api"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

// GET /api/v1/articles?duplicates=false leaves near duplicates out;
// ?story= keeps a story's articles; GET /api/v1/stories lists the stories;
// GET /api/v1/articles/{id} names the article's story and original.
func TestDuplicatesAndStories(t *testing.T) {
	st := openSQLite(t)
	a, b, c := storetest.Record(1), storetest.Record(2), storetest.Record(3)
	a.StoryID, b.StoryID, c.StoryID = "st-a", "st-a", "st-c"
	b.DuplicateOf = a.ID
	ctx := context.Background()
	if err := st.Upsert(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := st.Upsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := st.Upsert(ctx, c); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.Handler(st, ""))
	defer srv.Close()
	var list struct {
		Items []store.ArticleSummary `json:"items"`
	}
	get(t, srv, "/api/v1/articles?duplicates=false", "", http.StatusOK, &list)
	if len(list.Items) != 2 {
		t.Errorf("duplicates=false: %d articles, want 2", len(list.Items))
	}
	get(t, srv, "/api/v1/articles?story=st-a", "", http.StatusOK, &list)
	if len(list.Items) != 2 {
		t.Errorf("story=st-a: %d articles, want 2", len(list.Items))
	}
	get(t, srv, "/api/v1/articles?duplicates=maybe", "", http.StatusBadRequest, nil)
	var stories struct {
		Items []store.Story `json:"items"`
	}
	get(t, srv, "/api/v1/stories", "", http.StatusOK, &stories)
	if len(stories.Items) != 2 || stories.Items[1].ID != "st-a" || stories.Items[1].Articles != 2 {
		t.Errorf("stories %+v", stories.Items)
	}
	var rec struct {
		StoryID     string `json:"story_id"`
		DuplicateOf string `json:"duplicate_of"`
	}
	get(t, srv, "/api/v1/articles/"+b.ID, "", http.StatusOK, &rec)
	if rec.StoryID != "st-a" || rec.DuplicateOf != a.ID {
		t.Errorf("article %s: %+v", b.ID, rec)
	}
}
