// Package extracttest runs the extraction pipeline in tests: over a text,
// up to any pass, and finds what the record holds.
package extracttest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/spans"
)

// Text runs a fresh extractor over body, checking offsets.
func Text(t testing.TB, body string) *events.EnrichedArticle {
	t.Helper()
	return Article(t, &events.Article{ID: "t", Body: body})
}

// RulesText runs a fresh extractor whose names come from the rules alone
// (spans.Rules, not the trained tagger) over body, checking offsets.
func RulesText(t testing.TB, body string) *events.EnrichedArticle {
	t.Helper()
	return run(t, &events.Article{ID: "t", Body: body}, spans.NewRules(Lexicon(t)))
}

// Article runs a fresh extractor over a, checking offsets.
func Article(t testing.TB, a *events.Article) *events.EnrichedArticle {
	t.Helper()
	return run(t, a, nil)
}

func run(t testing.TB, a *events.Article, names spans.Recogniser) *events.EnrichedArticle {
	t.Helper()
	x, err := extract.New(extract.Options{Recogniser: names, Now: func() time.Time { return time.Unix(0, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	CheckOffsets(t, rec)
	return rec
}

// Lexicon returns the embedded lexicon.
func Lexicon(t testing.TB) *lexicon.Lexicon {
	t.Helper()
	lx, err := lexicon.Load()
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

// Doc runs the passes of the default pipeline over body, up to and
// including the pass named last, and returns the annotated document.
func Doc(t testing.TB, body, last string) *layer.Doc {
	t.Helper()
	d, err := Until(&events.Article{Body: body}, last)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// RulesDoc is Doc with the names found by the rules alone (spans.Rules):
// for tests of the passes after spans that must not depend on the tagger.
func RulesDoc(t testing.TB, body, last string) *layer.Doc {
	t.Helper()
	d, err := UntilWith(&events.Article{Body: body}, last, spans.NewRules(Lexicon(t)))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Until runs the passes of the default pipeline over a up to and including
// the pass named last.
func Until(a *events.Article, last string) (*layer.Doc, error) {
	return UntilWith(a, last, nil)
}

// DocWith is Doc with recogniser rec in the spans pass.
func DocWith(t testing.TB, body, last string, rec spans.Recogniser) *layer.Doc {
	t.Helper()
	d, err := UntilWith(&events.Article{Body: body}, last, rec)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// UntilWith is Until with recogniser rec in the spans pass (nil: the default).
func UntilWith(a *events.Article, last string, rec spans.Recogniser) (*layer.Doc, error) {
	lx, err := lexicon.Load()
	if err != nil {
		return nil, err
	}
	d := layer.NewDoc(a)
	for _, p := range extract.Passes(lx, rec, nil) {
		if err := p.Run(context.Background(), d); err != nil {
			return nil, err
		}
		if p.Name() == last {
			return d, nil
		}
	}
	panic("extracttest: no pass named " + last)
}

// EntityNames returns the set of rec's entity names.
func EntityNames(rec *events.EnrichedArticle) map[string]bool {
	names := map[string]bool{}
	for _, e := range rec.Entities {
		names[e.Name] = true
	}
	return names
}

// EntityNamed returns the entity with that canonical name, or nil.
func EntityNamed(rec *events.EnrichedArticle, name string) *events.Entity {
	for i := range rec.Entities {
		if rec.Entities[i].Name == name {
			return &rec.Entities[i]
		}
	}
	return nil
}

// HasMention reports whether e lists a mention with that text.
func HasMention(e *events.Entity, text string) bool {
	if e == nil {
		return false
	}
	for _, m := range e.Mentions {
		if m.Text == text {
			return true
		}
	}
	return false
}

// SameTexts marks the test failed unless got, the texts a pass found, are
// want in order, and says so.
func SameTexts(t testing.TB, what string, got, want []string) bool {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s %q, want %q", what, got, want)
		return false
	}
	return true
}

// WantMention marks the test failed unless the entity named name has a
// mention written text.
func WantMention(t testing.TB, rec *events.EnrichedArticle, name, text string) {
	t.Helper()
	if e := EntityNamed(rec, name); !HasMention(e, text) {
		t.Errorf("%s lacks the mention %q: %+v", name, text, rec.Entities)
	}
}

// MentionOf checks that the mention written text belongs to the entity
// named owner and not to the entity named other, failing the test when
// either is missing.
func MentionOf(t testing.TB, rec *events.EnrichedArticle, text, owner, other string) {
	t.Helper()
	o, x := EntityNamed(rec, owner), EntityNamed(rec, other)
	if o == nil || x == nil {
		t.Fatalf("people missing: %+v", rec.Entities)
	}
	if !HasMention(o, text) || HasMention(x, text) {
		t.Errorf("%q: %s %+v, %s %+v", text, owner, o.Mentions, other, x.Mentions)
	}
}

// QuoteWith returns the quote whose text starts with prefix, or nil.
func QuoteWith(rec *events.EnrichedArticle, prefix string) *events.Quote {
	for i := range rec.Quotes {
		q := rec.Quotes[i].Text
		if len(q) >= len(prefix) && q[:len(prefix)] == prefix {
			return &rec.Quotes[i]
		}
	}
	return nil
}

// SpeakerName is the name of q's speaker, "" if none.
func SpeakerName(q *events.Quote) string {
	if q == nil || q.Speaker == nil {
		return ""
	}
	return q.Speaker.Name
}

// SpokenBy returns the quote of rec whose text starts with prefix, failing
// the test when there is none and marking it failed when its speaker's
// name is not speaker.
func SpokenBy(t testing.TB, rec *events.EnrichedArticle, prefix, speaker string) *events.Quote {
	t.Helper()
	q := QuoteWith(rec, prefix)
	if q == nil {
		t.Fatalf("quote %q not found: %+v", prefix, rec.Quotes)
	}
	if got := SpeakerName(q); got != speaker {
		t.Errorf("speaker %q, want %q", got, speaker)
	}
	return q
}

// EventWithRoot returns the first event of that root with an actor named actor.
func EventWithRoot(rec *events.EnrichedArticle, root, actor string) *events.Event {
	for i := range rec.Events {
		ev := &rec.Events[i]
		if ev.RootCode != root {
			continue
		}
		for _, a := range ev.Actors {
			if a.Name == actor {
				return ev
			}
		}
	}
	return nil
}

// RefsHave reports whether rs name name.
func RefsHave(rs []events.Ref, name string) bool {
	for _, r := range rs {
		if r.Name == name {
			return true
		}
	}
	return false
}

// MustDate parses YYYY-MM-DD.
func MustDate(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// CheckOffsets asserts every offset of a record slices the body to its text.
func CheckOffsets(t testing.TB, rec *events.EnrichedArticle) {
	t.Helper()
	body := rec.Body
	ok := func(s, e int, text, what string) {
		if s < 0 || e > len(body) || s > e || body[s:e] != text {
			t.Fatalf("%s: bad offsets [%d,%d) for %q", what, s, e, text)
		}
	}
	for _, e := range rec.Entities {
		for _, m := range e.Mentions {
			ok(m.Start, m.End, m.Text, "mention of "+e.Name)
		}
	}
	for _, q := range rec.Quotes {
		ok(q.Start, q.End, q.Text, "quote")
	}
	for _, ev := range rec.Events {
		ok(ev.Evidence.Start, ev.Evidence.End, ev.Evidence.Text, "evidence")
	}
}
