package watch

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/pkg/stage"
	"github.com/tidings-news/tidings/pkg/stage/stagetest"
)

func TestValidateSaysWhatIsWrong(t *testing.T) {
	for _, c := range []struct {
		f    Filter
		want string // "" valid
	}{
		{Filter{Kind: events.KindEvent, Root: "19", Code: "190", Entity: "per:jane-doe"}, ""},
		{Filter{Kind: events.KindEvent, Code: "0431"}, ""},
		{Filter{Kind: events.KindEntity, Type: "PERSON"}, ""},
		{Filter{Kind: events.KindQuote, Speaker: "per:jane-doe"}, ""},
		{Filter{Kind: events.KindEvent, Root: "4"}, `--root "4" is not a CAMEO root code`},
		{Filter{Kind: events.KindEvent, Root: "21"}, `--root "21" is not a CAMEO root code`},
		{Filter{Kind: events.KindEvent, Code: "1a0"}, `--code "1a0" is not a CAMEO code`},
		{Filter{Kind: events.KindEvent, Code: "990"}, `--code "990" is not a CAMEO code`},
		{Filter{Kind: events.KindEvent, Root: "04", Code: "190"}, "--code 190 is not under --root 04"},
		{Filter{Kind: events.KindEntity, Type: "city"}, `--type "city" is not an entity type`},
		{Filter{Kind: events.KindEntity, Root: "19"}, "--root filters events only, not entitys"},
		{Filter{Kind: events.KindQuote, Type: "person"}, "--type filters entitys only"},
		{Filter{Kind: events.KindEvent, Speaker: "per:x"}, "--speaker filters quotes only"},
		{Filter{Kind: events.KindQuote, Entity: "per:x"}, "quotes are filtered by --speaker"},
		{Filter{Kind: events.KindEvent, Entity: "Jane Doe"}, `--entity "Jane Doe" is not an entity id`},
		{Filter{Kind: events.KindQuote, Speaker: "per:*"}, `--speaker "per:*" is not an entity id`},
		{Filter{Kind: events.KindEvent, FromStart: true, Since: time.Now()}, "not both"},
	} {
		err := c.f.Validate()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v", c.f, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%+v: got %v, want an error with %q", c.f, err, c.want)
		}
	}
	if _, err := Kind("articles"); err == nil || !strings.Contains(err.Error(), "not events, entities or quotes") {
		t.Errorf("Kind(articles): %v", err)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2025, 3, 15, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"24h":                  now.Add(-24 * time.Hour),
		"90m":                  now.Add(-90 * time.Minute),
		"2025-03-12":           time.Date(2025, 3, 12, 0, 0, 0, 0, time.UTC),
		"2025-03-12T10:00:00Z": time.Date(2025, 3, 12, 10, 0, 0, 0, time.UTC),
	} {
		if got, err := ParseSince(in, now); err != nil || !got.Equal(want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"yesterday", "-1h", "0s", "12/03/2025"} {
		if _, err := ParseSince(bad, now); err == nil {
			t.Errorf("ParseSince(%q) accepted", bad)
		}
	}
}

func TestSubjects(t *testing.T) {
	for _, c := range []struct {
		f    Filter
		want string
	}{
		{Filter{Kind: events.KindEvent}, "tidings.events.v1.>"},
		{Filter{Kind: events.KindEvent, Root: "19"}, "tidings.events.v1.19.>"},
		{Filter{Kind: events.KindEvent, Code: "190"}, "tidings.events.v1.19.190"},
		{Filter{Kind: events.KindEvent, Root: "04", Code: "04"}, "tidings.events.v1.04.04"},
		{Filter{Kind: events.KindEntity}, "tidings.entities.v1.>"},
		{Filter{Kind: events.KindEntity, Type: "PERSON"}, "tidings.entities.v1.person"},
		{Filter{Kind: events.KindQuote, Speaker: "per:x"}, "tidings.quotes.v1"},
	} {
		if got := c.f.Subjects(); len(got) != 1 || got[0] != c.want {
			t.Errorf("%+v: %v, want %s", c.f, got, c.want)
		}
	}
}

