package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/services/sink/api"
	"github.com/tidings-news/tidings/services/sink/store"
	"github.com/tidings-news/tidings/services/sink/store/pgtest"
	"github.com/tidings-news/tidings/services/sink/store/storetest"
)

// sqlWords are words of SQL error text that must never reach a client.
var sqlWords = []string{"SQL", "sql", "fts5", "syntax", "LIKE", "pattern", "SQLSTATE", "tsquery"}

// TestHostileQueriesAnswerClearly: what a careless or hostile client sends
// gets a 400 naming the limit (never a 500, never SQL error text), and
// quickly, from either store.
func TestHostileQueriesAnswerClearly(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { hostileQueries(t, fixtureServer(t, "")) })
	t.Run("postgres", func(t *testing.T) {
		st, err := store.Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		for i := range 6 {
			if err := st.Upsert(context.Background(), storetest.Record(i)); err != nil {
				t.Fatal(err)
			}
		}
		srv := httptest.NewServer(api.Handler(st, ""))
		t.Cleanup(srv.Close)
		hostileQueries(t, srv)
	})
}

func hostileQueries(t *testing.T, srv *httptest.Server) {
	words := strings.TrimSpace(strings.Repeat("ferry ", 50_000))
	cases := []statusCase{
		{"/api/v1/articles?q=%00", 400, "q is not text"},
		{"/api/v1/articles?q=%FF", 400, "q is not text"},
		{"/api/v1/articles?q=" + url.QueryEscape("!!! ---"), 200, `"items":[]`},
		{"/api/v1/articles?q=" + url.QueryEscape(`"ferry`), 200, ""},
		{"/api/v1/articles?q=" + url.QueryEscape(`ferry OR NEAR(x y) * ^col:`), 200, ""},
		{"/api/v1/entities?name=%00", 400, "name is not text"},
		{"/api/v1/entities/%FF", 404, "not found"},
		{"/api/v1/entities?name=" + url.QueryEscape(`50%_\`), 200, ""},
		{"/api/v1/entities?name=" + strings.Repeat("a", 50_000), 400, "name is longer than"},
		{"/api/v1/articles?q=" + url.QueryEscape(words), 400, "q is longer than"},
		{"/api/v1/articles?q=" + url.QueryEscape(strings.Repeat("a ", 40)), 400, "q has more than 32 words"},
		{"/api/v1/articles?q=" + strings.Repeat("x", 5_000), 400, "q is longer than"},
		{"/api/v1/articles?entity=" + strings.Repeat("a", 5_000), 400, "entity is longer than"},
		{"/api/v1/articles?q=ferry&q=rescue", 400, "given 2 times; give it once"},
		{"/api/v1/articles/%00", 404, "not found"},
	}
	for _, c := range cases {
		start := time.Now()
		status, _, body := do(t, srv, "GET", c.path, "", "")
		if status != c.status || !strings.Contains(body, c.says) {
			t.Errorf("GET %.60s…: status %d, want %d with %q: %.300s", c.path, status, c.status, c.says, body)
		}
		for _, w := range sqlWords {
			if strings.Contains(body, w) {
				t.Errorf("GET %.60s…: the answer leaks %q: %.300s", c.path, w, body)
			}
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("GET %.60s…: took %v", c.path, d)
		}
	}
}

// TestEchoedIDIsTruncated: a 404 names the id it did not find, cut short.
func TestEchoedIDIsTruncated(t *testing.T) {
	srv := fixtureServer(t, "")
	id := strings.Repeat("z", 20_000)
	status, _, body := do(t, srv, "GET", "/api/v1/articles/"+id, "", "")
	if status != 404 || len(body) > 1000 || !strings.Contains(body, "zzzz…") {
		t.Errorf("unknown 20,000-character id: status %d, %d-byte body, want 404 with the id cut short: %.200s", status, len(body), body)
	}
}

// TestMethodsAndUnknownPaths: a wrong method is a 405 naming the allowed
// ones; any unknown path under /api/ is a JSON 404.
func TestMethodsAndUnknownPaths(t *testing.T) {
	srv := fixtureServer(t, "")
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		for _, p := range []string{"/api/v1/articles", "/api/v1/articles/x", "/api/v1/entities", "/api/v1/openapi.json"} {
			status, h, body := do(t, srv, m, p, "", "")
			if status != http.StatusMethodNotAllowed || h.Get("Allow") != "GET, HEAD" || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("%s %s: status %d, Allow %q, type %q, want 405 with Allow \"GET, HEAD\" and JSON: %s", m, p, status, h.Get("Allow"), h.Get("Content-Type"), body)
			}
		}
	}
	for _, p := range []string{"/api/", "/api/v2/articles", "/api/nothing"} {
		status, h, body := do(t, srv, "GET", p, "", "")
		if status != 404 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !strings.Contains(body, "no such endpoint") {
			t.Errorf("GET %s: status %d, type %q, want a JSON 404: %s", p, status, h.Get("Content-Type"), body)
		}
	}
}

// TestBearerSchemeIsCaseInsensitive: RFC 9110 makes the scheme name
// case-insensitive.
func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	srv := fixtureServer(t, "s3cret")
	for _, auth := range []string{"Bearer s3cret", "bearer s3cret", "BEARER  s3cret"} {
		if status, _, body := do(t, srv, "GET", "/api/v1/entities", auth, ""); status != 200 {
			t.Errorf("Authorization %q: status %d, want 200: %s", auth, status, body)
		}
	}
	for _, auth := range []string{"Basic s3cret", "Bearer", "Bearers3cret", "bearer S3CRET"} {
		if status, _, _ := do(t, srv, "GET", "/api/v1/entities", auth, ""); status != 401 {
			t.Errorf("Authorization %q: status %d, want 401", auth, status)
		}
	}
}
