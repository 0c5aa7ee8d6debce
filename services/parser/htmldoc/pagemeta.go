package htmldoc

import (
	"cmp"
	"regexp"
	"slices"
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
// name, the published date (article:published_time and its kin, else JSON-LD
// datePublished, else an element marked itemprop="datePublished" or hAtom's
// class="published", else the first <time datetime>, else a /YYYY/MM/DD/ in
// the page's canonical URL), the author meta, <html lang> and the figure
// captions.
func pageMeta(root *html.Node) declared {
	r := &metaReader{}
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.ElementNode {
			r.element(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(root)
	for _, t := range []*time.Time{r.marked, r.timeTag, r.urlDate} {
		if r.m.published == nil {
			r.m.published = t
		}
	}
	return r.m
}

// metaReader collects a page's declarations, element by element.
type metaReader struct {
	m declared
	// Weaker evidence of the published date, taken in this order when the
	// page's meta and JSON-LD say nothing.
	marked, timeTag, urlDate *time.Time
}

// publishedMeta are the meta names and properties of a published date.
var publishedMeta = map[string]bool{
	"article:published_time": true, "article:published": true, "og:published_time": true, "published_time": true,
	"datepublished": true, "date": true, "dc.date": true, "dc.date.issued": true, "pubdate": true,
	"publish-date": true, "publication_date": true, "sailthru.date": true, "parsely-pub-date": true,
}

func (r *metaReader) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Html:
		r.m.lang = attr(n, "lang")
	case atom.Title:
		if r.m.docTitle == "" {
			r.m.docTitle = strings.TrimSpace(textOf(n))
		}
	case atom.Meta:
		r.meta(n)
	case atom.Link:
		if strings.EqualFold(attr(n, "rel"), "canonical") {
			setDate(&r.urlDate, urlDate(attr(n, "href")))
		}
	case atom.Script:
		if r.m.published == nil && strings.Contains(attr(n, "type"), "ld+json") {
			setDate(&r.m.published, jsonLDString(textOf(n), "datePublished"))
		}
	case atom.Figcaption:
		if t := strings.TrimSpace(textOf(n)); t != "" {
			r.m.captions = append(r.m.captions, t)
		}
	case atom.Time:
		setDate(&r.timeTag, attr(n, "datetime"))
	}
	if n.DataAtom != atom.Meta && slices.Contains(strings.Fields(attr(n, "itemprop")), "datePublished") ||
		slices.Contains(strings.Fields(attr(n, "class")), "published") {
		v := cmp.Or(attr(n, "content"), attr(n, "datetime"), attr(n, "title"))
		if v == "" {
			v = strings.TrimSpace(textOf(n))
		}
		setDate(&r.marked, v)
	}
}

// meta reads a <meta> element.
func (r *metaReader) meta(n *html.Node) {
	key := strings.ToLower(cmp.Or(attr(n, "property"), attr(n, "name")))
	val := strings.TrimSpace(attr(n, "content"))
	switch {
	case key == "og:site_name" || key == "application-name":
		r.m.siteName = cmp.Or(r.m.siteName, val)
	case key == "og:title" || key == "twitter:title":
		r.m.ogTitle = cmp.Or(r.m.ogTitle, val)
	case key == "og:url":
		setDate(&r.urlDate, urlDate(val))
	case publishedMeta[key] || slices.Contains(strings.Fields(attr(n, "itemprop")), "datePublished"):
		setDate(&r.m.published, val)
	case key == "author" || key == "article:author" || key == "byl" || key == "dc.creator" || key == "parsely-author":
		if r.m.author == "" && !strings.HasPrefix(val, "http") {
			r.m.author = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(val, "By "), "by "))
		}
	}
}

// setDate parses v into *dst unless *dst is already set.
func setDate(dst **time.Time, v string) {
	if *dst != nil || v == "" {
		return
	}
	if t, ok := meta.ParseDate(v); ok && t.Year() > 1 {
		*dst = &t
	}
}

// urlDateRE finds /YYYY/MM/DD/ in a URL's path.
var urlDateRE = regexp.MustCompile(`/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/`)

// urlDate returns the YYYY-MM-DD a URL's path holds, or "".
func urlDate(u string) string {
	m := urlDateRE.FindStringSubmatch(u)
	if m == nil {
		return ""
	}
	return m[1] + "-" + m[2] + "-" + m[3]
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
