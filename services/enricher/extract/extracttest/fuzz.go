package extracttest

import (
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
)

// Seeds are inputs every fuzz test starts from: empty, broken marks,
// honorifics alone, bad bytes, all capitals, a table, other languages.
var Seeds = []string{
	"", "\u201c", "\u201d\u201c\u201d", "He said: \u201c", "Sir", "Mr \u00e9", "The the The", "U.S.", "\u2019s", "'s'",
	"Sir Alan said: \u201cNo.\n\n\u201cYes\u201d, he said.", "\"a\" \"b", "\u2018x\u2019 \u2018", "A. B. C.", "\xff\xfe bad bytes \u201c\xff",
	"Prime Minister Sir Jo Ann said \u201c\u201d.", "the PM the PM the prime minister", "10-10 No 10 Number 10 spokesman said: \"x y z w\"",
	"IVO MARSH MET GRETA LINDQVIST IN OSLO. \u201cWE AGREED,\u201d HE SAID.",
	"Team\tP\tW\tD\tL\nArsenal\t3\t2\t1\t0\nChelsea\t3\t1\t1\t1\n",
	"Emmanuel Macron a rencontr\u00e9 Olaf Scholz \u00e0 Paris. \u00ab Nous sommes d\u2019accord \u00bb, a-t-il dit.",
	"\u041f\u0443\u0442\u0438\u043d \u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f \u0441 \u0421\u0438. \u5317\u4eac\u3002",
	"Russia-Ukraine US-EU al-Sisi Jean-No\u00ebl J.D. Vance was attacked by NATO, officials said.",
}

// FuzzPass fuzzes the default pipeline up to the pass named last: no input
// may panic or fail, and every layer written so far must hold its
// invariants (CheckLayers).
func FuzzPass(f *testing.F, last string) {
	if b, err := os.ReadFile(benchArticle()); err == nil {
		f.Add(string(b))
	}
	for _, s := range Seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		body = strings.ToValidUTF8(body, "\uFFFD") // as Extract does
		d, err := Until(&events.Article{Body: body}, last)
		if err != nil {
			t.Fatal(err)
		}
		CheckLayers(t, d)
	})
}

// Fixture returns the text of the extract package's fixture, a ~550-word
// news article written for the tests, from any pass's directory.
func Fixture(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(benchArticle())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// BenchArticle returns the fixture as an article published on 12 March 2026.
func BenchArticle(t testing.TB) *events.Article {
	t.Helper()
	pub := time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)
	return &events.Article{ID: "bench", Body: Fixture(t), Published: &pub}
}

// benchArticle is the path of the fixture, from any pass's directory.
func benchArticle() string {
	for _, p := range []string{"../testdata/bench_article.txt", "testdata/bench_article.txt"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// CheckLayers asserts what every layer of d must hold: offsets inside the
// body on rune boundaries, text equal to its slice, spans in order, token
// ranges inside the token layer and indices that point at something.
func CheckLayers(t testing.TB, d *layer.Doc) {
	t.Helper()
	body := d.Body
	span := func(s, e int, what string) {
		if s < 0 || e > len(body) || s > e || !boundary(body, s) || !boundary(body, e) {
			t.Fatalf("%s: [%d,%d) not a slice of the %d-byte body on rune boundaries", what, s, e, len(body))
		}
	}
	tokRange := func(t0, t1 int, what string) {
		if t0 < 0 || t1 > len(d.Toks) || t0 >= t1 {
			t.Fatalf("%s: tokens [%d,%d) of %d", what, t0, t1, len(d.Toks))
		}
	}
	prev := 0
	for _, tk := range d.Toks {
		span(tk.Start, tk.End, "token")
		if tk.Start < prev || body[tk.Start:tk.End] != tk.Text || tk.Start == tk.End {
			t.Fatalf("token %q at [%d,%d) after %d", tk.Text, tk.Start, tk.End, prev)
		}
		prev = tk.End
		if len(d.Sents) > 0 && (tk.Sent < 0 || tk.Sent >= len(d.Sents)) || tk.Quote >= len(d.QuoteRegions) {
			t.Fatalf("token %q: sentence %d of %d, quote %d of %d", tk.Text, tk.Sent, len(d.Sents), tk.Quote, len(d.QuoteRegions))
		}
	}
	for _, ss := range [][]layer.Span{d.Paras, d.Sents} {
		prev = 0
		for _, s := range ss {
			span(s.Start, s.End, "paragraph or sentence")
			if s.Start < prev {
				t.Fatalf("span [%d,%d) overlaps the one before", s.Start, s.End)
			}
			prev = s.End
		}
	}
	for _, q := range d.QuoteRegions {
		span(q.Start, q.End, "quote region")
		if q.Para < 0 || q.Para >= len(d.Paras) || q.Start < d.Paras[q.Para].Start || q.End > d.Paras[q.Para].End {
			t.Fatalf("quote region [%d,%d) outside its paragraph %d", q.Start, q.End, q.Para)
		}
	}
	for _, m := range d.Mentions {
		span(m.Start, m.End, "mention")
		tokRange(m.T0, m.T1, "mention "+body[m.Start:m.End])
		if m.Ent >= len(d.Entities) || m.Start == m.End {
			t.Fatalf("mention %q: entity %d of %d", body[m.Start:m.End], m.Ent, len(d.Entities))
		}
	}
	for _, r := range d.Roles {
		tokRange(r.T0, r.T1, "role")
	}
	for _, u := range d.Unnamed {
		span(u.Start, u.End, "unnamed speaker")
		tokRange(u.T0, u.T1, "unnamed speaker")
	}
	checkRecords(t, d, span)
}

// checkRecords checks the entities, quotes and events of d.
func checkRecords(t testing.TB, d *layer.Doc, span func(s, e int, what string)) {
	for _, e := range d.Entities {
		for _, mi := range e.Ments {
			if mi < 0 || mi >= len(d.Mentions) {
				t.Fatalf("entity %q lists mention %d of %d", e.Name, mi, len(d.Mentions))
			}
		}
	}
	for _, q := range d.Quotes {
		span(q.Start, q.End, "quote")
		if d.Body[q.Start:q.End] != q.Text {
			t.Fatalf("quote text %q is not its slice", q.Text)
		}
	}
	for _, ev := range d.Events {
		span(ev.Evidence.Start, ev.Evidence.End, "evidence")
		if d.Body[ev.Evidence.Start:ev.Evidence.End] != ev.Evidence.Text || ev.Code == "" || ev.RootCode != ev.Code[:2] {
			t.Fatalf("event %+v", ev)
		}
	}
}

func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}
