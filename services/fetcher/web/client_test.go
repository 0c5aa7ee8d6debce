package web

import (
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// site is a local test server: handlers by path, robots.txt when set, and
// what it saw.
type site struct {
	*httptest.Server
	robots string
	mu     sync.Mutex
	agents []string
	hits   map[string]int
}

func newSite(t *testing.T, robots string, routes map[string]http.HandlerFunc) *site {
	t.Helper()
	s := &site{robots: robots, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.agents = append(s.agents, r.UserAgent())
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			if s.robots == "" {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, s.robots)
			return
		}
		if h, ok := routes[r.URL.Path]; ok {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func html(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}
}

func testClient(cfg Config) *Client {
	cfg.AllowPrivate = true
	if cfg.HostRate == 0 {
		cfg.HostRate = 1000
		cfg.HostBurst = 1000
	}
	return New(cfg)
}

func wantReason(t *testing.T, err error, want Reason) {
	t.Helper()
	if got := ReasonOf(err); got != want {
		t.Fatalf("error %v: reason %q, want %q", err, got, want)
	}
}

func TestPageFetchedWithUserAgentAndCanonical(t *testing.T) {
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/story": html(`<html><head><link rel="canonical" href="/story-canonical?utm_source=x"></head><body><p>Hello</p></body></html>`),
	})
	c := testClient(Config{UserAgent: "TidingsTest/2.0 (+local)"})
	p, err := c.Page(context.Background(), s.URL+"/story?utm_medium=feed#frag")
	if err != nil {
		t.Fatal(err)
	}
	if p.URL != s.URL+"/story-canonical" || p.FetchedURL != s.URL+"/story" {
		t.Errorf("URL %q fetched %q", p.URL, p.FetchedURL)
	}
	if !strings.Contains(string(p.HTML), "Hello") {
		t.Errorf("HTML %q", p.HTML)
	}
	for _, a := range s.agents {
		if a != "TidingsTest/2.0 (+local)" {
			t.Errorf("User-Agent %q", a)
		}
	}
	if s.hitsOf("/robots.txt") != 1 {
		t.Errorf("robots.txt fetched %d times", s.hitsOf("/robots.txt"))
	}
}

func TestRobotsDisallow(t *testing.T) {
	s := newSite(t, "User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n", map[string]http.HandlerFunc{
		"/private/a": html("<p>secret</p>"),
		"/public":    html("<p>open</p>"),
	})
	c := testClient(Config{})
	_, err := c.Page(context.Background(), s.URL+"/private/a")
	wantReason(t, err, ReasonRobots)
	if IsTemporary(err) {
		t.Error("a robots refusal is not temporary")
	}
	if _, err := c.Page(context.Background(), s.URL+"/public"); err != nil {
		t.Fatal(err)
	}
	if s.hitsOf("/private/a") != 0 {
		t.Error("a disallowed page was requested")
	}
	// Our own group wins over *.
	own := newSite(t, "User-agent: *\nAllow: /\n\nUser-agent: tidingsbot\nDisallow: /\n", map[string]http.HandlerFunc{"/x": html("x")})
	_, err = c.Page(context.Background(), own.URL+"/x")
	wantReason(t, err, ReasonRobots)
}

func TestRobotsServerErrorDisallows(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		html("<p>x</p>")(w, r)
	}))
	defer s.Close()
	_, err := testClient(Config{}).Page(context.Background(), s.URL+"/a")
	wantReason(t, err, ReasonHTTP5xx)
	if !IsTemporary(err) {
		t.Error("a robots.txt server error is temporary")
	}
}

func TestRedirects(t *testing.T) {
	routes := map[string]http.HandlerFunc{"/final": html("<p>arrived</p>")}
	for i := range 12 {
		next := fmt.Sprintf("/r%d", i+1)
		if i == 2 {
			next = "/final"
		}
		routes[fmt.Sprintf("/r%d", i)] = func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, next, http.StatusFound) }
	}
	routes["/loop"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop2", http.StatusMovedPermanently)
	}
	routes["/loop2"] = func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusMovedPermanently)
	}
	s := newSite(t, "User-agent: *\nDisallow: /final-blocked\n", routes)
	s.robots += ""
	c := testClient(Config{MaxRedirects: 4})
	p, err := c.Page(context.Background(), s.URL+"/r0")
	if err != nil {
		t.Fatal(err)
	}
	if p.FetchedURL != s.URL+"/final" {
		t.Errorf("ended at %s", p.FetchedURL)
	}
	_, err = c.Page(context.Background(), s.URL+"/loop")
	wantReason(t, err, ReasonRedirects)
	if n := s.hitsOf("/loop") + s.hitsOf("/loop2"); n != 5 {
		t.Errorf("%d requests for a redirect loop with a limit of 4 redirects, want 5", n)
	}
}

func TestRedirectIntoDisallowedPath(t *testing.T) {
	s := newSite(t, "User-agent: *\nDisallow: /members/\n", map[string]http.HandlerFunc{
		"/open":      func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/members/x", http.StatusFound) },
		"/members/x": html("<p>members</p>"),
	})
	_, err := testClient(Config{}).Page(context.Background(), s.URL+"/open")
	wantReason(t, err, ReasonRobots)
	if s.hitsOf("/members/x") != 0 {
		t.Error("the redirect target was requested despite robots.txt")
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	release := make(chan struct{})
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		},
	})
	defer close(release)
	start := time.Now()
	_, err := testClient(Config{Timeout: 300 * time.Millisecond}).Page(context.Background(), s.URL+"/slow")
	wantReason(t, err, ReasonTimeout)
	if !IsTemporary(err) {
		t.Error("a timeout is temporary")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the timeout of 300ms took %s", d)
	}
}

