package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/tidings-news/tidings/services/sink/api"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/pgtest"
	"github.com/tidings-news/tidings/services/sink/store/sqlite/sqlitetest"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// openSQLite opens an empty SQLite store for t.
func openSQLite(t *testing.T) store.Store {
	t.Helper()
	return sqlitetest.Open(t)
}

// do sends method path to srv, with body as JSON when not empty and auth
// as the Authorization header when not empty, and returns the status, the
// headers and the body of the answer.
func do(t *testing.T, srv *httptest.Server, method, path, auth, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %.80s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %.80s: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// get requests path from srv and decodes the JSON answer into out (when
// not nil), failing t unless the status is want.
func get(t *testing.T, srv *httptest.Server, path, token string, want int, out any) {
	t.Helper()
	auth := ""
	if token != "" {
		auth = "Bearer " + token
	}
	status, h, body := do(t, srv, http.MethodGet, path, auth, "")
	if status != want {
		t.Fatalf("GET %s: status %d, want %d: %s", path, status, want, body)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: content type %q, want JSON", path, ct)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(body), out); err != nil {
			t.Fatalf("GET %s: %v: %s", path, err, body)
		}
	}
}

// apiError is the JSON of an error answer.
type apiError struct {
	Error struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	} `json:"error"`
}

func fixtureServer(t *testing.T, token string) *httptest.Server {
	t.Helper()
	st := openSQLite(t)
	for i := range 6 {
		if err := st.Upsert(context.Background(), storetest.Record(i)); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(api.Handler(st, token))
	t.Cleanup(srv.Close)
	return srv
}

// statusCase is a request and what its answer must be: a status, and a
// body holding says.
type statusCase struct {
	path   string
	status int
	says   string
}

func TestErrors(t *testing.T) {
	srv := fixtureServer(t, "")
	cases := []statusCase{
		{"/api/v1/articles/no-such-id", 404, "not found"},
		{"/api/v1/entities/per:nobody", 404, "not found"},
		{"/api/v1/nothing-here", 404, "no such endpoint"},
		{"/api/v1/events?root=4", 400, "root="},
		{"/api/v1/events?from=2025-13-01", 400, "from="},
		{"/api/v1/events?from=2025-03-05&to=2025-03-01", 400, "from must not be after to"},
		{"/api/v1/articles?limit=0", 400, "limit="},
		{"/api/v1/articles?limit=100000", 400, "limit="},
		{"/api/v1/articles?since=yesterday", 400, "since="},
		{"/api/v1/articles?entiti=per:x", 400, `unknown parameter "entiti"`},
		{"/api/v1/entities?type=person", 400, "type="},
		{"/api/v1/quotes?cursor=garbage!", 400, "invalid cursor"},
	}
	for _, c := range cases {
		var e apiError
		get(t, srv, c.path, "", c.status, &e)
		if e.Error.Status != c.status || !strings.Contains(e.Error.Message, c.says) {
			t.Errorf("GET %s: error %+v, want status %d and a message with %q", c.path, e.Error, c.status, c.says)
		}
	}
}

func TestBearerToken(t *testing.T) {
	srv := fixtureServer(t, "s3cret")
	var e apiError
	get(t, srv, "/api/v1/entities", "", http.StatusUnauthorized, &e)
	if !strings.Contains(e.Error.Message, "Bearer") {
		t.Errorf("401 message %q should say how to authenticate", e.Error.Message)
	}
	get(t, srv, "/api/v1/entities", "wrong", http.StatusUnauthorized, nil)
	get(t, srv, "/api/v1/nowhere", "", http.StatusUnauthorized, nil)
	get(t, srv, "/api/v1/entities", "s3cret", http.StatusOK, nil)
	get(t, srv, "/api/v1/openapi.json", "", http.StatusOK, nil)
}

func TestListsPage(t *testing.T) {
	srv := fixtureServer(t, "")
	type page struct {
		Items []struct {
			ID           string `json:"id"`
			ArticleCount int    `json:"article_count"`
		} `json:"items"`
		NextCursor string `json:"next_cursor"`
	}
	seen := map[string]bool{}
	path := "/api/v1/entities?type=PERSON&limit=2"
	for range 100 {
		var p page
		get(t, srv, path, "", http.StatusOK, &p)
		for _, it := range p.Items {
			if seen[it.ID] {
				t.Errorf("%s listed twice", it.ID)
			}
			seen[it.ID] = true
		}
		if p.NextCursor == "" {
			break
		}
		path = "/api/v1/entities?type=PERSON&limit=2&cursor=" + p.NextCursor
	}
	if len(seen) < 3 {
		t.Errorf("paged through %d people, want several", len(seen))
	}
	var arts page
	get(t, srv, "/api/v1/articles?q=ferry&limit=500", "", http.StatusOK, &arts)
	if len(arts.Items) != 6 {
		t.Errorf("text search: %d articles, want 6", len(arts.Items))
	}
	var empty map[string]any
	get(t, srv, "/api/v1/quotes?speaker=per:nobody", "", http.StatusOK, &empty)
	if items, ok := empty["items"].([]any); !ok || len(items) != 0 {
		t.Errorf("empty list: %v, want items: []", empty)
	}
}
