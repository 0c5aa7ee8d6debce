// Package web is the fetcher's polite and safe HTTP client: it honours
// robots.txt, keeps to a rate and a number of connections per host, names
// itself with its User-Agent, bounds every request in time, redirects and
// size, takes gzip, and never connects to a private, loopback or
// link-local address unless told to (the check runs at dial time; see
// package guard). Every failure is an *Error with a Reason.
package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/services/fetcher/web/canon"
	"github.com/tidings-news/tidings/services/fetcher/web/guard"
)

// Defaults of Config.
const (
	DefaultUserAgent       = "TidingsBot/1.0 (+https://github.com/tidings-news/tidings)"
	DefaultTimeout         = 20 * time.Second
	DefaultMaxBytes        = 8 << 20
	DefaultMaxRedirects    = 5
	DefaultHostRate        = 1.0
	DefaultHostBurst       = 2
	DefaultHostConcurrency = 2
	DefaultRobotsTTL       = time.Hour
)

// Config configures a Client. Zero values take the defaults.
type Config struct {
	// UserAgent names the fetcher to the sites it visits; its first word
	// is the product token robots.txt groups are matched against.
	UserAgent string
	// Timeout bounds a whole fetch: redirects, robots.txt and body included.
	Timeout time.Duration
	// MaxBytes bounds a response body (after gzip is undone).
	MaxBytes int64
	// MaxRedirects is how many redirects a fetch follows.
	MaxRedirects int
	// HostRate is the requests per second sent to one host (robots.txt's
	// Crawl-delay lowers it), HostBurst how many may go at once after a
	// quiet spell, HostConcurrency how many may be open at once.
	HostRate        float64
	HostBurst       int
	HostConcurrency int
	// AllowPrivate lets the client connect to private, loopback and
	// link-local addresses (tests; intranets).
	AllowPrivate bool
	// RobotsTTL is how long a robots.txt is kept.
	RobotsTTL time.Duration
}

func (c Config) withDefaults() Config {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	stage.OrDefault(&c.Timeout, DefaultTimeout)
	stage.OrDefault(&c.MaxBytes, DefaultMaxBytes)
	stage.OrDefault(&c.MaxRedirects, DefaultMaxRedirects)
	stage.OrDefault(&c.HostRate, DefaultHostRate)
	stage.OrDefault(&c.HostBurst, DefaultHostBurst)
	stage.OrDefault(&c.HostConcurrency, DefaultHostConcurrency)
	stage.OrDefault(&c.RobotsTTL, DefaultRobotsTTL)
	return c
}

// Client fetches web resources politely. It is safe for concurrent use.
type Client struct {
	cfg    Config
	http   *http.Client
	hosts  *hosts
	robots *robotsCache
	agent  string
}

// New returns a client on cfg.
func New(cfg Config) *Client {
	cfg = cfg.withDefaults()
	dialer := guard.Guard{AllowPrivate: cfg.AllowPrivate}.Dialer(net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second})
	tr := &http.Transport{
		// No proxy: a proxy would dial for us, around the guard.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: cfg.Timeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   cfg.HostConcurrency,
		MaxConnsPerHost:       cfg.HostConcurrency,
		IdleConnTimeout:       90 * time.Second,
	}
	hc := &http.Client{
		Transport: tr,
		// Redirects are followed by Get, one request at a time, so each hop
		// is checked against robots.txt and the host's limits.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	agent, _, _ := strings.Cut(cfg.UserAgent, "/")
	return &Client{cfg: cfg, http: hc, hosts: newHosts(cfg.HostRate, cfg.HostBurst, cfg.HostConcurrency),
		robots: newRobotsCache(cfg.RobotsTTL), agent: strings.TrimSpace(agent)}
}

// Config is the client's configuration, defaults filled in.
func (c *Client) Config() Config { return c.cfg }

// Request is one fetch. ETag and LastModified make it conditional.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	// Accept is the Accept header (default: anything).
	Accept string
}

// Response is a fetched resource. Body is what the server sent, gzip undone.
type Response struct {
	// URL is where the resource was found, after redirects.
	URL    *url.URL
	Status int
	// NotModified is set when a conditional request found no change.
	NotModified  bool
	Body         []byte
	ContentType  string
	MediaType    string
	ETag         string
	LastModified string
}

// Get fetches req.URL, following redirects up to the limit. Every hop is
// checked against its site's robots.txt and waits for its host's rate and
// connection limits.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	u, err := canon.Parse(req.URL)
	if err != nil {
		return nil, &Error{Reason: ReasonInvalidURL, URL: req.URL, Err: err}
	}
	fctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	for hop := 0; ; hop++ {
		if err := c.allow(fctx, ctx, u); err != nil {
			return nil, err
		}
		resp, next, err := c.do(fctx, ctx, u, req)
		if err != nil || next == nil {
			return resp, err
		}
		if hop >= c.cfg.MaxRedirects {
			return nil, fail(ReasonRedirects, req.URL, 0, "more than %d redirects", c.cfg.MaxRedirects)
		}
		u = next
		// A conditional header belongs to the first URL only.
		req.ETag, req.LastModified = "", ""
	}
}

