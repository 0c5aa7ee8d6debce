package feeds

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Feed bodies in each format, two items each (links relative or absolute).
func rssFeed(base string, items ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Local News</title><link>` + base + `</link>`)
	for i, it := range items {
		fmt.Fprintf(&b, `<item><title>Item %s</title><link>%s/%s?utm_source=rss</link><guid>%s</guid><pubDate>%s</pubDate></item>`,
			it, base, it, it, time.Date(2025, 3, 10+i, 9, 0, 0, 0, time.UTC).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func atomFeed(base string, items ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:x</id><updated>2025-03-12T00:00:00Z</updated>`)
	for i, it := range items {
		fmt.Fprintf(&b, `<entry><title>Entry %s</title><link rel="alternate" href="%s/%s"/><id>urn:%s</id><published>%s</published><updated>%s</updated></entry>`,
			it, base, it, it, time.Date(2025, 3, 10+i, 9, 0, 0, 0, time.UTC).Format(time.RFC3339), time.Date(2025, 3, 10+i, 9, 0, 0, 0, time.UTC).Format(time.RFC3339))
	}
	b.WriteString(`</feed>`)
	return b.String()
}

func jsonFeed(base string, items ...string) string {
	var parts []string
	for i, it := range items {
		parts = append(parts, fmt.Sprintf(`{"id":"%s","url":"%s/%s","title":"JSON %s","date_published":"%s"}`,
			it, base, it, it, time.Date(2025, 3, 10+i, 9, 0, 0, 0, time.UTC).Format(time.RFC3339)))
	}
	return `{"version":"https://jsonfeed.org/version/1.1","title":"JSON News","items":[` + strings.Join(parts, ",") + `]}`
}

func sitemapFeed(base string, items ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
	for i, it := range items {
		fmt.Fprintf(&b, `<url><loc>%s/%s</loc><news:news><news:title>News %s</news:title><news:publication_date>%s</news:publication_date></news:news></url>`,
			base, it, it, time.Date(2025, 3, 10+i, 9, 0, 0, 0, time.UTC).Format(time.RFC3339))
	}
	b.WriteString(`</urlset>`)
	return b.String()
}

var formats = map[string]func(base string, items ...string) string{
	KindRSS: rssFeed, KindAtom: atomFeed, KindJSON: jsonFeed, KindSitemap: sitemapFeed,
}

func TestParseEveryFormat(t *testing.T) {
	for kind, make := range formats {
		t.Run(kind, func(t *testing.T) {
			p, err := Parse([]byte(make("https://news.example.com", "a", "b")))
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != kind || len(p.Items) != 2 {
				t.Fatalf("kind %q, %d items", p.Kind, len(p.Items))
			}
			// Newest first.
			if !strings.HasPrefix(p.Items[0].URL, "https://news.example.com/b") || p.Items[0].Published == nil ||
				!p.Items[0].Published.Equal(time.Date(2025, 3, 11, 9, 0, 0, 0, time.UTC)) {
				t.Errorf("first item %+v", p.Items[0])
			}
			if p.Items[1].Title == "" {
				t.Errorf("no title: %+v", p.Items[1])
			}
		})
	}
}

func TestParseSitemapIndexAndLastmod(t *testing.T) {
	p, err := Parse([]byte(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://x.example/s1.xml</loc></sitemap><sitemap><loc> /s2.xml </loc></sitemap></sitemapindex>`))
	if err != nil || p.Kind != KindSitemapIndex || len(p.Sitemaps) != 2 || p.Sitemaps[1] != "/s2.xml" {
		t.Fatalf("%+v %v", p, err)
	}
	p, err = Parse([]byte(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/a</loc><lastmod>2025-03-01</lastmod></url><url><loc>https://x.example/b</loc></url></urlset>`))
	if err != nil || len(p.Items) != 2 || p.Items[0].Published == nil || p.Items[1].Published != nil {
		t.Fatalf("%+v %v", p, err)
	}
}

func TestParseRejectsWhatIsNoFeed(t *testing.T) {
	for _, body := range []string{"", "<html><body>a page</body></html>", "plain text", `{"not":"a feed"}`} {
		if p, err := Parse([]byte(body)); err == nil {
			t.Errorf("Parse(%q) = %+v", body, p)
		}
	}
}
