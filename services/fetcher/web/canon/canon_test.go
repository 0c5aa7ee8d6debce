package canon

import (
	"net/url"
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"HTTP://Example.COM", "http://example.com/"},
		{"https://example.com:443/a/b/../c?b=2&a=1#section", "https://example.com/a/c?a=1&b=2"},
		{"http://example.com:80/x/", "http://example.com/x/"},
		{"http://example.com:8080/x", "http://example.com:8080/x"},
		{"https://news.example.org/story?utm_source=tw&utm_medium=social&id=7&fbclid=abc&gclid=x", "https://news.example.org/story?id=7"},
		{"https://example.com/?UTM_Campaign=x&mc_cid=1&_ga=2", "https://example.com/"},
		{"https://example.com./a", "https://example.com/a"},
		{"https://example.com/a?q=hello%20world&x", "https://example.com/a?q=hello%20world&x"},
		{"https://example.com/a?b=2&a=1&b=1", "https://example.com/a?a=1&b=2&b=1"},
		{"  https://[2001:DB8::1]:443/p  ", "https://[2001:db8::1]/p"},
	}
	for _, c := range cases {
		got, err := URL(c.in)
		if err != nil {
			t.Errorf("URL(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("URL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestURLRejects(t *testing.T) {
	for _, in := range []string{"", "ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)",
		"https://user:pass@example.com/", "/relative/path", "http://", "https://example.com/" + strings.Repeat("a", MaxURLLength)} {
		if got, err := URL(in); err == nil {
			t.Errorf("URL(%q) = %q, want an error", in, got)
		}
	}
}

func TestFromHTML(t *testing.T) {
	base, _ := url.Parse("https://www.example.com/news/story-1?utm_source=rss")
	cases := []struct {
		page, want string
		ok         bool
	}{
		{`<html><head><link rel="canonical" href="/news/story-1?utm_medium=x#top"></head><body></body></html>`, "https://www.example.com/news/story-1", true},
		{`<html><head><link rel="alternate stylesheet" href="/s.css"><LINK REL="Canonical" HREF="https://example.com/s1"/></head></html>`, "https://example.com/s1", true},
		{`<html><head><title>x</title></head><body><link rel="canonical" href="/in-body"></body></html>`, "", false},
		{`<html><head><link rel="canonical" href="javascript:void(0)"></head></html>`, "", false},
		{`<html><head><link rel="canonical"></head></html>`, "", false},
		{`no html at all`, "", false},
	}
	for _, c := range cases {
		u, ok := FromHTML([]byte(c.page), base)
		if ok != c.ok || (ok && u.String() != c.want) {
			t.Errorf("FromHTML(%q) = %v, %v; want %q, %v", c.page, u, ok, c.want, c.ok)
		}
	}
}
