package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/api"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/pgtest"
)

// seedRecords extracts the seed articles (stagetest.Seeds) with
// `go run ./cmd/tidings extract`, skipping when they are not there.
func seedRecords(t *testing.T) []*events.EnrichedArticle {
	t.Helper()
	root := stagetest.RepoRoot(t)
	seeds := stagetest.Seeds(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append([]string{"run", "./cmd/tidings", "extract"}, seeds...)...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tidings extract: %v: %s", err, stderr.Bytes())
	}
	var recs []*events.EnrichedArticle
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var rec events.EnrichedArticle
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("decode extracted record: %v", err)
		}
		recs = append(recs, &rec)
	}
	if len(recs) != len(seeds) {
		t.Fatalf("extracted %d records from %d seeds", len(recs), len(seeds))
	}
	return recs
}

// TestAcceptanceSeeds stores the four seed articles in each store and asks
// the read API what a new user would (issue 4's acceptance).
func TestAcceptanceSeeds(t *testing.T) {
	recs := seedRecords(t)
	stores := map[string]func(t *testing.T) store.Store{
		"sqlite": openSQLite,
		"postgres": func(t *testing.T) store.Store {
			st, err := store.Open(context.Background(), pgtest.URL(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = st.Close() })
			return st
		},
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			for _, r := range recs {
				if err := st.Upsert(context.Background(), r); err != nil {
					t.Fatal(err)
				}
			}
			srv := httptest.NewServer(api.Handler(st, ""))
			defer srv.Close()
			checkSeeds(t, srv)
		})
	}
}

func checkSeeds(t *testing.T, srv *httptest.Server) {
	var people struct {
		Items []struct {
			ID           string `json:"id"`
			Name         string `json:"name"`
			ArticleCount int    `json:"article_count"`
		} `json:"items"`
	}
	get(t, srv, "/api/v1/entities?type=PERSON&limit=500", "", http.StatusOK, &people)
	counts := map[string]int{}
	for _, p := range people.Items {
		counts[p.ID] = p.ArticleCount
	}
	// By id: the registry names an entity as its latest article does, and
	// the enricher may call Keir Starmer "Sir Keir" there.
	for _, who := range []string{"per:john-healey", "per:keir-starmer"} {
		if counts[who] != 3 {
			t.Errorf("GET /api/v1/entities?type=PERSON: %s in %d articles, want 3", who, counts[who])
		}
	}

	var healey struct {
		Name         string `json:"name"`
		ArticleCount int    `json:"article_count"`
		Articles     struct {
			Items []store.ArticleSummary `json:"items"`
		} `json:"articles"`
		Quotes struct {
			Items []store.QuoteRow `json:"items"`
		} `json:"quotes"`
		Events struct {
			Items []store.EventRow `json:"items"`
		} `json:"events"`
	}
	get(t, srv, "/api/v1/entities/per:john-healey", "", http.StatusOK, &healey)
	if healey.Name != "John Healey" || healey.ArticleCount != 3 || len(healey.Articles.Items) != 3 {
		t.Errorf("entity page: %q in %d articles (%d listed), want John Healey in 3", healey.Name, healey.ArticleCount, len(healey.Articles.Items))
	}
	if len(healey.Quotes.Items) == 0 {
		t.Error("entity page lists no quotes of John Healey")
	}
	for _, q := range healey.Quotes.Items {
		if q.Speaker == nil || q.Speaker.ID != "per:john-healey" {
			t.Errorf("entity page quote %q is not his", q.Text)
		}
	}
	if len(healey.Events.Items) == 0 {
		t.Error("entity page lists no events of John Healey")
	}
	for _, e := range healey.Events.Items {
		in := slices.ContainsFunc(append(slices.Clone(e.Actors), e.Targets...), func(r events.Ref) bool { return r.ID == "per:john-healey" })
		if !in {
			t.Errorf("entity page event %s %q does not involve him", e.Code, e.Evidence.Text)
		}
	}

	var meetings struct {
		Items []store.EventRow `json:"items"`
	}
	get(t, srv, "/api/v1/events?root=04&limit=500", "", http.StatusOK, &meetings)
	if len(meetings.Items) == 0 {
		t.Error("GET /api/v1/events?root=04 returns no meetings")
	}
	for _, e := range meetings.Items {
		if e.RootCode != "04" {
			t.Errorf("root=04 returned an event of root %s", e.RootCode)
		}
	}

	var e apiError
	get(t, srv, "/api/v1/entities/per:no-such-person", "", http.StatusNotFound, &e)
	get(t, srv, "/api/v1/articles/0000", "", http.StatusNotFound, &e)
	if e.Error.Status != 404 || e.Error.Message == "" {
		t.Errorf("unknown id: %+v, want a JSON 404 with a message", e)
	}
}
