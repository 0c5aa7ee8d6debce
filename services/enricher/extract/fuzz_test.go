package extract_test

import (
	"context"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/ids"
)

// FuzzExtract checks that no input panics and that every offset the
// extractor reports lies on a UTF-8 boundary inside the body and slices it
// to the reported text.
func FuzzExtract(f *testing.F) {
	if b, err := os.ReadFile("testdata/bench_article.txt"); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{
		"", "\u201c", "\u201d\u201c\u201d", "He said: \u201c", "Sir", "Mr \u00e9", "The the The", "U.S.", "\u2019s", "'s'",
		"Sir Alan said: \u201cNo.\n\n\u201cYes\u201d, he said.", "\"a\" \"b", "\u2018x\u2019 \u2018", "A. B. C.", "\xff\xfe bad bytes \u201c\xff",
		"Prime Minister Sir Jo Ann said \u201c\u201d.", "the PM the PM the prime minister", "10-10 No 10 Number 10 spokesman said: \"x y z w\"",
	} {
		f.Add(s)
	}
	x, err := extract.New(extract.Options{Registry: ids.NewMemoryRegistry()})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		rec, err := x.Extract(context.Background(), &events.Article{Body: body})
		if err != nil {
			t.Fatal(err)
		}
		if utf8.ValidString(body) && rec.Body != body {
			t.Fatal("a valid body was changed")
		}
		body = rec.Body // invalid bytes are replaced, as JSON encoding does
		check := func(s, e int, text, what string) {
			if s < 0 || e > len(body) || s > e {
				t.Fatalf("%s: offsets [%d,%d) outside body of %d bytes", what, s, e, len(body))
			}
			if !boundary(body, s) || !boundary(body, e) {
				t.Fatalf("%s: offsets [%d,%d) not on rune boundaries", what, s, e)
			}
			if body[s:e] != text {
				t.Fatalf("%s: body[%d:%d] = %q, text %q", what, s, e, body[s:e], text)
			}
		}
		for _, en := range rec.Entities {
			for _, m := range en.Mentions {
				check(m.Start, m.End, m.Text, "mention")
			}
		}
		for _, q := range rec.Quotes {
			check(q.Start, q.End, q.Text, "quote")
		}
		for _, ev := range rec.Events {
			check(ev.Evidence.Start, ev.Evidence.End, ev.Evidence.Text, "evidence")
		}
	})
}

func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}
