package tagger_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tidings-news/tidings/services/enricher/tagger"
)

// FuzzTag: any text tokenises into slices of itself (on rune boundaries when
// it is valid UTF-8; an invalid byte is a token of its own), and
// tagging it never panics and returns spans inside their sentence with a
// known type.
func FuzzTag(f *testing.F) {
	for _, s := range []string{"", "John Smith visited Paris.", "ÉLYSÉE PALACE SAID", "\xff\xfe U.S.-led", "a\n\nB C D E F G H I J K",
		"’s ’s 's", "New York New York New York", strings.Repeat("Xy ", 300)} {
		f.Add(s)
	}
	tg := tagger.New(mustModel(f), 1000)
	f.Fuzz(func(t *testing.T, text string) {
		var doc [][]tagger.Token
		for _, para := range strings.Split(text, "\n") {
			toks := tagger.Tokenize(para, 0)
			for _, tk := range toks {
				if tk.Start < 0 || tk.End > len(para) || tk.Start >= tk.End || para[tk.Start:tk.End] != tk.Text {
					t.Fatalf("token %+v is not a slice of %q", tk, para)
				}
				if utf8.ValidString(para) && (!utf8.RuneStart(para[tk.Start]) || (tk.End < len(para) && !utf8.RuneStart(para[tk.End]))) {
					t.Fatalf("token %+v not on rune boundaries of %q", tk, para)
				}
			}
			doc = append(doc, toks)
		}
		out := tg.Tag(doc)
		if len(out) != len(doc) {
			t.Fatalf("%d sentences in, %d out", len(doc), len(out))
		}
		for k, spans := range out {
			for _, s := range spans {
				if s.Start < 0 || s.End > len(doc[k]) || s.Start >= s.End {
					t.Fatalf("span %+v outside sentence of %d tokens", s, len(doc[k]))
				}
				if s.Type != "PER" && s.Type != "ORG" && s.Type != "LOC" && s.Type != "MISC" {
					t.Fatalf("span type %q", s.Type)
				}
			}
		}
	})
}
