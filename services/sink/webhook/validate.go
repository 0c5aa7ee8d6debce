// Package webhook delivers the enricher's fan-out messages (events,
// entities, quotes) to HTTP endpoints that subscribed to a subject: one
// durable JetStream consumer per subscription, one message in flight at a
// time (so each subscriber gets its messages in order), each POSTed with the
// CloudEvents headers, an HMAC-SHA256 signature of the body and an
// idempotency key, retried with backoff on 5xx, 429 and network errors for
// a time budget, then dead-lettered; a 4xx is dead-lettered at once.
package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
)

// Request is what POST /api/v1/subscriptions takes.
type Request struct {
	// Name labels the subscription's metrics (default: its id).
	Name    string `json:"name,omitempty"`
	Subject string `json:"subject"`
	URL     string `json:"url"`
	Secret  string `json:"secret"`
}

// Bounds of a subscription's fields.
const (
	minSecret = 16
	maxSecret = 256
	maxURL    = 2048
)

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// StreamOf is the fan-out stream holding subject, which must be a valid
// subject filter within one of the fan-out subjects.
func StreamOf(subject string) (string, error) {
	if subject == "" {
		return "", errors.New("subject is missing: give a fan-out subject such as tidings.events.v1.19.> or tidings.quotes.v1")
	}
	if len(subject) > 256 || !utf8.ValidString(subject) {
		return "", fmt.Errorf("subject %q is not a subject", clip(subject))
	}
	toks := strings.Split(subject, ".")
	for i, t := range toks {
		switch {
		case t == "":
			return "", fmt.Errorf("subject %q has an empty token", clip(subject))
		case t == ">" && i != len(toks)-1:
			return "", fmt.Errorf("subject %q: > may only end a subject", clip(subject))
		case strings.ContainsAny(t, " \t\r\n*>") && t != "*" && t != ">":
			return "", fmt.Errorf("subject %q: wildcards * and > stand alone as tokens, and tokens hold no white space", clip(subject))
		}
	}
	switch {
	case subject == events.SubjectQuotes:
		return events.StreamQuotes, nil
	case strings.HasPrefix(subject, events.SubjectEventsPrefix):
		return events.StreamEvents, nil
	case strings.HasPrefix(subject, events.SubjectEntitiesPrefix):
		return events.StreamEntities, nil
	}
	return "", fmt.Errorf("subject %q is not a fan-out subject: give one under tidings.events.v1.> (tidings.events.v1.<root>.<code>), tidings.entities.v1.> (tidings.entities.v1.<type>) or tidings.quotes.v1", clip(subject))
}

// Check validates r (name, subject, secret and URL); allowPrivate lets the
// URL point at loopback and private addresses. It resolves the URL's host.
func (r *Request) Check(ctx context.Context, resolver *net.Resolver, allowPrivate bool) error {
	var errs []error
	if r.Name != "" && !namePattern.MatchString(r.Name) {
		errs = append(errs, fmt.Errorf("name %q: lower-case letters, digits, - and _, at most 63, starting with a letter or digit", clip(r.Name)))
	}
	if _, err := StreamOf(r.Subject); err != nil {
		errs = append(errs, err)
	}
	switch n := len(r.Secret); {
	case n == 0:
		errs = append(errs, errors.New("secret is missing: give at least 16 characters the receiver also knows (it signs every POST)"))
	case n < minSecret || n > maxSecret:
		errs = append(errs, fmt.Errorf("secret is %d bytes: give 16 to 256", n))
	}
	if err := checkURL(ctx, resolver, r.URL, allowPrivate); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// checkURL accepts an absolute http or https URL whose host resolves to
// public addresses only (any address with allowPrivate).
func checkURL(ctx context.Context, resolver *net.Resolver, raw string, allowPrivate bool) error {
	if raw == "" {
		return errors.New("url is missing")
	}
	if len(raw) > maxURL {
		return fmt.Errorf("url is longer than %d bytes", maxURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("url %q is not a URL: %v", clip(raw), err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("url %q: scheme %q is not http or https", clip(raw), clip(u.Scheme))
	case u.Host == "" || u.Hostname() == "":
		return fmt.Errorf("url %q has no host", clip(raw))
	case u.User != nil:
		return fmt.Errorf("url %q holds credentials: leave them out (the secret signs every POST)", clip(redact(u)))
	case u.Fragment != "":
		return fmt.Errorf("url %q has a fragment", clip(raw))
	}
	if allowPrivate {
		return nil
	}
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		return publicAddr(host, ip)
	}
	lctx, cancel := context.WithTimeout(ctx, resolveTimeout)
	defer cancel()
	addrs, err := resolver.LookupNetIP(lctx, "ip", host)
	if err != nil {
		return fmt.Errorf("url host %q does not resolve: %v", clip(host), err)
	}
	for _, ip := range addrs {
		if err := publicAddr(host, ip); err != nil {
			return err
		}
	}
	return nil
}

// publicAddr refuses loopback, private, link-local, unspecified, multicast
// and shared (CGNAT) addresses.
func publicAddr(host string, ip netip.Addr) error {
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || cgnat.Contains(ip) {
		return fmt.Errorf("url host %s is a loopback or private address (%s); start the server with --webhook-allow-private to allow it", clip(host), ip)
	}
	return nil
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

func redact(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}

// clip cuts s short for messages.
func clip(s string) string {
	if len(s) <= 80 {
		return s
	}
	for i := 80; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i] + "…"
		}
	}
	return ""
}
