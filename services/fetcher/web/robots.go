package web

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsMaxBytes bounds a robots.txt (Google reads the first 500 KiB).
const robotsMaxBytes = 512 << 10

// robotsRetry is how long a robots.txt that could not be fetched (a
// timeout, a network error) is treated as disallowing everything before it
// is asked for again.
const robotsRetry = time.Minute

// robotsCache holds each site's robots.txt for a while.
type robotsCache struct {
	ttl   time.Duration
	mu    sync.Mutex
	sites map[string]*robotsEntry
}

// robotsEntry is one site's rules; mu serializes the fetch of them.
type robotsEntry struct {
	mu      sync.Mutex
	data    *robotstxt.RobotsData
	err     error
	expires time.Time
}

func newRobotsCache(ttl time.Duration) *robotsCache {
	return &robotsCache{ttl: ttl, sites: map[string]*robotsEntry{}}
}

// entry returns the cache entry of site (scheme://host), creating it.
func (r *robotsCache) entry(site string) *robotsEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.sites[site]
	if !ok {
		if len(r.sites) > 4096 {
			now := time.Now()
			for k, v := range r.sites {
				if v.mu.TryLock() {
					if now.After(v.expires) {
						delete(r.sites, k)
					}
					v.mu.Unlock()
				}
			}
		}
		e = &robotsEntry{}
		r.sites[site] = e
	}
	return e
}

// allowed reports whether agent may fetch u, fetching the site's
// robots.txt through fetch when it is not cached. A robots.txt that is
// missing (4xx) allows everything; one that fails with a server error
// disallows everything for a minute (an http_5xx error: Google's reading
// of the standard); one
// that cannot be fetched at all is an error, asked for again a minute later.
func (r *robotsCache) allowed(ctx context.Context, u *url.URL, agent string,
	fetch func(ctx context.Context, robotsURL string) (status int, body []byte, err error),
) (ok bool, delay time.Duration, err error) {
	site := u.Scheme + "://" + u.Host
	e := r.entry(site)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.data == nil && e.err == nil || time.Now().After(e.expires) {
		e.data, e.err = nil, nil
		status, body, ferr := fetch(ctx, site+"/robots.txt")
		if ctx.Err() != nil {
			return false, 0, ctx.Err()
		}
		switch {
		case ferr != nil:
			e.err, e.expires = ferr, time.Now().Add(robotsRetry)
		case status >= 500:
			// A server error disallows everything for now (Google's reading).
			e.err = fail(ReasonHTTP5xx, site+"/robots.txt", status, "robots.txt unavailable; the site is not fetched until it answers")
			e.expires = time.Now().Add(robotsRetry)
		default:
			data, perr := robotstxt.FromStatusAndBytes(status, body)
			if perr != nil {
				// Unparseable rules are no rules (as crawlers treat them).
				data, _ = robotstxt.FromStatusAndBytes(404, nil)
			}
			e.data, e.expires = data, time.Now().Add(r.ttl)
		}
	}
	if e.err != nil {
		return false, 0, e.err
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return e.data.TestAgent(path, agent), e.data.FindGroup(agent).CrawlDelay, nil
}