func TestSizeLimit(t *testing.T) {
	big := "<html><body>" + strings.Repeat("<p>word</p>", 20000) + "</body></html>"
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/announced": html(big),
		"/chunked": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			for range 100 {
				fmt.Fprint(w, strings.Repeat("x", 4096))
				w.(http.Flusher).Flush()
			}
		},
	})
	c := testClient(Config{MaxBytes: 64 << 10})
	for _, p := range []string{"/announced", "/chunked"} {
		_, err := c.Page(context.Background(), s.URL+p)
		wantReason(t, err, ReasonTooLarge)
	}
}

func TestGzipAndCharset(t *testing.T) {
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/gz": func(w http.ResponseWriter, r *http.Request) {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Error("gzip not offered")
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			gz := gzip.NewWriter(w)
			fmt.Fprint(gz, "<html><body><p>compressed café</p></body></html>")
			gz.Close()
		},
		"/latin1": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
			w.Write([]byte("<html><body><p>caf\xe9 na\xefve</p></body></html>"))
		},
		"/meta": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html><head><meta charset="windows-1252"></head><body><p>“quoted” caf` + "\xe9</p></body></html>"))
		},
	})
	c := testClient(Config{})
	for path, want := range map[string]string{"/gz": "compressed café", "/latin1": "café naïve", "/meta": "caf\u00e9"} {
		p, err := c.Page(context.Background(), s.URL+path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !strings.Contains(string(p.HTML), want) {
			t.Errorf("%s: %q does not contain %q", path, p.HTML, want)
		}
	}
}

func TestStatusAndMediaReasons(t *testing.T) {
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/gone": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) },
		"/down": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusBadGateway) },
		"/busy": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "slow down", http.StatusTooManyRequests) },
		"/image": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG"))
		},
	})
	c := testClient(Config{})
	cases := []struct {
		path      string
		reason    Reason
		temporary bool
	}{{"/gone", ReasonHTTP4xx, false}, {"/down", ReasonHTTP5xx, true}, {"/busy", ReasonHTTP4xx, true}, {"/image", ReasonNotHTML, false}}
	for _, cs := range cases {
		_, err := c.Page(context.Background(), s.URL+cs.path)
		wantReason(t, err, cs.reason)
		if IsTemporary(err) != cs.temporary {
			t.Errorf("%s: temporary %v", cs.path, IsTemporary(err))
		}
	}
}

func TestConditionalGet(t *testing.T) {
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/feed": func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
			fmt.Fprint(w, "<rss/>")
		},
	})
	c := testClient(Config{})
	r1, err := c.Get(context.Background(), Request{URL: s.URL + "/feed"})
	if err != nil || r1.NotModified || r1.ETag != `"v1"` || r1.LastModified == "" {
		t.Fatalf("first: %+v %v", r1, err)
	}
	r2, err := c.Get(context.Background(), Request{URL: s.URL + "/feed", ETag: r1.ETag, LastModified: r1.LastModified})
	if err != nil || !r2.NotModified {
		t.Fatalf("second: %+v %v", r2, err)
	}
}

func TestPrivateAddressBlocked(t *testing.T) {
	s := newSite(t, "", map[string]http.HandlerFunc{"/a": html("<p>internal</p>")})
	c := New(Config{}) // AllowPrivate off
	for _, u := range []string{s.URL + "/a", strings.Replace(s.URL, "127.0.0.1", "localhost", 1) + "/a"} {
		_, err := c.Page(context.Background(), u)
		wantReason(t, err, ReasonBlocked)
	}
	if n := s.hitsOf("/a") + s.hitsOf("/robots.txt"); n != 0 {
		t.Errorf("the blocked server was reached %d times", n)
	}
}

func TestPerHostConcurrencyAndRate(t *testing.T) {
	var inFlight, peak atomic.Int32
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/p": func(w http.ResponseWriter, _ *http.Request) {
			n := inFlight.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(50 * time.Millisecond)
			inFlight.Add(-1)
			html("<p>x</p>")(w, nil)
		},
	})
	c := New(Config{AllowPrivate: true, HostConcurrency: 2, HostRate: 20, HostBurst: 1})
	start := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := c.Page(context.Background(), s.URL+"/p"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests at once to one host, limit 2", p)
	}
	// 9 requests (robots.txt included) at 20/s with a burst of 1 need 400 ms at least.
	if d := time.Since(start); d < 380*time.Millisecond {
		t.Errorf("9 requests at 20/s took %s", d)
	}
}

func TestCrawlDelaySlowsHost(t *testing.T) {
	s := newSite(t, "User-agent: *\nCrawl-delay: 1\n", map[string]http.HandlerFunc{"/a": html("a"), "/b": html("b")})
	c := testClient(Config{})
	start := time.Now()
	for _, p := range []string{"/a", "/b"} {
		if _, err := c.Page(context.Background(), s.URL+p); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("two pages under Crawl-delay: 1 took %s", d)
	}
}
