package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/sink/store"
)

// castMember is a person, organisation or place of the invented cast of the
// fixture articles.
type castMember struct {
	ID, Type, Name, Short, Role string
}

func people() []castMember {
	return []castMember{
		{"per:marta-lindqvist", events.EntityPerson, "Marta Lindqvist", "Lindqvist", "transport minister"},
		{"per:owen-achterberg", events.EntityPerson, "Owen Achterberg", "Achterberg", "mayor"},
		{"per:priya-ramaswamy", events.EntityPerson, "Priya Ramaswamy", "Ramaswamy", "finance secretary"},
		{"per:tomas-erkkila", events.EntityPerson, "Tomas Erkkila", "Erkkila", "union leader"},
		{"per:ines-carvalho", events.EntityPerson, "Ines Carvalho", "Carvalho", "chief executive"},
		{"per:daniel-okafor", events.EntityPerson, "Daniel Okafor", "Okafor", "health minister"},
		{"per:helena-varga", events.EntityPerson, "Helena Varga", "Varga", "ambassador"},
		{"per:rafael-moreau", events.EntityPerson, "Rafael Moreau", "Moreau", "harbour master"},
		{"per:sun-li-wen", events.EntityPerson, "Sun Li-wen", "Sun", "trade envoy"},
		{"per:agnes-oyelaran", events.EntityPerson, "Agnès Oyelaran", "Oyelaran", "auditor general"},
		{"per:piotr-zalewski", events.EntityPerson, "Piotr Zalewski", "Zalewski", "fire chief"},
		{"per:nadia-haddad", events.EntityPerson, "Nadia Haddad", "Haddad", "council leader"},
	}
}

func orgs() []castMember {
	return []castMember{
		{"org:northfield-water-board", events.EntityOrg, "Northfield Water Board", "the board", ""},
		{"org:kessler-rail-union", events.EntityOrg, "Kessler Rail Union", "the union", ""},
		{"org:bank-of-valmora", events.EntityOrg, "Bank of Valmora", "the bank", ""},
		{"org:harbour-workers-alliance", events.EntityOrg, "Harbour Workers Alliance", "the alliance", ""},
		{"org:eastgate-council", events.EntityOrg, "Eastgate Council", "the council", ""},
		{"org:meridian-energy-group", events.EntityOrg, "Meridian Energy Group", "Meridian", ""},
		{"org:coastal-freight-authority", events.EntityOrg, "Coastal Freight Authority", "the authority", ""},
		{"org:institute-for-civic-data", events.EntityOrg, "Institute for Civic Data", "the institute", ""},
	}
}

func places() []castMember {
	return []castMember{
		{"loc:valmora", events.EntityLoc, "Valmora", "", ""},
		{"loc:kessington", events.EntityLoc, "Kessington", "", ""},
		{"loc:port-aldine", events.EntityLoc, "Port Aldine", "", ""},
		{"loc:brennmark", events.EntityLoc, "Brennmark", "", ""},
		{"loc:lake-ostra", events.EntityLoc, "Lake Ostra", "", ""},
		{"loc:saint-corvin", events.EntityLoc, "Saint Corvin", "", ""},
		{"loc:dunmere", events.EntityLoc, "Dunmere", "", ""},
		{"loc:ralston-bay", events.EntityLoc, "Ralston Bay", "", ""},
	}
}

func quoteTexts() []string {
	return []string{
		"We will not sign anything that leaves the night crews without cover",
		"The numbers were clear months ago and nobody wanted to read them",
		"This is a repair budget, not a wish list, and it has to be spent this year",
		"If the bridge closes again the whole eastern shore is cut off from the hospital",
		"Our members have waited long enough for an answer on the rota",
		"Nobody in this building believes the tariff will come down before spring",
		"We asked for the inspection reports twice and received them once",
		"The ferry timetable is the first thing people ask me about in the street",
	}
}

// ReceivedAt is the receive time of fixture record n: record 0 arrives on
// 3 March 2025 at 09:00 UTC, each next one 37 minutes later.
func ReceivedAt(n int) time.Time {
	return time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC).Add(time.Duration(n) * 37 * time.Minute)
}

