// Package feeds registers feeds (RSS 2.0, Atom, JSON Feed, sitemaps), keeps
// their state in JetStream key-value buckets, and polls them: conditional
// GET, each new item queued as a URL request once. Replicas share the
// feeds through leases (see Poller).
package feeds

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/tidings-news/tidings/pkg/events"
)

// Kinds of feed.
const (
	KindRSS          = "rss"
	KindAtom         = "atom"
	KindJSON         = "json"
	KindSitemap      = "sitemap"
	KindSitemapIndex = "sitemapindex"
)

// Item is one entry of a feed: a page to fetch.
type Item struct {
	URL       string
	Title     string
	Published *time.Time
}

// Parsed is a feed as read: its kind, title and items, newest first (items
// without a date last, in feed order). A sitemap index lists sitemaps
// instead of items.
type Parsed struct {
	Kind     string
	Title    string
	Items    []Item
	Sitemaps []string
}

// ErrNotFeed is wrapped by the error of a body that is no feed of a kind known.
var ErrNotFeed = errors.New("not an RSS, Atom or JSON feed or a sitemap")

// Parse reads a feed: RSS 2.0 (and 0.9x, 1.0), Atom and JSON Feed through
// gofeed, sitemaps (urlset, with Google News extensions, and sitemapindex)
// through encoding/xml.
func Parse(body []byte) (*Parsed, error) {
	if root := xmlRoot(body); root == "urlset" || root == "sitemapindex" {
		return parseSitemap(body, root)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, ErrNotFeed
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotFeed, err)
	}
	if f.FeedType == KindJSON && !bytes.Contains(body, []byte("jsonfeed.org/version/")) {
		// gofeed takes any JSON object for a JSON Feed; a feed names its version.
		return nil, fmt.Errorf("%w: JSON without a jsonfeed.org version", ErrNotFeed)
	}
	p := &Parsed{Kind: f.FeedType, Title: strings.TrimSpace(f.Title)}
	for _, it := range f.Items {
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		if link == "" {
			continue
		}
		date := it.PublishedParsed
		if date == nil {
			date = it.UpdatedParsed
		}
		p.Items = append(p.Items, Item{URL: link, Title: strings.TrimSpace(it.Title), Published: events.UTC(date)})
	}
	newestFirst(p.Items)
	return p, nil
}

// xmlRoot is the local name of the document element of an XML body ("" for
// anything else).
func xmlRoot(body []byte) string {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	for range 64 {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
	return ""
}

// sitemap is the sitemaps.org schema with Google's news extension.
type sitemap struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    struct {
			Title           string `xml:"title"`
			PublicationDate string `xml:"publication_date"`
		} `xml:"news"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

func parseSitemap(body []byte, root string) (*Parsed, error) {
	var sm sitemap
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := d.Decode(&sm); err != nil {
		return nil, fmt.Errorf("%w: sitemap: %v", ErrNotFeed, err)
	}
	if root == "sitemapindex" {
		p := &Parsed{Kind: KindSitemapIndex}
		for _, s := range sm.Sitemaps {
			if loc := strings.TrimSpace(s.Loc); loc != "" {
				p.Sitemaps = append(p.Sitemaps, loc)
			}
		}
		return p, nil
	}
	p := &Parsed{Kind: KindSitemap}
	for _, u := range sm.URLs {
		loc := strings.TrimSpace(u.Loc)
		if loc == "" {
			continue
		}
		date := parseW3CDate(u.News.PublicationDate)
		if date == nil {
			date = parseW3CDate(u.LastMod)
		}
		p.Items = append(p.Items, Item{URL: loc, Title: strings.TrimSpace(u.News.Title), Published: date})
	}
	newestFirst(p.Items)
	return p, nil
}

// w3cLayouts are the W3C Datetime forms sitemaps use.
var w3cLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"}

func parseW3CDate(s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, l := range w3cLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return events.UTC(&t)
		}
	}
	return nil
}

// newestFirst sorts items by date, newest first; undated ones keep their
// order after the dated.
func newestFirst(items []Item) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].Published, items[j].Published
		switch {
		case a == nil:
			return false
		case b == nil:
			return true
		}
		return a.After(*b)
	})
}
