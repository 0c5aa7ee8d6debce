package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// resolveTimeout bounds a look-up of a subscription URL's host.
const resolveTimeout = 5 * time.Second

// outcome is what one POST came to.
type outcome int

const (
	delivered outcome = iota // 2xx
	retry                    // 5xx, 429, a timeout or a network error
	rejected                 // any other status: the subscriber said no
)

// attempt is the result of one POST.
type attempt struct {
	outcome outcome
	status  int
	err     error
	// retryAfter is the wait a 429 or 503 asked for (0: none).
	retryAfter time.Duration
}

// client POSTs messages to subscribers.
type client struct {
	http *http.Client
}

// newClient returns a client whose connections refuse loopback and
// private addresses unless allowPrivate (checked when dialling, so a name
// that resolved to a public address at subscription time cannot be turned
// into a private one later), and that follows no redirects.
func newClient(timeout time.Duration, allowPrivate bool) *client {
	dialer := &net.Dialer{Timeout: timeout}
	if !allowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(host)
			if err != nil {
				return err
			}
			return publicAddr(host, ip)
		}
	}
	tr := &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 4, IdleConnTimeout: 90 * time.Second,
		TLSHandshakeTimeout: timeout, ResponseHeaderTimeout: timeout, ForceAttemptHTTP2: true}
	return &client{http: &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// ceHeaders are the CloudEvents headers copied from the message to the POST.
var ceHeaders = []string{events.HeaderSpecVersion, events.HeaderType, events.HeaderSource, events.HeaderID,
	events.HeaderTime, events.HeaderSubject}

// post sends one message (data with its NATS headers h) to sub.
func (c *client) post(ctx context.Context, sub store.Subscription, h nats.Header, data []byte) attempt {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.URL, bytes.NewReader(data))
	if err != nil {
		return attempt{outcome: rejected, err: fmt.Errorf("request: %w", err)}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "tidings-webhook/1")
	for _, k := range ceHeaders {
		if v := h.Get(k); v != "" {
			req.Header.Set(k, v)
		}
	}
	key := h.Get(events.HeaderID)
	if key == "" {
		key = h.Get(nats.MsgIdHdr)
	}
	req.Header.Set(HeaderIdempotencyKey, key)
	req.Header.Set(HeaderSubscription, sub.ID)
	if t := h.Get(events.HeaderTraceID); t != "" {
		req.Header.Set("X-Tidings-Trace-Id", t)
	}
	req.Header.Set(HeaderSignature, Sign(sub.Secret, data))
	resp, err := c.http.Do(req)
	if err != nil {
		return attempt{outcome: retry, err: fmt.Errorf("POST %s: %w", redactURL(sub.URL), errors.Unwrap(err))}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so the connection is reused
	resp.Body.Close()
	a := attempt{status: resp.StatusCode}
	switch s := resp.StatusCode; {
	case s >= 200 && s < 300:
		a.outcome = delivered
		return a
	case s == http.StatusTooManyRequests || s >= 500:
		a.outcome = retry
		a.retryAfter = retryAfter(resp.Header.Get("Retry-After"))
	default:
		a.outcome = rejected
	}
	a.err = fmt.Errorf("POST %s: HTTP %d", redactURL(sub.URL), resp.StatusCode)
	return a
}

// retryAfter reads a Retry-After of seconds (at most 10 minutes; 0 if absent).
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0
	}
	return min(time.Duration(n)*time.Second, 10*time.Minute)
}

// redactURL is the URL without its query (which may hold a token).
func redactURL(raw string) string {
	for i := range len(raw) {
		if raw[i] == '?' {
			return raw[:i] + "?…"
		}
	}
	return raw
}
