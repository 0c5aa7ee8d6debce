package parser

import (
	"strings"
	"time"

	"github.com/tidings-news/tidings/services/parser/boilerplate"
	"github.com/tidings-news/tidings/services/parser/draft"
	"github.com/tidings-news/tidings/services/parser/htmldoc"
	"github.com/tidings-news/tidings/services/parser/meta"
	"github.com/tidings-news/tidings/services/parser/text"
)

// headParagraphs is how many body paragraphs may precede a byline or date
// line that is still taken as metadata.
const headParagraphs = 2

// cleaned is a draft after boilerplate removal and metadata extraction.
type cleaned struct {
	title, byline, dateline string
	published               *time.Time
	paragraphs              []string
	boilerplate             []string
}

// clean normalizes the draft's paragraphs, moves boilerplate aside, takes
// byline and date lines near the head as metadata, splits the dateline off
// the lead paragraph and drops a lead paragraph that repeats the title.
func clean(d draft.Draft) cleaned {
	c := cleaned{
		title:      text.Normalize(d.Title),
		byline:     meta.CleanByline(text.Normalize(d.Byline)),
		published:  d.Published,
		paragraphs: make([]string, 0, len(d.Paragraphs)),
	}
	for _, b := range d.Boilerplate {
		if b = text.Normalize(b); b != "" {
			c.boilerplate = append(c.boilerplate, b)
		}
	}
	var updated *time.Time
	for _, raw := range d.Paragraphs {
		p := text.Normalize(raw)
		if p == "" {
			continue
		}
		if boilerplate.Is(p) {
			c.boilerplate = append(c.boilerplate, p)
			continue
		}
		if len(c.paragraphs) < headParagraphs {
			if name, ok := meta.Byline(p); ok {
				if c.byline == "" {
					c.byline = name
				}
				continue
			}
			if t, kind := meta.DateLine(p); kind != meta.NotDate {
				switch {
				case kind == meta.PublishedDate && c.published == nil:
					c.published = &t
				case kind == meta.UpdatedDate && updated == nil:
					updated = &t
				}
				continue
			}
		}
		if len(c.paragraphs) == 0 {
			if t, ok := leadIsTitle(p, c.title); ok {
				// The page's headline repeated as the lead: keep it as the
				// title, without the site name a <title> often carries.
				c.title = t
				continue
			}
			if c.dateline == "" {
				if dl, rest, ok := meta.Dateline(p); ok {
					c.dateline, p = dl, rest
				}
			}
		}
		c.paragraphs = append(c.paragraphs, p)
	}
	if c.published == nil {
		c.published = updated
	}
	return c
}

// leadIsTitle reports a lead paragraph that repeats the title, alone or
// followed by a site name ("Headline - BBC News"), and the title to keep.
func leadIsTitle(p, title string) (string, bool) {
	if title == "" || len(p) > len(title) {
		return "", false
	}
	if strings.EqualFold(p, title) {
		return title, true
	}
	if len(p) < len(title) && strings.EqualFold(title[:len(p)], p) {
		rest := title[len(p):]
		for _, sep := range htmldoc.TitleSeparators {
			if strings.HasPrefix(rest, sep) {
				return p, true
			}
		}
	}
	return "", false
}
