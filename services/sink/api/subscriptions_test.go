package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/sink/api"
	"github.com/tidings-news/tidings/services/sink/webhook"
)

// The subscriptions API: create (201, the secret never shown again), list,
// get, delete (204, then 404); bad subscriptions are 400s that say why.
func TestSubscriptionsAPI(t *testing.T) {
	env := stagetest.Start(t)
	st := openSQLite(t)
	m := webhook.New(env.JS, st, webhook.Config{}, nil, nil, zap.NewNop())
	srv := httptest.NewServer(api.HandlerWith(st, api.Options{Subscriptions: m}))
	defer srv.Close()

	code, _, body := do(t, srv, "POST", "/api/v1/subscriptions", "", `{"subject": "tidings.events.v1.19.>", "url": "https://203.0.113.9/hook", "secret": "0123456789abcdef", "name": "fights"}`)
	if code != http.StatusCreated || strings.Contains(body, "0123456789abcdef") {
		t.Fatalf("create: %d %s", code, body)
	}
	var v webhook.View
	if err := json.Unmarshal([]byte(body), &v); err != nil || v.ID == "" || v.Name != "fights" || v.Subject != "tidings.events.v1.19.>" {
		t.Fatalf("created %s (%v)", body, err)
	}
	if code, _, body := do(t, srv, "GET", "/api/v1/subscriptions", "", ""); code != 200 || !strings.Contains(body, v.ID) || strings.Contains(body, "0123456789abcdef") {
		t.Errorf("list: %d %s", code, body)
	}
	if code, _, body := do(t, srv, "GET", "/api/v1/subscriptions/"+v.ID, "", ""); code != 200 || !strings.Contains(body, `"stats"`) {
		t.Errorf("get: %d %s", code, body)
	}
	if code, _, _ := do(t, srv, "DELETE", "/api/v1/subscriptions/"+v.ID, "", ""); code != http.StatusNoContent {
		t.Errorf("delete: %d", code)
	}
	if code, _, _ := do(t, srv, "GET", "/api/v1/subscriptions/"+v.ID, "", ""); code != http.StatusNotFound {
		t.Errorf("get after delete: %d", code)
	}
	if code, _, _ := do(t, srv, "DELETE", "/api/v1/subscriptions/"+v.ID, "", ""); code != http.StatusNotFound {
		t.Errorf("delete again: %d", code)
	}

	for body, want := range map[string]string{
		`{"subject": "tidings.enriched.v1", "url": "https://203.0.113.9/", "secret": "0123456789abcdef"}`: "is not a fan-out subject",
		`{"subject": "tidings.quotes.v1", "url": "gopher://203.0.113.9/", "secret": "0123456789abcdef"}`:  `scheme \"gopher\" is not http or https`,
		`{"subject": "tidings.quotes.v1", "url": "http://127.0.0.1:9/", "secret": "0123456789abcdef"}`:    "--webhook-allow-private",
		`{"subject": "tidings.quotes.v1", "url": "not a url", "secret": "0123456789abcdef"}`:              "is not http or https",
		`{"subject": "tidings.quotes.v1", "url": "https://203.0.113.9/"}`:                                 "secret is missing",
		`{"subject": "tidings.quotes.v1", "url": "https://203.0.113.9/", "secret": "x", "colour": "red"}`: `unknown field \"colour\"`,
		`{"subject": `: "is not a subscription",
		`{"subject": "x", "url": "y", "secret": "z"} {}`: "more than one JSON value",
	} {
		code, _, got := do(t, srv, "POST", "/api/v1/subscriptions", "", body)
		if code != http.StatusBadRequest || !strings.Contains(got, want) {
			t.Errorf("%s: %d %s; want 400 with %q", body, code, got, want)
		}
	}
	req, _ := http.NewRequestWithContext(context.Background(), "POST", srv.URL+"/api/v1/subscriptions", strings.NewReader("subject=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := srv.Client().Do(req); err != nil || resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("form body: %v %v", resp.StatusCode, err)
	}

	bare := httptest.NewServer(api.Handler(st, ""))
	defer bare.Close()
	if code, _, body := do(t, bare, "GET", "/api/v1/subscriptions", "", ""); code != http.StatusServiceUnavailable || !strings.Contains(body, "no webhooks") {
		t.Errorf("without webhooks: %d %s", code, body)
	}
}
