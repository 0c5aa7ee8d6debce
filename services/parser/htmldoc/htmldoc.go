// Package htmldoc reads an HTML page into a draft: go-trafilatura finds the
// article content and its metadata (title from og:title or <title>, author,
// published date from article:published_time, JSON-LD or <time>); the
// content tree is then cut into paragraphs. When extraction fails the page's
// own blocks, navigation and furniture left out, are used instead.
package htmldoc

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/markusmobius/go-htmldate"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/tidings-news/tidings/services/parser/draft"
)

// minExtracted is the shortest extraction taken from trafilatura (its own
// threshold for trusting the main extractor).
const minExtracted = 250

// Read extracts the article of an HTML page.
func Read(src []byte) (draft.Draft, error) {
	root, err := html.Parse(bytes.NewReader(toUTF8(src)))
	if err != nil {
		return draft.Draft{}, fmt.Errorf("parse html: %w", err)
	}
	var d draft.Draft
	var site string
	pm := pageMeta(root)
	opts := trafilatura.Options{
		ExcludeComments: true,
		Deduplicate:     true,
		// Fast: dates from the markup, without go-dateparser's slow text scan.
		HtmlDateMode: trafilatura.Fast,
	}
	if pm.published != nil {
		// The page declares its date: spare trafilatura the search.
		opts.HtmlDateOverride = &htmldate.Result{DateTime: *pm.published, HasTime: true, HasTimezone: true}
	}
	res, err := trafilatura.ExtractDocument(root, opts)
	if err == nil && res != nil && res.ContentNode != nil && len(res.ContentText) >= minExtracted {
		d.Paragraphs, d.Boilerplate = Blocks(res.ContentNode, false)
		d.Title = res.Metadata.Title
		site = res.Metadata.Sitename
		d.Byline = res.Metadata.Author
		d.URL = res.Metadata.URL
		d.Language = res.Metadata.Language
		if !res.Metadata.Date.IsZero() {
			t := res.Metadata.Date.UTC()
			d.Published = &t
		}
	}
	if len(d.Paragraphs) == 0 {
		// Extraction found little (a short page, a fragment), and trafilatura's
		// baseline then runs paragraphs together: take the page's own blocks.
		d.Paragraphs, d.Boilerplate = Blocks(root, true)
	}
	// The page's own declarations win over trafilatura's guesses.
	switch {
	case pm.ogTitle != "":
		d.Title = pm.ogTitle
	case d.Title == "":
		d.Title = pm.docTitle
	}
	if pm.published != nil {
		d.Published = pm.published
	}
	if d.Byline == "" {
		d.Byline = pm.author
	}
	if d.Language == "" {
		d.Language = pm.lang
	}
	d.Boilerplate = mergeCaptions(pm.captions, d.Boilerplate)
	d.Title = stripTitleSuffix(d.Title, site, pm.siteName, d.Byline)
	return d, nil
}

// Fragment reads an HTML fragment (the body field of a JSON document) into
// paragraphs, with figure captions apart.
func Fragment(src string) (paras, captions []string, err error) {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return nil, nil, fmt.Errorf("parse html fragment: %w", err)
	}
	for _, n := range nodes {
		p, c := Blocks(n, true)
		paras = append(paras, p...)
		captions = append(captions, c...)
	}
	return paras, captions, nil
}

// LooksLikeHTML reports text that is markup rather than prose.
func LooksLikeHTML(s string) bool {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "<") {
		return false
	}
	l := strings.ToLower(t[:min(len(t), 512)])
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<p", "<div", "<article", "<h1", "<section", "<span", "<figure"} {
		if strings.Contains(l, tag) {
			return true
		}
	}
	return false
}

// mergeCaptions returns the page's captions followed by the extra lines not
// already among them.
func mergeCaptions(page, extra []string) []string {
	out := append([]string(nil), page...)
	for _, e := range extra {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

// toUTF8 decodes a page that is not UTF-8 by its declared charset (a
// <meta charset> or a byte order mark), Windows-1252 when it declares none.
func toUTF8(src []byte) []byte {
	if utf8.Valid(src) {
		return src
	}
	enc, _, _ := charset.DetermineEncoding(src, "text/html")
	out, err := enc.NewDecoder().Bytes(src)
	if err != nil {
		return bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	return out
}
