package quotemarks_test

import (
	"testing"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/quotemarks"
	"github.com/tidings-news/tidings/services/enricher/extract/sentences"
)

func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

// FuzzQuotes checks the quote finder alone: quotes lie inside their
// paragraph, in order, on rune boundaries, and never overlap.
func FuzzQuotes(f *testing.F) {
	for _, s := range []string{"He said: \u201cA.\n\n\u201cB\u201d", "\"x\" \"y", "\u2018a\u2019 b\u2019s \u2018", "\u201c\u201c\u201d\u201d", "\u201d\u201c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if !utf8.ValidString(body) {
			t.Skip()
		}
		a := &events.Article{Body: body}
		paras := sentences.Paragraphs(a)
		prev := 0
		for _, q := range quotemarks.Find(body, paras) {
			p := paras[q.Para]
			if q.Start < p.Start || q.End > p.End || q.Start >= q.End || q.Start < prev {
				t.Fatalf("quote [%d,%d) outside paragraph [%d,%d) or out of order", q.Start, q.End, p.Start, p.End)
			}
			if !boundary(body, q.Start) || !boundary(body, q.End) {
				t.Fatalf("quote [%d,%d) not on rune boundaries", q.Start, q.End)
			}
			prev = q.End
		}
	})
}
