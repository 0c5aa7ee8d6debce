package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/tidings-news/tidings/services/fetcher/web/guard"
)

// Reason is why a fetch failed; its value is a metric label, the reason a
// feed's status shows and the reason a dead letter carries.
type Reason string

// Failure reasons.
const (
	ReasonRobots     Reason = "robots"
	ReasonTimeout    Reason = "timeout"
	ReasonHTTP4xx    Reason = "http_4xx"
	ReasonHTTP5xx    Reason = "http_5xx"
	ReasonTooLarge   Reason = "too_large"
	ReasonNotHTML    Reason = "not_html"
	ReasonBlocked    Reason = "blocked_address"
	ReasonRedirects  Reason = "too_many_redirects"
	ReasonNetwork    Reason = "network"
	ReasonInvalidURL Reason = "invalid_url"
	ReasonNotFeed    Reason = "not_a_feed"
)

// Reasons lists every failure reason (the label values of the metrics).
func Reasons() []Reason {
	return []Reason{ReasonRobots, ReasonTimeout, ReasonHTTP4xx, ReasonHTTP5xx, ReasonTooLarge,
		ReasonNotHTML, ReasonBlocked, ReasonRedirects, ReasonNetwork, ReasonInvalidURL, ReasonNotFeed}
}

// Error is a failed fetch: why, of what, and the HTTP status when there was one.
type Error struct {
	Reason Reason
	URL    string
	Status int
	Err    error
}

func (e *Error) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("%s %s: HTTP %d: %v", e.Reason, e.URL, e.Status, e.Err)
	}
	return fmt.Sprintf("%s %s: %v", e.Reason, e.URL, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether trying again later may succeed: a timeout, a
// network failure, a server error or 429 Too Many Requests. A page that is
// disallowed, missing, too large, not HTML or on a blocked address stays so.
func (e *Error) Temporary() bool {
	switch e.Reason {
	case ReasonTimeout, ReasonNetwork, ReasonHTTP5xx:
		return true
	case ReasonHTTP4xx:
		return e.Status == http.StatusTooManyRequests || e.Status == http.StatusRequestTimeout
	}
	return false
}

// ReasonOf is the reason of a fetch error ("" when err is not one).
func ReasonOf(err error) Reason {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Reason
	}
	return ""
}

// IsTemporary reports whether err is a fetch error worth retrying.
func IsTemporary(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Temporary()
}

// fail builds the error of a fetch of u.
func fail(reason Reason, u string, status int, format string, args ...any) *Error {
	return &Error{Reason: reason, URL: u, Status: status, Err: fmt.Errorf(format, args...)}
}

// classify turns a transport error into a fetch error. When the caller's
// own context ended (not the fetch's timeout) that error is returned as it
// is: the fetch was abandoned, it did not fail.
func classify(parent context.Context, u string, err error) error {
	if parent.Err() != nil {
		return parent.Err()
	}
	var ne net.Error
	switch {
	case errors.Is(err, guard.ErrBlocked):
		return &Error{Reason: ReasonBlocked, URL: u, Err: err}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return &Error{Reason: ReasonTimeout, URL: u, Err: err}
	}
	return &Error{Reason: ReasonNetwork, URL: u, Err: err}
}

// statusError is the error of a response that is not a success.
func statusError(u string, status int) error {
	switch {
	case status >= 500:
		return fail(ReasonHTTP5xx, u, status, "server error")
	case status >= 400:
		return fail(ReasonHTTP4xx, u, status, "client error")
	}
	return fail(ReasonHTTP4xx, u, status, "unexpected status")
}
