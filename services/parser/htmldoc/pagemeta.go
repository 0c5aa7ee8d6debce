package htmldoc

import (
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tidings-news/tidings/services/parser/meta"
)

// declared is metadata the page states itself.
type declared struct {
	ogTitle, docTitle, author, lang string
	siteName                        string
	published                       *time.Time
	// captions are the page's figure captions, which extraction drops.
	captions []string
}

// pageMeta reads what the page declares: og:title and <title>, the site
// name, article:published_time (else JSON-LD datePublished, else the first
// <time datetime>), the author meta, <html lang> and the figure captions.
func pageMeta(root *html.Node) declared {
	var m declared
	var timeTag *time.Time
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.lang = attr(n, "lang")
			case atom.Title:
				if m.docTitle == "" {
					m.docTitle = strings.TrimSpace(textOf(n))
				}
			case atom.Meta:
				key := strings.ToLower(attr(n, "property"))
				if key == "" {
					key = strings.ToLower(attr(n, "name"))
				}
				val := strings.TrimSpace(attr(n, "content"))
				switch key {
				case "og:site_name", "application-name":
					if m.siteName == "" {
						m.siteName = val
					}
				case "og:title", "twitter:title":
					if m.ogTitle == "" {
						m.ogTitle = val
					}
				case "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "pubdate", "publish-date", "sailthru.date", "parsely-pub-date":
					if m.published == nil {
						if t, ok := meta.ParseDate(val); ok {
							m.published = &t
						}
					}
				case "author", "article:author", "byl", "dc.creator", "parsely-author":
					if m.author == "" && !strings.HasPrefix(val, "http") {
						m.author = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(val, "By "), "by "))
					}
				}
			case atom.Script:
				if m.published == nil && strings.Contains(attr(n, "type"), "ld+json") {
					if v := jsonLDString(textOf(n), "datePublished"); v != "" {
						if t, ok := meta.ParseDate(v); ok {
							m.published = &t
						}
					}
				}
			case atom.Figcaption:
				if t := strings.TrimSpace(textOf(n)); t != "" {
					m.captions = append(m.captions, t)
				}
			case atom.Time:
				if timeTag == nil {
					if t, ok := meta.ParseDate(attr(n, "datetime")); ok {
						timeTag = &t
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(root)
	if m.published == nil {
		m.published = timeTag
	}
	return m
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// jsonLDString finds "key": "value" in JSON-LD text and returns the value.
// A plain search suffices for the few keys read, and tolerates the broken
// JSON that pages often carry.
func jsonLDString(src, key string) string {
	i := strings.Index(src, `"`+key+`"`)
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(src[i+len(key)+2:], " \t\r\n")
	if !strings.HasPrefix(rest, ":") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	if !strings.HasPrefix(rest, `"`) {
		return ""
	}
	end := strings.IndexByte(rest[1:], '"')
	if end < 0 {
		return ""
	}
	return rest[1 : 1+end]
}
