package events

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// fanoutValues are realistic messages of one kind (0 events, 1 entities,
// 2 quotes): those of the full fixture record, and a minimal one.
func fanoutValues(t *testing.T, kind int) []struct {
	name string
	v    any
} {
	type nv = struct {
		name string
		v    any
	}
	rec := fullEnriched(t)
	evs, ents, qs := FanoutOf(&rec, func(id string) bool { return id == "per:john-healey" })
	art := ArticleRef{ID: rec.ID, Source: "x.txt"}
	var out []nv
	switch kind {
	case 0:
		for i, m := range evs {
			out = append(out, nv{"record event " + ItemID(KindEvent, "", i), m})
		}
		out = append(out, nv{"minimal", EventMessage{SchemaVersion: SchemaVersion, ID: ItemID(KindEvent, rec.ID, 0),
			EventOf: EventOf[Participant]{Code: "01", RootCode: "01"}, Article: art}})
	case 1:
		for i, m := range ents {
			out = append(out, nv{"record entity " + ItemID(KindEntity, "", i), m})
		}
		out = append(out, nv{"minimal", EntityMessage{SchemaVersion: SchemaVersion, ID: ItemID(KindEntity, rec.ID, 3),
			Index: 3, Entity: Entity{ID: "org:x", Type: EntityOrg, Name: "X"}, Article: art}})
	case 2:
		for i, m := range qs {
			out = append(out, nv{"record quote " + ItemID(KindQuote, "", i), m})
		}
		out = append(out, nv{"minimal", QuoteMessage{SchemaVersion: SchemaVersion, ID: ItemID(KindQuote, rec.ID, 0), Text: "x", End: 1, Article: art}})
	}
	return out
}

// fanoutInvalidCases break the fan-out messages one field at a time.
func fanoutInvalidCases(t *testing.T) []invalidCase {
	rec := fullEnriched(t)
	evs, ents, qs := FanoutOf(&rec, nil)
	ev, ent, q := evs[0], ents[0], qs[0]
	return []invalidCase{
		{SchemaEvent, ev, "missing article", edit{path: "article", del: true}},
		{SchemaEvent, ev, "article without source", edit{path: "article/source", del: true}},
		{SchemaEvent, ev, "article id not a document id", edit{path: "article/id", val: "42"}},
		{SchemaEvent, ev, "id of another kind", edit{path: "id", val: ItemID(KindQuote, rec.ID, 0)}},
		{SchemaEvent, ev, "negative index", edit{path: "index", val: -1}},
		{SchemaEvent, ev, "missing code", edit{path: "code", del: true}},
		{SchemaEvent, ev, "root_code out of range", edit{path: "root_code", val: "21"}},
		{SchemaEvent, ev, "actor without name", edit{path: "actors/0/name", del: true}},
		{SchemaEvent, ev, "actor type as number", edit{path: "actors/0/type", val: 1}},
		{SchemaEvent, ev, "goldstein out of scale", edit{path: "goldstein", val: -11}},
		{SchemaEvent, ev, "missing evidence", edit{path: "evidence", del: true}},
		{SchemaEvent, ev, "published not a date-time", edit{path: "article/published", val: "today"}},
		{SchemaEntity, ent, "missing entity", edit{path: "entity", del: true}},
		{SchemaEntity, ent, "missing first_seen", edit{path: "first_seen", del: true}},
		{SchemaEntity, ent, "first_seen as string", edit{path: "first_seen", val: "yes"}},
		{SchemaEntity, ent, "entity without id", edit{path: "entity/id", del: true}},
		{SchemaEntity, ent, "mention offset as string", edit{path: "entity/mentions/0/start", val: "0"}},
		{SchemaQuote, q, "missing text", edit{path: "text", del: true}},
		{SchemaQuote, q, "speaker without name", edit{path: "speaker/name", del: true}},
		{SchemaQuote, q, "missing article", edit{path: "article", del: true}},
		{SchemaQuote, q, "end as string", edit{path: "end", val: "9"}},
	}
}

