package fetcher

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/fetcher/feeds"
	"github.com/tidings-news/tidings/services/fetcher/web"
	"github.com/tidings-news/tidings/services/fetcher/web/canon"
	"github.com/tidings-news/tidings/services/fetcher/web/guard"
)

// Bounds of the URL and feed endpoints.
const (
	maxURLsPerRequest = 1000
	maxJSONBody       = 1 << 20
	// MinFeedInterval is the shortest polling interval a feed may ask for.
	MinFeedInterval = time.Minute
)

// queuedURL is one URL of POST /api/v1/urls as the answer names it.
type queuedURL struct {
	ID  string `json:"id"`
	URL string `json:"url"`
	// Queued is false when the URL was queued or fetched within the seen window.
	Queued bool `json:"queued"`
}

// addURLs is POST /api/v1/urls: {"url": "…"} or {"urls": […]} (or text/plain,
// one URL a line). Each is made canonical and queued unless seen within
// the window; the answer (202) comes once every request is on the stream.
func (in *Intake) addURLs(w http.ResponseWriter, r *http.Request) {
	urls, err := readURLs(http.MaxBytesReader(w, r.Body, maxJSONBody), r.Header.Get("Content-Type"))
	if err != nil {
		in.metrics.urls.WithLabelValues("rejected").Inc()
		writeError(w, bodyStatus(err), "%v", err)
		return
	}
	canonical := make([]string, len(urls))
	for i, raw := range urls {
		u, reason, err := in.checkURL(raw)
		if err != nil {
			in.metrics.urls.WithLabelValues("rejected").Inc()
			writeAPIError(w, http.StatusBadRequest, reason, "url %d: %v", i+1, err)
			return
		}
		canonical[i] = u
	}
	out := make([]queuedURL, 0, len(canonical))
	for _, u := range canonical {
		req, queued, err := in.queue.Enqueue(r.Context(), events.URLRequest{URL: u})
		if err != nil {
			writeError(w, http.StatusServiceUnavailable, "%s could not be queued: %v", u, err)
			return
		}
		outcome := "queued"
		if !queued {
			outcome = "seen"
		}
		in.metrics.urls.WithLabelValues(outcome).Inc()
		out = append(out, queuedURL{ID: req.ID, URL: req.URL, Queued: queued})
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"urls": out})
}

// readURLs reads the URLs of a request body.
func readURLs(body io.Reader, contentType string) ([]string, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	var urls []string
	if mt == "text/plain" {
		sc := bufio.NewScanner(body)
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
				urls = append(urls, line)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read body: %w", err)
		}
	} else {
		var req struct {
			URL  string   `json:"url"`
			URLs []string `json:"urls"`
		}
		dec := json.NewDecoder(body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return nil, fmt.Errorf(`body: want {"url": "…"} or {"urls": ["…"]}: %w`, err)
		}
		urls = req.URLs
		if req.URL != "" {
			urls = append([]string{req.URL}, urls...)
		}
	}
	switch {
	case len(urls) == 0:
		return nil, errors.New("no URL given")
	case len(urls) > maxURLsPerRequest:
		return nil, fmt.Errorf("%d URLs; at most %d a request", len(urls), maxURLsPerRequest)
	}
	return urls, nil
}

// checkURL makes raw canonical and refuses, unless private addresses are
// allowed, a host that is a blocked address or localhost (a name that
// resolves to one is refused when it is dialled).
func (in *Intake) checkURL(raw string) (canonical string, reason string, err error) {
	u, err := canon.Parse(raw)
	if err != nil {
		return "", string(web.ReasonInvalidURL), err
	}
	if !in.cfg.AllowPrivate {
		host := u.Hostname()
		if ip, perr := netip.ParseAddr(host); perr == nil {
			if why := guard.Blocked(ip); why != "" {
				return "", string(web.ReasonBlocked), fmt.Errorf("%w: %s is a %s (see --fetch-allow-private)", guard.ErrBlocked, host, why)
			}
		} else if host == "localhost" || strings.HasSuffix(host, ".localhost") {
			return "", string(web.ReasonBlocked), fmt.Errorf("%w: %s (see --fetch-allow-private)", guard.ErrBlocked, net.JoinHostPort(host, u.Port()))
		}
	}
	return u.String(), "", nil
}

// feedRequest is the body of POST /api/v1/feeds.
type feedRequest struct {
	URL      string `json:"url"`
	Interval string `json:"interval"`
}

// addFeed is POST /api/v1/feeds: 201 with the feed when it is new, 200
// with the registered one when its URL was registered already.
func (in *Intake) addFeed(w http.ResponseWriter, r *http.Request) {
	var req feedRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, bodyStatus(err), `body: want {"url": "…", "interval": "15m"}: %v`, err)
		return
	}
	u, reason, err := in.checkURL(req.URL)
	if err != nil {
		writeAPIError(w, http.StatusBadRequest, reason, "url: %v", err)
		return
	}
	interval := in.cfg.FeedInterval
	if req.Interval != "" {
		if interval, err = time.ParseDuration(req.Interval); err != nil || interval < MinFeedInterval {
			writeError(w, http.StatusBadRequest, "interval %q: want a duration of at least %s, such as 15m", events.Clip(req.Interval), MinFeedInterval)
			return
		}
	}
	f, created, err := in.feeds.Add(r.Context(), u, interval)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "feed not registered: %v", err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", APIPrefix+"/feeds/"+f.ID)
	}
	writeJSON(w, status, f)
}

// listFeeds is GET /api/v1/feeds.
func (in *Intake) listFeeds(w http.ResponseWriter, r *http.Request) {
	list, err := in.feeds.List(r.Context())
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "feeds not listed: %v", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

// feedIDPattern is what a feed id looks like (feeds.FeedID); any other
// id is not found without a look-up.
var feedIDPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)

// feedID is the path's feed id, or feeds.ErrNotFound.
func feedID(r *http.Request) (string, error) {
	if id := r.PathValue("id"); feedIDPattern.MatchString(id) {
		return id, nil
	}
	return "", feeds.ErrNotFound
}

// getFeed is GET /api/v1/feeds/{id}: the feed and its status.
func (in *Intake) getFeed(w http.ResponseWriter, r *http.Request) {
	id, err := feedID(r)
	if in.feedError(w, r, err) {
		return
	}
	f, _, err := in.feeds.Get(r.Context(), id)
	if in.feedError(w, r, err) {
		return
	}
	writeJSON(w, http.StatusOK, f)
}

// deleteFeed is DELETE /api/v1/feeds/{id}: 204.
func (in *Intake) deleteFeed(w http.ResponseWriter, r *http.Request) {
	id, err := feedID(r)
	if in.feedError(w, r, err) {
		return
	}
	if in.feedError(w, r, in.feeds.Delete(r.Context(), id)) {
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// feedError answers a failed feed look-up (404 or 503) and reports whether it did.
func (in *Intake) feedError(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, feeds.ErrNotFound):
		writeError(w, http.StatusNotFound, "no feed %q", events.Clip(r.PathValue("id")))
	default:
		writeError(w, http.StatusServiceUnavailable, "feed store: %v", err)
	}
	return true
}

// readFeedsFile reads a file of feed URLs: one a line, blank lines and #
// comments skipped.
func readFeedsFile(path string) ([]string, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("feeds file: %w", err)
	}
	defer file.Close()
	var urls []string
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		urls = append(urls, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("feeds file %s: %w", path, err)
	}
	return urls, nil
}