// record is an enriched article with two events (a fight, a meeting), two
// entities and two quotes.
func record(id string) *events.EnrichedArticle {
	doe := events.Ref{ID: "per:jane-doe", Name: "Jane Doe"}
	roe := events.Ref{ID: "per:john-roe", Name: "John Roe"}
	return &events.EnrichedArticle{
		Article:  events.Article{ID: events.DocumentID([]byte(id)), Source: id + ".txt", Title: "Title " + id},
		Enriched: true,
		Entities: []events.Entity{
			{ID: "per:jane-doe", Type: events.EntityPerson, Name: "Jane Doe", Mentions: []events.Mention{{Text: "Jane Doe"}}},
			{ID: "loc:paris", Type: events.EntityLoc, Name: "Paris", Mentions: []events.Mention{{Text: "Paris"}}},
		},
		Quotes: []events.Quote{{Text: "We fight on.", Speaker: &doe, Cue: "said"}, {Text: "We talk.", Speaker: &roe}},
		Events: []events.Event{
			{Code: "190", RootCode: "19", Label: "Use conventional military force", Actors: []events.Ref{doe},
				Evidence: events.Evidence{Text: "Jane Doe's troops attacked."}},
			{Code: "043", RootCode: "04", Label: "Host a visit", Actors: []events.Ref{roe}, Targets: []events.Ref{doe},
				Location: &events.Ref{ID: "loc:paris", Name: "Paris"}, Time: &events.TimeExpr{Text: "on Monday", Date: "2025-03-10"},
				Evidence: events.Evidence{Text: "John Roe hosted Jane Doe in Paris on Monday."}},
		},
	}
}

// publish puts rec's fan-out on the streams as the enricher does.
func publish(t *testing.T, js jetstream.JetStream, rec *events.EnrichedArticle) {
	t.Helper()
	pub := stage.NewPublisher(js, events.StageEnricher, nil, stage.NewClaimChecks(js, stage.Topology{Replicas: 1}, 0))
	evs, ents, qs := events.FanoutOf(rec, nil)
	var outs []stage.Output
	add := func(subject, itemID string, v any) {
		b, _ := json.Marshal(v)
		outs = append(outs, stage.Output{Subject: subject, DocID: rec.ID, ItemID: itemID, Data: b})
	}
	for _, m := range evs {
		add(events.EventSubject(m.RootCode, m.Code), m.ID, m)
	}
	for _, m := range ents {
		add(events.EntitySubject(m.Entity.Type), m.ID, m)
	}
	for _, m := range qs {
		add(events.SubjectQuotes, m.ID, m)
	}
	if _, err := pub.PublishAll(context.Background(), outs, nil); err != nil {
		t.Fatal(err)
	}
}

// lines are the lines written to out so far.
func lines(out *stagetest.Buffer) []string {
	return strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
}

// watching runs Run in the background; stop ends it and returns its error.
func watching(t *testing.T, js jetstream.JetStream, f Filter, format string) (out *stagetest.Buffer, stop func() error) {
	t.Helper()
	out = &stagetest.Buffer{}
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan struct{}), make(chan error, 1)
	go func() { done <- Run(ctx, js, f, format, out, func() { close(ready) }) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("watch did not start: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not start")
	}
	return out, func() error { cancel(); return <-done }
}

func waitLines(t *testing.T, out *stagetest.Buffer, n int) []string {
	t.Helper()
	stagetest.WaitFor(t, "watch output", 10*time.Second, func() bool { return len(lines(out)) >= n && lines(out)[0] != "" })
	time.Sleep(150 * time.Millisecond) // nothing more should come
	return lines(out)
}