func TestFanoutOf(t *testing.T) {
	rec := fullEnriched(t)
	evs, ents, qs := FanoutOf(&rec, func(id string) bool { return id == "loc:paris" })
	if len(evs) != len(rec.Events) || len(ents) != len(rec.Entities) || len(qs) != len(rec.Quotes) {
		t.Fatalf("got %d events, %d entities, %d quotes; the record has %d, %d, %d",
			len(evs), len(ents), len(qs), len(rec.Events), len(rec.Entities), len(rec.Quotes))
	}
	e := evs[0]
	if e.ID != rec.ID+".event.0" || e.Index != 0 || e.Code != "044" || e.RootCode != "04" || e.QuadClass != 1 || e.Goldstein != 2.5 {
		t.Errorf("event 0: %+v", e)
	}
	if want := (Participant{ID: "per:john-healey", Name: "John Healey", Type: EntityPerson}); len(e.Actors) != 1 || e.Actors[0] != want {
		t.Errorf("actors %+v, want the typed %+v", e.Actors, want)
	}
	if want := (Participant{Name: "European counterparts"}); len(e.Targets) != 1 || e.Targets[0] != want {
		t.Errorf("unnamed target %+v, want %+v", e.Targets, want)
	}
	if e.Location == nil || *e.Location != (Participant{ID: "loc:paris", Name: "Paris", Type: EntityLoc}) {
		t.Errorf("location %+v", e.Location)
	}
	if e.Article.ID != rec.ID || e.Article.Title != rec.Title || e.Article.Source != rec.Source || e.Article.Published != rec.Published {
		t.Errorf("article reference %+v", e.Article)
	}
	if evs[1].ID != rec.ID+".event.1" || !evs[1].Future || evs[1].Time.Date != "2025-03-15" || evs[1].Targets != nil {
		t.Errorf("event 1: %+v", evs[1])
	}
	for i, m := range ents {
		if m.Entity.ID != rec.Entities[i].ID || len(m.Entity.Mentions) != len(rec.Entities[i].Mentions) || m.Index != i {
			t.Errorf("entity %d: %+v", i, m)
		}
		if m.FirstSeen != (m.Entity.ID == "loc:paris") {
			t.Errorf("entity %s: first_seen %v", m.Entity.ID, m.FirstSeen)
		}
	}
	if s := qs[0].Speaker; s == nil || *s != (Participant{ID: "per:john-healey", Name: "John Healey", Type: EntityPerson}) || qs[0].Cue != "said" {
		t.Errorf("quote 0: %+v", qs[0])
	}
	if !qs[1].Partial || qs[1].Text != "united and determined" {
		t.Errorf("quote 1: %+v", qs[1])
	}
	rec.Enriched = false
	if evs, ents, qs := FanoutOf(&rec, nil); evs != nil || ents != nil || qs != nil {
		t.Error("a record that was not enriched fans out")
	}
}

// An event without actors still has the required actors array.
func TestFanoutEventWithoutActors(t *testing.T) {
	rec := EnrichedArticle{Article: Article{ID: DocumentID([]byte("a")), Source: "a.txt"}, Enriched: true,
		Events: []Event{{Code: "190", RootCode: "19"}}}
	evs, _, _ := FanoutOf(&rec, nil)
	b, _ := json.Marshal(evs[0])
	if !strings.Contains(string(b), `"actors":[]`) {
		t.Errorf("marshals %s", b)
	}
}

func TestFanoutSubjects(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{EventSubject("19", "190"), "tidings.events.v1.19.190"},
		{EventSubject("04", "04"), "tidings.events.v1.04.04"},
		{EventSubject("", "1.9 >"), "tidings.events.v1._.1_9__"},
		{EntitySubject(EntityPerson), "tidings.entities.v1.person"},
		{EntitySubject(EntityNORP), "tidings.entities.v1.norp"},
		{EntitySubject("WORK OF ART"), "tidings.entities.v1.work_of_art"},
		{ItemID(KindEvent, "abc", 7), "abc.event.7"},
		{MsgID(StageEnricher, ItemID(KindQuote, "abc", 0)), "enricher:abc.quote.0"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	// Every fan-out subject falls in its stream, and in no other.
	for _, kind := range FanoutKinds() {
		stream, all, ok := FanoutStream(kind)
		if !ok {
			t.Fatalf("no stream for %s", kind)
		}
		if !slices.Contains(streamSpec(t, stream).Subjects, all) {
			t.Errorf("%s: stream %s does not hold %s", kind, stream, all)
		}
	}
	if _, _, ok := FanoutStream("article"); ok {
		t.Error("FanoutStream accepts an unknown kind")
	}
	for subj, stream := range map[string]string{
		EventSubject("19", "190"): StreamEvents, EntitySubject(EntityOrg): StreamEntities, SubjectQuotes: StreamQuotes,
	} {
		var in []string
		for _, s := range Streams() {
			for _, f := range s.Subjects {
				if subjectMatches(f, subj) {
					in = append(in, s.Name)
				}
			}
		}
		if len(in) != 1 || in[0] != stream {
			t.Errorf("%s is captured by %v, want only %s", subj, in, stream)
		}
	}
}

// subjectMatches reports whether a NATS subject filter matches subject.
func subjectMatches(filter, subject string) bool {
	f, s := strings.Split(filter, "."), strings.Split(subject, ".")
	for i, tok := range f {
		switch {
		case tok == ">":
			return len(s) > i
		case i >= len(s):
			return false
		case tok != "*" && tok != s[i]:
			return false
		}
	}
	return len(f) == len(s)
}
