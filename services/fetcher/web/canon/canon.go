// Package canon gives a web page one name: the canonical form of its URL
// (scheme and host in lower case, no default port, no fragment, no
// tracking parameters, the remaining query sorted) and the rel=canonical
// link a page declares.
package canon

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxURLLength bounds the URLs accepted (longer ones are an error).
const MaxURLLength = 2048

// trackingParams are query parameters that say who sent the reader, not
// which page it is; prefixes end in "_".
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gclsrc": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true,
	"_gl": true, "ocid": true, "cmpid": true, "ncid": true, "wt_mc": true,
	"mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true, "rb_clickid": true,
	"s_cid": true, "vero_id": true, "wickedid": true, "__twitter_impression": true,
}

// trackingPrefixes are families of tracking parameters (utm_source, utm_medium…).
var trackingPrefixes = []string{"utm_", "pk_", "mtm_", "hsa_", "itm_"}

// isTracking reports whether the query parameter name only tracks the visit.
func isTracking(name string) bool {
	n := strings.ToLower(name)
	if trackingParams[n] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// Parse checks raw is an absolute http or https URL with a host and no
// credentials, and returns it canonical (see URL).
func Parse(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("empty URL")
	}
	if len(raw) > MaxURLLength {
		return nil, fmt.Errorf("URL of %d bytes is over the limit of %d", len(raw), MaxURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("parse URL: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("URL %q: only http and https are fetched", cut(raw))
	}
	if u.User != nil {
		return nil, fmt.Errorf("URL %q: credentials in a URL are not accepted", cut(u.Redacted()))
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("URL %q has no host", cut(raw))
	}
	canonical(u)
	return u, nil
}

// URL returns the canonical form of raw (see Parse).
func URL(raw string) (string, error) {
	u, err := Parse(raw)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// canonical rewrites u in place: host in lower case without a trailing dot
// or default port, path cleaned ("/" when empty), fragment and tracking
// parameters dropped, the remaining query sorted by name (values keep
// their order).
func canonical(u *url.URL) {
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host = net.JoinHostPort(strings.Trim(host, "[]"), port)
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	u.Opaque = ""
	u.Path = cleanPath(u.Path)
	u.RawPath = ""
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
}

// cleanPath resolves dot segments and keeps a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	c := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// cleanQuery drops tracking parameters and empty pairs and sorts the rest
// by name, keeping the order of repeated names.
func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ k, v string }
	var pairs []pair
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if isTracking(name) {
			continue
		}
		pairs = append(pairs, pair{k, v})
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].k < pairs[j].k })
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		if p.v != "" {
			b.WriteByte('=')
			b.WriteString(p.v)
		}
	}
	return b.String()
}

// headLimit bounds how much of a page is searched for its canonical link.
const headLimit = 256 << 10

// FromHTML returns the canonical URL a page declares with <link
// rel="canonical" href="…">, resolved against base and made canonical;
// ok is false when the page declares none, or one that is not an http(s)
// URL. Only the first 256 KiB are read (the link belongs in the head).
func FromHTML(page []byte, base *url.URL) (u *url.URL, ok bool) {
	z := html.NewTokenizer(bytes.NewReader(page[:min(len(page), headLimit)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil, false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Body {
				return nil, false
			}
			if a != atom.Link || !hasAttr {
				continue
			}
			if href, found := canonicalHref(z); found {
				return resolve(base, href)
			}
		}
	}
}

// canonicalHref reads the attributes of a <link> and returns its href when
// its rel names "canonical".
func canonicalHref(z *html.Tokenizer) (string, bool) {
	var rel, href string
	for {
		k, v, more := z.TagAttr()
		switch strings.ToLower(string(k)) {
		case "rel":
			rel = string(v)
		case "href":
			href = string(v)
		}
		if !more {
			break
		}
	}
	for f := range strings.FieldsSeq(strings.ToLower(rel)) {
		if f == "canonical" && strings.TrimSpace(href) != "" {
			return strings.TrimSpace(href), true
		}
	}
	return "", false
}

// resolve makes href absolute against base and canonical.
func resolve(base *url.URL, href string) (*url.URL, bool) {
	ref, err := url.Parse(href)
	if err != nil {
		return nil, false
	}
	abs := ref
	if base != nil {
		abs = base.ResolveReference(ref)
	}
	u, err := Parse(abs.String())
	if err != nil {
		return nil, false
	}
	return u, true
}

// cut shortens s for an error message.
func cut(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
