package fetcher

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
	"github.com/tidings-news/tidings/services/fetcher/feeds"
)

// newsSite is a local site: an RSS feed of its articles, the articles,
// robots.txt keeping /private/ out, a slow page, an oversized one, a
// picture and a missing page.
type newsSite struct {
	*httptest.Server
	slowHits atomic.Int32
}

func article(title string) string {
	return `<html><head><title>` + title + `</title><link rel="canonical" href="/canonical/` + strings.ReplaceAll(strings.ToLower(title), " ", "-") + `"></head><body><article><h1>` + title +
		`</h1><p>The council of the harbour town met on Tuesday to discuss the new ferry timetable, officials said.</p></article></body></html>`
}

func newNewsSite(t *testing.T) *newsSite {
	s := &newsSite{}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n") })
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, article("Story "+strings.TrimPrefix(r.URL.Path, "/news/")))
	})
	mux.HandleFunc("/private/", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, article("secret")) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		s.slowHits.Add(1)
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>"+strings.Repeat("<p>filler text</p>", 100<<10)+"</body></html>")
	})
	mux.HandleFunc("/picture", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write([]byte{0xFF, 0xD8, 0xFF, 0xE0})
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/moved", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/rss.xml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("ETag", `"rss-1"`)
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>
<item><title>One</title><link>/news/one?utm_source=rss</link><pubDate>Mon, 10 Mar 2025 09:00:00 +0000</pubDate></item>
<item><title>Two</title><link>/news/two</link><pubDate>Tue, 11 Mar 2025 09:00:00 +0000</pubDate></item>
<item><title>Gone</title><link>/missing</link><pubDate>Wed, 12 Mar 2025 09:00:00 +0000</pubDate></item>
</channel></rss>`)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func postJSON(t *testing.T, r *intakeRig, path string, v any) answer {
	b, _ := json.Marshal(v)
	return r.do(t, "POST", path, "application/json", strings.NewReader(string(b)))
}

func TestURLsAreFetchedAsDocuments(t *testing.T) {
	site := newNewsSite(t)
	r := newIntakeRig(t, nil)
	a := postJSON(t, r, "/api/v1/urls", map[string]any{"urls": []string{site.URL + "/news/a?utm_campaign=x#top", site.URL + "/moved"}})
	if a.status != http.StatusAccepted {
		t.Fatalf("%d %s", a.status, a.raw)
	}
	docs := r.documentsOnStream(t, 2)
	byURL := map[string]events.Document{}
	for _, d := range docs {
		byURL[d.SourceURL] = d
		if d.MediaType != events.MediaHTML || d.ID != events.DocumentID(d.Content) {
			t.Errorf("document %+v", d)
		}
	}
	if _, ok := byURL[site.URL+"/canonical/story-a"]; !ok {
		t.Errorf("no document under the page's rel=canonical URL: %v", byURL)
	}
	if _, ok := byURL[site.URL+"/canonical/story-moved"]; !ok {
		t.Errorf("the redirected page is missing: %v", byURL)
	}
	// Msg-Id from the canonical URL.
	for _, m := range r.env.Messages(t, events.StreamDocuments, 2) {
		var d events.Document
		_ = json.Unmarshal(m.Data, &d)
		if got := m.Header.Get("Nats-Msg-Id"); got != events.MsgID(events.StageFetcher, events.PageItemID(d.SourceURL)) {
			t.Errorf("Msg-Id %q for %s", got, d.SourceURL)
		}
	}
	// The same URL again, within the window: not queued.
	again := postJSON(t, r, "/api/v1/urls", map[string]string{"url": site.URL + "/news/a"})
	var out struct{ URLs []queuedURL }
	_ = json.Unmarshal([]byte(again.raw), &out)
	if again.status != 202 || len(out.URLs) != 1 || out.URLs[0].Queued {
		t.Errorf("again: %d %s", again.status, again.raw)
	}
	if a := r.do(t, "POST", "/api/v1/urls", "text/plain", strings.NewReader("not a url\n")); a.status != 400 || a.reason() != "invalid_url" {
		t.Errorf("invalid URL: %d %s", a.status, a.raw)
	}
}

// TestPageFailuresGoToTheDLQWithTheirReason: robots.txt, a missing page, an
// oversized page, a picture, a slow server (retried, then given up).
func TestPageFailuresGoToTheDLQWithTheirReason(t *testing.T) {
	site := newNewsSite(t)
	r := newIntakeRig(t, func(c *Config) {
		c.Intake.FetchMaxSize = 256 << 10
		c.Intake.FetchTimeout = 300 * time.Millisecond
	})
	paths := map[string]string{"/private/x": "robots", "/missing": "http_4xx", "/huge": "too_large", "/picture": "not_html", "/slow": "timeout"}
	var urls []string
	for p := range paths {
		urls = append(urls, site.URL+p)
	}
	if a := postJSON(t, r, "/api/v1/urls", map[string]any{"urls": urls}); a.status != 202 {
		t.Fatalf("%d %s", a.status, a.raw)
	}
	got := map[string]string{}
	for _, dl := range r.env.DeadLetters(t, len(paths)) {
		var req events.URLRequest
		_ = json.Unmarshal(dl.Data, &req)
		got[strings.TrimPrefix(req.URL, site.URL)] = dl.Reason
	}
	for p, reason := range paths {
		if got[p] != reason {
			t.Errorf("%s: dead-lettered as %q, want %q", p, got[p], reason)
		}
	}
	if n := site.slowHits.Load(); n != int32(events.FetcherConsumer().MaxDeliver) {
		t.Errorf("the slow page was tried %d times, want %d", n, events.FetcherConsumer().MaxDeliver)
	}
	if n := streamCount(t, r, events.StreamDocuments); n != 0 {
		t.Errorf("%d documents published", n)
	}
}

func TestPrivateAddressesRefusedWithoutTheFlag(t *testing.T) {
	site := newNewsSite(t)
	r := newIntakeRig(t, func(c *Config) { c.Intake.AllowPrivate = false })
	for _, u := range []string{site.URL + "/news/a", strings.Replace(site.URL, "127.0.0.1", "localhost", 1) + "/news/a", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"} {
		if a := postJSON(t, r, "/api/v1/urls", map[string]string{"url": u}); a.status != 400 || a.reason() != "blocked_address" {
			t.Errorf("%s: %d %s", u, a.status, a.raw)
		}
		if a := postJSON(t, r, "/api/v1/feeds", map[string]string{"url": u}); a.status != 400 || a.reason() != "blocked_address" {
			t.Errorf("feed %s: %d %s", u, a.status, a.raw)
		}
	}
}

// TestPrivateAddressBlockedAtDialTime: a request that never met the API's
// check (a feed item, a replayed dead letter) for a name resolving to a
// loopback address is refused when dialled.
func TestPrivateAddressBlockedAtDialTime(t *testing.T) {
	site := newNewsSite(t)
	r := newIntakeRig(t, func(c *Config) { c.Intake.AllowPrivate = false })
	port := site.URL[strings.LastIndex(site.URL, ":")+1:]
	u := "http://localhost:" + port + "/news/a"
	if _, _, err := r.in.queue.Enqueue(context.Background(), events.URLRequest{URL: u}); err != nil {
		t.Fatal(err)
	}
	dl := r.env.DeadLetters(t, 1)
	if dl[0].Reason != "blocked_address" {
		t.Errorf("reason %q", dl[0].Reason)
	}
}

func TestFeedsAPI(t *testing.T) {
	site := newNewsSite(t)
	r := newIntakeRig(t, nil)
	a := postJSON(t, r, "/api/v1/feeds", map[string]string{"url": site.URL + "/rss.xml", "interval": "10m"})
	if a.status != http.StatusCreated || a.body["id"] == "" {
		t.Fatalf("%d %s", a.status, a.raw)
	}
	id := a.body["id"].(string)
	if again := postJSON(t, r, "/api/v1/feeds", map[string]string{"url": site.URL + "/rss.xml#x"}); again.status != 200 || again.body["id"] != id {
		t.Errorf("again: %d %s", again.status, again.raw)
	}
	if list := r.do(t, "GET", "/api/v1/feeds", "", nil); list.status != 200 || len(list.body["items"].([]any)) != 1 {
		t.Errorf("list: %s", list.raw)
	}
	if one := r.do(t, "GET", "/api/v1/feeds/"+id, "", nil); one.status != 200 || one.body["interval"] != "10m0s" {
		t.Errorf("get: %s", one.raw)
	}
	for _, bad := range []map[string]string{{"url": "nope"}, {"url": site.URL + "/x", "interval": "5s"}, {"url": site.URL + "/x", "interval": "soon"}} {
		if a := postJSON(t, r, "/api/v1/feeds", bad); a.status != 400 {
			t.Errorf("%v: %d", bad, a.status)
		}
	}
	if d := r.do(t, "DELETE", "/api/v1/feeds/"+id, "", nil); d.status != http.StatusNoContent {
		t.Errorf("delete: %d", d.status)
	}
	if g := r.do(t, "GET", "/api/v1/feeds/"+id, "", nil); g.status != 404 {
		t.Errorf("after delete: %d", g.status)
	}
	if d := r.do(t, "DELETE", "/api/v1/feeds/"+id, "", nil); d.status != 404 {
		t.Errorf("delete again: %d", d.status)
	}
}

// TestFeedItemsBecomeDocuments: a feed registered through the API is
// polled, each item's page fetched and sent with its URL and the feed's
// date; a missing item page shows in the feed's status and the DLQ.
func TestFeedItemsBecomeDocuments(t *testing.T) {
	site := newNewsSite(t)
	r := newIntakeRig(t, nil)
	a := postJSON(t, r, "/api/v1/feeds", map[string]string{"url": site.URL + "/rss.xml"})
	if a.status != 201 {
		t.Fatalf("%d %s", a.status, a.raw)
	}
	docs := r.documentsOnStream(t, 2)
	for _, d := range docs {
		if d.Published == nil || d.Published.Year() != 2025 || !strings.HasPrefix(d.SourceURL, site.URL+"/canonical/story-") {
			t.Errorf("document %s published %v", d.SourceURL, d.Published)
		}
	}
	if dl := r.env.DeadLetters(t, 1); dl[0].Reason != "http_4xx" {
		t.Errorf("dead letter %+v", dl[0])
	}
	var f feeds.Feed
	stagetest.WaitFor(t, "the feed's status to show the failed item", 10*time.Second, func() bool {
		f, _, _ = r.in.feeds.Get(context.Background(), a.body["id"].(string))
		return f.ItemFailures == 1
	})
	if f.ItemsSeen != 3 || f.ItemsQueued != 3 || f.LastStatus != "ok" || f.ETag != `"rss-1"` || f.Title != "Harbour News" || f.LastItemReason != "http_4xx" {
		t.Errorf("feed status %+v", f)
	}
}

func TestFeedsFileRegisteredAtStart(t *testing.T) {
	site := newNewsSite(t)
	r := newIntakeRig(t, nil)
	path := t.TempDir() + "/feeds.txt"
	if err := writeBytes([]byte("# news\n" + site.URL + "/rss.xml\n\n" + site.URL + "/atom.xml\n"))(path); err != nil {
		t.Fatal(err)
	}
	r.in.cfg.Feeds = path
	if err := r.in.RegisterFeedsFile(context.Background()); err != nil {
		t.Fatal(err)
	}
	list, _ := r.in.feeds.List(context.Background())
	if len(list) != 2 || list[1].URL != site.URL+"/rss.xml" || time.Duration(list[0].Interval) != 15*time.Minute {
		t.Errorf("%+v", list)
	}
}
