package cameo_test

import (
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// rootEvents returns the events of that root.
func rootEvents(rec *events.EnrichedArticle, root string) []events.Event {
	var out []events.Event
	for _, ev := range rec.Events {
		if ev.RootCode == root {
			out = append(out, ev)
		}
	}
	return out
}

// TestCoordinatedActorsGiveOneEventPerPair: "A, B and C condemned D" is
// three events.
func TestCoordinatedActorsGiveOneEventPerPair(t *testing.T) {
	rec := extracttest.Text(t, "Norway, Sweden and Denmark condemned Russia over the attack.")
	evs := rootEvents(rec, "11")
	if len(evs) != 3 {
		t.Fatalf("%d events, want 3: %+v", len(evs), evs)
	}
	for i, want := range []string{"Norway", "Sweden", "Denmark"} {
		if len(evs[i].Actors) != 1 || evs[i].Actors[0].Name != want || len(evs[i].Targets) != 1 || evs[i].Targets[0].Name != "Russia" {
			t.Errorf("event %d: %+v, want %s → Russia", i, evs[i], want)
		}
	}
	rec = extracttest.Text(t, "Egypt and Jordan met in Amman on Monday.")
	evs = rootEvents(rec, "04")
	if len(evs) != 1 || evs[0].Actors[0].Name != "Egypt" || len(evs[0].Targets) != 1 || evs[0].Targets[0].Name != "Jordan" {
		t.Fatalf("mutual meeting: %+v", evs)
	}
}

// TestPassiveVoice: "X was accused by Y" — Y acts on X.
func TestPassiveVoice(t *testing.T) {
	for _, c := range []struct{ body, actor, target string }{
		{"Canada was accused by China of spying on its students.", "China", "Canada"},
		{"Ivo Marsh was criticised by Greta Lindqvist over the delays.", "Greta Lindqvist", "Ivo Marsh"},
	} {
		rec := extracttest.Text(t, c.body)
		if ev := extracttest.EventWithRoot(rec, "11", c.actor); ev == nil || !extracttest.RefsHave(ev.Targets, c.target) {
			t.Errorf("passive %q: %+v", c.body, rec.Events)
		}
	}
}

// TestNoEvents: nominal mentions, negated and hypothetical verbs and
// speech inside quotes report nothing that happened.
func TestNoEvents(t *testing.T) {
	for _, c := range []struct{ body, root string }{
		{"The company avoided a strike that had threatened its profits in Ohio.", "19"},
		{"Talk of an invasion of Finland unsettled markets in Sweden.", "19"},
		{"Russia did not attack Kharkiv on Monday.", "19"},
		{"Ivo Marsh never met Greta Lindqvist in Oslo.", "04"},
		{"Ivo Marsh never met Greta Lindqvist in Oslo.", "12"},
		{"Russia could attack Kharkiv within days, officials said.", "19"},
		{"If Iran attacks Israel, the region will burn.", "19"},
		{"Ivo Marsh wants to meet Greta Lindqvist in Oslo.", "04"},
		{"Ivo Marsh said: \u201cWe will attack Norway and reject every plan.\u201d", "19"}, // inside a quote
		{"Ivo Marsh said: \u201cWe will attack Norway and reject every plan.\u201d", "12"},
	} {
		rec := extracttest.Text(t, c.body)
		if evs := rootEvents(rec, c.root); len(evs) != 0 {
			t.Errorf("%q: root %s events %+v", c.body, c.root, evs)
		}
	}
	// a refusal of cooperation is a rejection (CAMEO 12)
	rec := extracttest.Text(t, "Greta Lindqvist said Sweden would not support the plan.")
	if len(rootEvents(rec, "12")) == 0 {
		t.Errorf("refused support is no rejection: %+v", rec.Events)
	}
}

// TestABareSurnameIsNoActor: a surname the article never introduces is
// nobody to code an event for.
func TestABareSurnameIsNoActor(t *testing.T) {
	rec := extracttest.Text(t, "Greta Lindqvist opened the session. Later Kovac said the plan would fail and criticised Lindqvist.")
	for _, ev := range rec.Events {
		if extracttest.RefsHave(ev.Actors, "Kovac") {
			t.Errorf("event by a bare surname: %+v", ev)
		}
	}
	rec = extracttest.Text(t, "Mr Kovac opened the session. Later Kovac criticised Greta Lindqvist.")
	if extracttest.EventWithRoot(rec, "11", "Kovac") == nil {
		t.Errorf("a surname introduced with an honorific acts: %+v", rec.Events)
	}
}