// allow checks robots.txt for u and slows its host down to any Crawl-delay.
func (c *Client) allow(fctx, parent context.Context, u *url.URL) error {
	ok, delay, err := c.robots.allowed(fctx, u, c.agent, func(ctx context.Context, robotsURL string) (int, []byte, error) {
		return c.fetchRobots(ctx, parent, robotsURL)
	})
	if err != nil {
		if parent.Err() != nil {
			return parent.Err()
		}
		var fe *Error
		if errors.As(err, &fe) {
			return &Error{Reason: fe.Reason, URL: u.String(), Status: fe.Status, Err: fmt.Errorf("robots.txt: %w", err)}
		}
		return &Error{Reason: ReasonTimeout, URL: u.String(), Err: fmt.Errorf("robots.txt: %w", err)}
	}
	if delay > 0 {
		c.hosts.slowDown(u.Host, min(delay, time.Minute))
	}
	if !ok {
		return fail(ReasonRobots, u.String(), 0, "disallowed by robots.txt for %s", c.agent)
	}
	return nil
}

// fetchRobots gets a robots.txt, following up to the redirect limit (a
// site's robots.txt often redirects from http to https).
func (c *Client) fetchRobots(ctx, parent context.Context, robotsURL string) (int, []byte, error) {
	u, err := url.Parse(robotsURL)
	if err != nil {
		return 0, nil, &Error{Reason: ReasonInvalidURL, URL: robotsURL, Err: err}
	}
	for hop := 0; hop <= c.cfg.MaxRedirects; hop++ {
		resp, err := c.roundTrip(ctx, parent, u, Request{Accept: "text/plain"}, robotsMaxBytes)
		if err != nil {
			if resp != nil && ReasonOf(err) == ReasonTooLarge {
				// Rules past the limit are ignored, as Google does.
				return resp.resp.StatusCode, resp.body, nil
			}
			return 0, nil, err
		}
		if next := redirectTarget(resp.resp); next != nil {
			u = next
			continue
		}
		return resp.resp.StatusCode, resp.body, nil
	}
	// Endless redirects: no usable rules, as for a missing file.
	return 404, nil, nil
}

// do sends one request and reads its response; next is the target of a
// redirect to follow.
func (c *Client) do(fctx, parent context.Context, u *url.URL, req Request) (*Response, *url.URL, error) {
	rt, err := c.roundTrip(fctx, parent, u, req, c.cfg.MaxBytes)
	if err != nil {
		return nil, nil, err
	}
	resp := rt.resp
	if next := redirectTarget(resp); next != nil {
		return nil, next, nil
	}
	out := &Response{URL: u, Status: resp.StatusCode, Body: rt.body,
		ContentType: resp.Header.Get("Content-Type"), ETag: resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified")}
	out.MediaType, _, _ = mime.ParseMediaType(out.ContentType)
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		return out, nil, nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return out, nil, nil
	}
	return nil, nil, statusError(u.String(), resp.StatusCode)
}

// roundTrip is one request to u within its host's limits, its body read
// up to max bytes.
type roundTrip struct {
	resp *http.Response
	body []byte
}

func (c *Client) roundTrip(ctx, parent context.Context, u *url.URL, req Request, max int64) (*roundTrip, error) {
	release, err := c.hosts.acquire(ctx, u.Host)
	if err != nil {
		if parent.Err() != nil {
			return nil, parent.Err()
		}
		return nil, &Error{Reason: ReasonTimeout, URL: u.String(), Err: err}
	}
	defer release()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &Error{Reason: ReasonInvalidURL, URL: u.String(), Err: err}
	}
	hr.Header.Set("User-Agent", c.cfg.UserAgent)
	if req.Accept != "" {
		hr.Header.Set("Accept", req.Accept)
	}
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		return nil, classify(parent, u.String(), err)
	}
	if resp.ContentLength > max {
		resp.Body.Close()
		return nil, fail(ReasonTooLarge, u.String(), resp.StatusCode, "%d bytes announced, over the limit of %d", resp.ContentLength, max)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	resp.Body.Close()
	if err != nil {
		return nil, classify(parent, u.String(), err)
	}
	if int64(len(body)) > max {
		return &roundTrip{resp: resp, body: body[:max]}, fail(ReasonTooLarge, u.String(), resp.StatusCode, "over the limit of %d bytes", max)
	}
	return &roundTrip{resp: resp, body: body}, nil
}

// redirectTarget is where a redirect response points (nil for any other).
func redirectTarget(resp *http.Response) *url.URL {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil
	}
	loc, err := resp.Location()
	if err != nil {
		return nil
	}
	u, err := canon.Parse(loc.String())
	if err != nil {
		return nil
	}
	return u
}
