package allinone_test

// What `tidings up` serves on its one HTTP address besides the stages'
// work: Prometheus metrics with the embedded server's own, and one OpenAPI
// document for the read and intake APIs.

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tidings-news/tidings/cmd/tidings/internal/fixtures"
	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

// TestOneAPIDocumentDescribesEverythingServed: tidings up serves the read
// API and the intake API on one address, and its /api/v1/openapi.json
// describes both: every documented route reaches a handler of its own (no
// 405, not the catch-all's 404), intake and read routes alike, and any
// other path under /api/ is a JSON 404.
func TestOneAPIDocumentDescribesEverythingServed(t *testing.T) {
	p := start(t, t.TempDir())
	base := "http://" + p.HTTPAddr()
	resp, err := http.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Info  struct{ Title string }
		Paths map[string]map[string]any
	}
	err = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("openapi.json: %d %v", resp.StatusCode, err)
	}
	for _, path := range []string{"/api/v1/articles", "/api/v1/stories", "/api/v1/documents", "/api/v1/urls", "/api/v1/feeds/{id}"} {
		if doc.Paths[path] == nil {
			t.Errorf("the document does not describe %s (title %q)", path, doc.Info.Title)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			method = strings.ToUpper(method)
			req, _ := http.NewRequest(method, base+strings.ReplaceAll(path, "{id}", "0123456789abcdef"), strings.NewReader("{}"))
			req.Header.Set("Content-Type", "application/json")
			status, body := send(t, req)
			if status == http.StatusMethodNotAllowed || strings.Contains(body, "no such endpoint") {
				t.Errorf("%s %s: %d %.200s; documented but not served", method, path, status, body)
			}
		}
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/nope", nil)
	if status, body := send(t, req); status != http.StatusNotFound || !strings.Contains(body, `"error"`) {
		t.Errorf("GET /api/v1/nope: %d %s, want a JSON 404", status, body)
	}
}

// send does req and returns its status and body.
func send(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestUpServesTheEmbeddedServersMetrics: `tidings up`'s /metrics carries
// the embedded NATS server's own figures, and they follow the documents.
func TestUpServesTheEmbeddedServersMetrics(t *testing.T) {
	p := start(t, t.TempDir())
	if _, err := fixtures.Write(p.Inbox(), fixtures.Generate(3, 7)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "3 records", 30*time.Second, func() bool { return count(t, p.Store()) == 3 })

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	body, err := stagetest.HTTPGet(ctx, "http://"+p.HTTPAddr()+"/metrics")
	if err != nil {
		t.Fatal(err)
	}
	text := string(body)
	for _, want := range []string{"\nnats_up{source=\"embedded\"} 1\n", "\nnats_varz_in_msgs{", "\nnats_varz_connections{", "\nnats_server_total_streams{"} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics has no %q", strings.TrimSpace(want))
		}
	}
	stream := `stream_name="` + events.StreamDocuments + `"`
	var found bool
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "nats_stream_total_messages{") && strings.Contains(line, stream) {
			found = true
			if strings.HasSuffix(line, " 0") {
				t.Errorf("the documents stream holds nothing after 3 documents: %s", line)
			}
		}
	}
	if !found {
		t.Errorf("/metrics has no nats_stream_total_messages{%s}", stream)
	}
}
