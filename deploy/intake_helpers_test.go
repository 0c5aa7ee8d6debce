package deploy

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// intakeSite is a local web site for the intake: an RSS feed of one item
// and two HTML pages (the item's, and one to queue by URL).
func intakeSite(t *testing.T) *httptest.Server {
	t.Helper()
	page := func(n int) string {
		return fmt.Sprintf(`<html><head><title>Harbour talks, part %d</title></head><body><article><h1>Harbour talks, part %d</h1>
<p>MARSEILLE (AFP) - Dock workers and the port authority met on Monday for round %d of talks on the new harbour schedule, the union said.</p>
<p>"We are close to an agreement," said Marie Lefèvre, a union spokeswoman, after the meeting.</p></article></body></html>`, n, n, n)
	}
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("GET /feed.xml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour news</title><link>%[1]s/</link>
<item><title>Harbour talks, part 1</title><link>%[1]s/item-1.html</link><pubDate>Mon, 10 Mar 2025 09:00:00 GMT</pubDate></item>
</channel></rss>`, srv.URL)
	})
	mux.HandleFunc("GET /item-1.html", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page(1))
	})
	mux.HandleFunc("GET /page-2.html", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page(2))
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// exerciseIntake sends tidings up's intake API one upload, one page to
// fetch and one feed (of one item) from site: three more articles.
func exerciseIntake(ctx context.Context, t *testing.T, addr, site string) {
	t.Helper()
	post := func(path, ctype, body string, want int) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", ctype)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Fatalf("POST %s: %d %s", path, resp.StatusCode, b)
		}
	}
	post("/api/v1/documents?source=dashboard-upload", "text/plain", article(99), http.StatusAccepted)
	post("/api/v1/urls", "application/json", fmt.Sprintf(`{"url": %q}`, site+"/page-2.html"), http.StatusAccepted)
	post("/api/v1/feeds", "application/json", fmt.Sprintf(`{"url": %q, "interval": "1m"}`, site+"/feed.xml"), http.StatusCreated)
}

// intakeSeen waits until Prometheus has scraped the intake's work: the
// upload published, both pages published, the feed polled.
func intakeSeen(ctx context.Context, t *testing.T, prom string) {
	t.Helper()
	for _, q := range []string{
		`tidings_fetcher_uploads_total{outcome="published"} >= 1`,
		`tidings_fetcher_pages_total{outcome="published"} >= 2`,
		`tidings_fetcher_feed_polls_total{outcome="ok"} >= 1`,
		`tidings_fetcher_feed_leases >= 1`,
	} {
		waitFor(t, q, time.Minute, 500*time.Millisecond, func() error {
			res, err := promQuery(ctx, prom, q)
			if err == nil && len(res) == 0 {
				err = fmt.Errorf("not yet")
			}
			return err
		})
	}
}