func TestRunFiltersLiveAndReplays(t *testing.T) {
	env := stagetest.Start(t)
	a, b := record("a"), record("b")
	publish(t, env.JS, a)

	// Live only: what was published before is not shown.
	fights, stopFights := watching(t, env.JS, Filter{Kind: events.KindEvent, Root: "19"}, FormatJSON)
	quotes, stopQuotes := watching(t, env.JS, Filter{Kind: events.KindQuote, Speaker: "per:jane-doe"}, FormatText)
	publish(t, env.JS, b)
	got := waitLines(t, fights, 1)
	var ev events.EventMessage
	if len(got) != 1 || json.Unmarshal([]byte(got[0]), &ev) != nil || ev.Code != "190" || ev.Article.ID != b.ID {
		t.Errorf("--root 19 live: %q", got)
	}
	if got := waitLines(t, quotes, 1); len(got) != 1 || got[0] != "Jane Doe [per:jane-doe]: “We fight on.” (said)  — Title b" {
		t.Errorf("--speaker text live: %q", got)
	}
	for _, stop := range []func() error{stopFights, stopQuotes} {
		if err := stop(); err != nil {
			t.Errorf("stopping: %v", err)
		}
	}

	// Replays: the whole history, then filters the server cannot apply.
	for _, c := range []struct {
		f    Filter
		want []string // item ids
	}{
		{Filter{Kind: events.KindEvent, FromStart: true}, []string{a.ID + ".event.0", a.ID + ".event.1", b.ID + ".event.0", b.ID + ".event.1"}},
		{Filter{Kind: events.KindEvent, FromStart: true, Code: "043", Entity: "loc:paris"}, []string{a.ID + ".event.1", b.ID + ".event.1"}},
		{Filter{Kind: events.KindEvent, FromStart: true, Entity: "per:john-roe"}, []string{a.ID + ".event.1", b.ID + ".event.1"}},
		{Filter{Kind: events.KindEntity, FromStart: true, Type: "loc"}, []string{a.ID + ".entity.1", b.ID + ".entity.1"}},
		{Filter{Kind: events.KindEntity, FromStart: true, Entity: "per:jane-doe"}, []string{a.ID + ".entity.0", b.ID + ".entity.0"}},
		{Filter{Kind: events.KindQuote, FromStart: true}, []string{a.ID + ".quote.0", a.ID + ".quote.1", b.ID + ".quote.0", b.ID + ".quote.1"}},
		{Filter{Kind: events.KindQuote, Since: time.Now().Add(-time.Hour), Speaker: "per:john-roe"}, []string{a.ID + ".quote.1", b.ID + ".quote.1"}},
	} {
		out, stop := watching(t, env.JS, c.f, FormatJSON)
		lines := waitLines(t, out, len(c.want))
		if err := stop(); err != nil {
			t.Errorf("%+v: %v", c.f, err)
		}
		var ids []string
		for _, l := range lines {
			var m struct{ ID string }
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("%+v: line %q: %v", c.f, l, err)
			}
			ids = append(ids, m.ID)
		}
		if strings.Join(ids, " ") != strings.Join(c.want, " ") {
			t.Errorf("%+v:\n got %v\nwant %v", c.f, ids, c.want)
		}
	}
}

// --since a moment between two articles replays only the later one.
func TestRunSinceSkipsOlderMessages(t *testing.T) {
	env := stagetest.Start(t)
	publish(t, env.JS, record("old"))
	time.Sleep(50 * time.Millisecond)
	mid := time.Now()
	time.Sleep(50 * time.Millisecond)
	newer := record("new")
	publish(t, env.JS, newer)
	out, stop := watching(t, env.JS, Filter{Kind: events.KindEntity, Since: mid}, FormatJSON)
	lines := waitLines(t, out, 2)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || !strings.Contains(lines[0], newer.ID) || !strings.Contains(lines[1], newer.ID) {
		t.Errorf("--since: %q", lines)
	}
}

func TestTextLines(t *testing.T) {
	rec := record("a")
	rec.Title = ""
	evs, ents, _ := events.FanoutOf(rec, func(id string) bool { return id == "loc:paris" })
	for _, c := range []struct {
		kind string
		v    any
		want string
	}{
		{events.KindEvent, evs[1], "2025-03-10  04 043  Host a visit: John Roe → Jane Doe @ Paris  «John Roe hosted Jane Doe in Paris on Monday.»  — a.txt"},
		{events.KindEvent, evs[0], "????-??-??  19 190  Use conventional military force: Jane Doe  «Jane Doe's troops attacked.»  — a.txt"},
		{events.KindEntity, ents[1], "LOC    loc:paris  Paris  ×1 (new)  — a.txt"},
	} {
		b, _ := json.Marshal(c.v)
		if got, err := Text(c.kind, b); err != nil || got != c.want {
			t.Errorf("Text(%s):\n got %q (%v)\nwant %q", c.kind, got, err, c.want)
		}
	}
}
