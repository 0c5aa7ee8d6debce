// Package jsondoc reads a JSON article document: an object with "title",
// "body" or "text" (plain text, or HTML when it looks like markup), "url",
// "published" and an optional "byline" or "author" (a string, a list of
// strings, or objects with a "name").
package jsondoc

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tidings-news/tidings/services/parser/draft"
	"github.com/tidings-news/tidings/services/parser/htmldoc"
	"github.com/tidings-news/tidings/services/parser/meta"
	"github.com/tidings-news/tidings/services/parser/text"
)

// ErrNoBody is returned for a JSON document without any body text field.
var ErrNoBody = errors.New("json document has no body or text")

// document is the accepted shape; alternative field names are tried in order.
type document struct {
	Title       string          `json:"title"`
	Headline    string          `json:"headline"`
	Body        json.RawMessage `json:"body"`
	Text        json.RawMessage `json:"text"`
	Content     json.RawMessage `json:"content"`
	ArticleBody json.RawMessage `json:"articleBody"`
	URL         string          `json:"url"`
	Link        string          `json:"link"`
	Published   string          `json:"published"`
	PublishedAt string          `json:"published_at"`
	Date        string          `json:"date"`
	DatePub     string          `json:"datePublished"`
	Byline      json.RawMessage `json:"byline"`
	Author      json.RawMessage `json:"author"`
	Language    string          `json:"language"`
	Lang        string          `json:"lang"`
}

// Read decodes a JSON article into a draft.
func Read(src []byte) (draft.Draft, error) {
	var doc document
	if err := json.Unmarshal(src, &doc); err != nil {
		return draft.Draft{}, fmt.Errorf("decode json article: %w", err)
	}
	var d draft.Draft
	d.Title = strings.TrimSpace(first(doc.Title, doc.Headline))
	d.URL = first(doc.URL, doc.Link)
	d.Language = first(doc.Language, doc.Lang)
	if s := first(doc.Published, doc.PublishedAt, doc.DatePub, doc.Date); s != "" {
		if t, ok := meta.ParseDate(s); ok {
			d.Published = &t
		}
	}
	d.Byline = names(doc.Byline)
	if d.Byline == "" {
		d.Byline = names(doc.Author)
	}
	body := ""
	for _, raw := range []json.RawMessage{doc.Body, doc.Text, doc.ArticleBody, doc.Content} {
		if body = textValue(raw); body != "" {
			break
		}
	}
	if strings.TrimSpace(body) == "" {
		return d, ErrNoBody
	}
	if htmldoc.LooksLikeHTML(body) {
		paras, captions, err := htmldoc.Fragment(body)
		if err != nil {
			return d, err
		}
		d.Paragraphs, d.Boilerplate = paras, captions
		return d, nil
	}
	for _, b := range text.Blocks(text.Lines(body)) {
		d.Paragraphs = append(d.Paragraphs, text.Paragraphs(b)...)
	}
	return d, nil
}

// textValue reads a string, or a list of strings (paragraphs) joined by
// blank lines.
func textValue(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "\n\n")
	}
	return ""
}

// names reads a byline given as "Jane Doe", ["Jane Doe", "John Roe"] or
// [{"name": "Jane Doe"}] / {"name": "Jane Doe"}.
func names(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		s = strings.TrimSpace(s)
		if n, ok := meta.Byline(s); ok {
			return n
		}
		return s
	}
	type named struct {
		Name string `json:"name"`
	}
	var one named
	if json.Unmarshal(raw, &one) == nil && one.Name != "" {
		return strings.TrimSpace(one.Name)
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return ""
	}
	var out []string
	for _, item := range list {
		if n := names(item); n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, " and ")
}

func first(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
