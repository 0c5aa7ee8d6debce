package web

import (
	"bytes"
	"context"
	"net/url"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/tidings-news/tidings/services/fetcher/web/canon"
)

// htmlTypes are the media types a page may have.
var htmlTypes = map[string]bool{"text/html": true, "application/xhtml+xml": true}

// Page is a fetched HTML page.
type Page struct {
	// URL is the page's canonical URL: the one its rel=canonical link
	// names, else the URL it was found at, made canonical.
	URL string
	// FetchedURL is where the page was found, after redirects.
	FetchedURL string
	// HTML is the page in UTF-8, whatever charset it was sent in.
	HTML []byte
}

// Page fetches an HTML page: a response of another media type fails with
// ReasonNotHTML. The page is converted to UTF-8 from the charset its
// Content-Type, byte order mark or <meta> names (windows-1252 when none
// does and it is not UTF-8, as browsers do).
func (c *Client) Page(ctx context.Context, rawURL string) (*Page, error) {
	resp, err := c.Get(ctx, Request{URL: rawURL, Accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"})
	if err != nil {
		return nil, err
	}
	if !htmlTypes[resp.MediaType] && !(resp.MediaType == "" && looksHTML(resp.Body)) {
		return nil, fail(ReasonNotHTML, resp.URL.String(), resp.Status, "media type %q is not HTML", resp.ContentType)
	}
	text := ToUTF8(resp.Body, resp.ContentType)
	p := &Page{URL: resp.URL.String(), FetchedURL: resp.URL.String(), HTML: text}
	if cu, ok := canon.FromHTML(text, resp.URL); ok && sameSite(cu, resp.URL) {
		p.URL = cu.String()
	}
	return p, nil
}

// sameSite reports whether a canonical link stays on the page's own site
// (the same registrable host, or one of its subdomains): a page cannot
// claim to be another site's page.
func sameSite(canonical, page *url.URL) bool {
	a, b := canonical.Hostname(), page.Hostname()
	return a == b || hasDomainSuffix(a, b) || hasDomainSuffix(b, a)
}

func hasDomainSuffix(host, domain string) bool {
	return len(host) > len(domain) && host[len(host)-len(domain)-1] == '.' && host[len(host)-len(domain):] == domain
}

// looksHTML sniffs a body sent without a Content-Type.
func looksHTML(b []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(b[:min(len(b), 512)]))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// ToUTF8 converts body to UTF-8 from the charset contentType, a byte order
// mark or a <meta> tag names; invalid sequences become U+FFFD.
func ToUTF8(body []byte, contentType string) []byte {
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	if name == "utf-8" {
		body = bytes.TrimPrefix(body, []byte{0xEF, 0xBB, 0xBF})
		if utf8.Valid(body) {
			return body
		}
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	return out
}