// Record builds fixture article n, the size of a seed article: about 3.2 KB
// of invented news prose, two dozen entities with some 65 mentions (names,
// aliases and roles, with exact offsets), six attributed quotes and a dozen
// CAMEO events with actors, targets, places and dates. The same n always
// yields the same record; different n, different ids.
func Record(n int) *events.EnrichedArticle {
	received := ReceivedAt(n)
	day := received.Truncate(24 * time.Hour)
	w := newWriter()
	pp, oo, ll, qq := people(), orgs(), places(), quoteTexts()
	pick := func(list []castMember, k int) castMember { return list[(n*7+k*5)%len(list)] }

	w.text(fmt.Sprintf("Filed as report %d. ", n))
	var evs []events.Event
	var quotes []events.Quote
	for k := range 6 {
		p, q := pick(pp, k), pick(pp, k+3)
		o, o2 := pick(oo, k), pick(oo, k+1)
		l, l2 := pick(ll, k), pick(ll, k+2)
		weekday := received.AddDate(0, 0, -(k % 5)).Weekday().String()
		when := "on " + weekday
		date := day.AddDate(0, 0, -(k % 5)).Format(time.DateOnly)

		// An arrival: a meeting event with an actor, a target, a place and a time.
		start := w.pos()
		w.mention(p, p.Name, "name")
		w.text(", the " + p.Role + " of ")
		w.mention(o, o.Name, "name")
		w.text(", arrived in ")
		w.mention(l, l.Name, "name")
		w.text(" " + when + " for talks with officials from ")
		w.mention(o2, o2.Name, "name")
		w.text(".")
		evs = append(evs, events.Event{
			Code: "036", RootCode: "03", Label: "Express intent to meet or negotiate", QuadClass: 1, Goldstein: 4,
			Actors: []events.Ref{w.ref(p)}, Targets: []events.Ref{w.ref(o2)},
			Location: refPtr(w.ref(l)), Time: &events.TimeExpr{Text: when, Date: date},
			Evidence: w.evidence(start),
		})

		// A quote attributed by surname after it.
		w.text(" \"")
		qs := w.pos()
		text := qq[(n+k)%len(qq)]
		w.text(text)
		qe := w.pos()
		w.text(",\" ")
		w.mention(p, p.Short, "alias")
		w.text(" said, adding that ")
		w.mention(l2, l2.Name, "name")
		w.text(" would be consulted.\n\n")
		quotes = append(quotes, events.Quote{Text: text, Start: qs, End: qe, Speaker: refPtr(w.ref(p)), Cue: "said"})

		// A statement by an organisation, then a role mention of the person.
		w.mention(o, o.Name, "name")
		w.text(" said it would publish its review before the end of the month. ")
		start = w.pos()
		w.text("The ")
		w.mention(p, p.Role, "role")
		w.text(" later met ")
		w.mention(q, q.Name, "name")
		w.text(" in ")
		w.mention(l2, l2.Name, "name")
		w.text(".")
		if k%2 == 0 {
			evs = append(evs, events.Event{
				Code: "040", RootCode: "04", Label: "Consult", QuadClass: 1, Goldstein: 1,
				Actors: []events.Ref{w.ref(p)}, Targets: []events.Ref{w.ref(q)},
				Location: refPtr(w.ref(l2)), Evidence: w.evidence(start),
			})
		} else {
			// An accusation by an unnamed participant, with a future flag.
			evs = append(evs, events.Event{
				Code: "112", RootCode: "11", Label: "Accuse", QuadClass: 3, Goldstein: -2,
				Actors: []events.Ref{{Name: "critics"}}, Targets: []events.Ref{w.ref(q), w.ref(o)},
				Future: k%3 == 0, Evidence: w.evidence(start),
			})
		}
		w.text(" Critics said the plan for ")
		w.mention(l, l.Name, "name")
		w.text(" still had no budget line, and residents queued for an hour at the ferry terminal.\n\n")
	}

	body := w.body.String()
	rec := &events.EnrichedArticle{
		Article: events.Article{
			SchemaVersion: events.SchemaVersion,
			ID:            events.DocumentID([]byte(body)),
			Source:        fmt.Sprintf("%03d_fixture.txt", n),
			MediaType:     events.MediaText,
			Title:         fmt.Sprintf("Talks resume in %s (report %d)", pick(ll, 0).Name, n),
			Byline:        "By Fixture Desk",
			Language:      "en",
			Body:          body,
			Paragraphs:    w.paragraphs(),
			Sentences:     []events.Span{{Start: 0, End: len(body)}},
			ReceivedAt:    received,
			ParsedAt:      received.Add(time.Second),
			TraceID:       fmt.Sprintf("trace-%d", n),
		},
		Entities:   w.entities(),
		Quotes:     quotes,
		Events:     evs,
		Enriched:   true,
		Extractor:  "fixture/1",
		EnrichedAt: received.Add(2 * time.Second),
	}
	if n%2 == 0 {
		rec.Published = &day
	}
	return rec
}

// writer builds a body and records the offsets of what it writes.
type writer struct {
	body  strings.Builder
	ents  map[string]*events.Entity
	order []string
}

func newWriter() *writer { return &writer{ents: map[string]*events.Entity{}} }

func (w *writer) pos() int            { return w.body.Len() }
func (w *writer) text(s string)       { w.body.WriteString(s) }
func refPtr(r events.Ref) *events.Ref { return &r }

// mention writes surface as a mention of c.
func (w *writer) mention(c castMember, surface, kind string) {
	start := w.pos()
	w.text(surface)
	e, ok := w.ents[c.ID]
	if !ok {
		e = &events.Entity{ID: c.ID, Type: c.Type, Name: c.Name}
		if c.Short != "" {
			e.Aliases = []string{c.Short}
		}
		w.ents[c.ID] = e
		w.order = append(w.order, c.ID)
	}
	e.Mentions = append(e.Mentions, events.Mention{Text: surface, Start: start, End: w.pos(), Kind: kind})
}

func (w *writer) ref(c castMember) events.Ref { return events.Ref{ID: c.ID, Name: c.Name} }

// evidence is the text written since start.
func (w *writer) evidence(start int) events.Evidence {
	s := w.body.String()
	return events.Evidence{Text: s[start:], Start: start, End: len(s)}
}

func (w *writer) entities() []events.Entity {
	out := make([]events.Entity, 0, len(w.order))
	for _, id := range w.order {
		out = append(out, *w.ents[id])
	}
	return out
}

func (w *writer) paragraphs() []events.Span {
	var out []events.Span
	s := w.body.String()
	start := 0
	for {
		i := strings.Index(s[start:], "\n\n")
		if i < 0 {
			break
		}
		out = append(out, events.Span{Start: start, End: start + i})
		start += i + 2
	}
	return out
}

// Fill upserts Record(0) … Record(n-1) into st concurrently, as a sink
// does, and returns them in order.
func Fill(t testing.TB, st store.Store, n int) []*events.EnrichedArticle {
	t.Helper()
	ctx := context.Background()
	recs := make([]*events.EnrichedArticle, n)
	var wg sync.WaitGroup
	for i := range recs {
		recs[i] = Record(i)
		wg.Go(func() {
			if err := st.Upsert(ctx, recs[i]); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	return recs
}
