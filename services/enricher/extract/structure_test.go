package extract

import (
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
)

func TestTokenize(t *testing.T) {
	body := "The U.S. and Kyiv\u2019s allies won\u2019t sign a 30-day deal in Washington D.C. \u2013 Mr Smith said."
	var got []string
	for _, tk := range tokenize(body) {
		if body[tk.Start:tk.End] != tk.Text {
			t.Fatalf("token %q at [%d,%d)", tk.Text, tk.Start, tk.End)
		}
		got = append(got, tk.Text)
	}
	want := []string{"The", "U.S.", "and", "Kyiv", "\u2019s", "allies", "won\u2019t", "sign", "a", "30-day", "deal", "in",
		"Washington", "D.C.", "\u2013", "Mr", "Smith", "said", "."}
	if len(got) != len(want) {
		t.Fatalf("tokens %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d %q, want %q", i, got[i], want[i])
		}
	}
}

func TestSentences(t *testing.T) {
	body := "Mr. Smith met Dr. Jones in the U.S. on Monday. They agreed. \u201cIt went well.\u201d He left."
	a := &events.Article{Body: body}
	lx := mustLexicon(t)
	ss := sentences(a, paragraphs(a), lx)
	var got []string
	for _, s := range ss {
		got = append(got, body[s.Start:s.End])
	}
	want := []string{"Mr. Smith met Dr. Jones in the U.S. on Monday.", "They agreed.", "\u201cIt went well.\u201d", "He left."}
	if len(got) != len(want) {
		t.Fatalf("sentences %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sentence %d %q, want %q", i, got[i], want[i])
		}
	}
}

func TestParserSpansAreUsed(t *testing.T) {
	body := "One two. Three four"
	a := &events.Article{Body: body, Sentences: []events.Span{{Start: 0, End: 19}}, Paragraphs: []events.Span{{Start: 0, End: 19}}}
	if ss := sentences(a, paragraphs(a), mustLexicon(t)); len(ss) != 1 {
		t.Errorf("given sentences ignored: %v", ss)
	}
	bad := &events.Article{Body: body, Sentences: []events.Span{{Start: 5, End: 99}}}
	if ss := sentences(bad, paragraphs(bad), mustLexicon(t)); len(ss) != 2 {
		t.Errorf("invalid sentences not replaced: %v", ss)
	}
}

func TestFindQuotes(t *testing.T) {
	body := "He said: \u201cFirst part.\n\n\u201cSecond part.\u201d\n\nShe called it \"fine\" and \u2018odd\u2019, the countries\u2019 view."
	a := &events.Article{Body: body}
	qs := findQuotes(body, paragraphs(a))
	var got []string
	for _, q := range qs {
		got = append(got, body[q.Start:q.End])
	}
	want := []string{"First part.", "Second part.", "fine", "odd"}
	if len(got) != len(want) {
		t.Fatalf("quotes %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("quote %d %q, want %q", i, got[i], want[i])
		}
	}
	if qs[0].Close != -1 || !qs[1].Cont {
		t.Errorf("unclosed first paragraph and continuation not marked: %+v", qs[:2])
	}
}

func TestTimexResolve(t *testing.T) {
	lx := mustLexicon(t)
	a := &events.Article{Body: "They met on Wednesday evening, will meet next week and met last weekend, yesterday and on 3 March 2025."}
	d := newDoc(lx, a)
	xs := d.findTimex(0)
	pub := mustDate(t, "2026-03-12") // Thursday
	want := map[string]string{"on Wednesday evening": "2026-03-11", "next week": "2026-03-19", "last weekend": "2026-03-07",
		"yesterday": "2026-03-11", "on 3 March 2025": "2025-03-03"}
	if len(xs) != len(want) {
		t.Fatalf("found %d expressions: %+v", len(xs), xs)
	}
	for _, x := range xs {
		if got := x.resolve(&pub, false); got != want[x.Text] {
			t.Errorf("%q resolved to %q, want %q", x.Text, got, want[x.Text])
		}
	}
	for _, x := range xs {
		if x.Text == "on Wednesday evening" {
			if got := x.resolve(&pub, true); got != "2026-03-18" {
				t.Errorf("future Wednesday: %s", got)
			}
			if got := x.resolve(nil, false); got != "" {
				t.Errorf("no article date: %q", got)
			}
		}
	}
}
