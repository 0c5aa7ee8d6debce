package cameo_test

import (
	"testing"
	"time"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

func TestEventCoding(t *testing.T) {
	pub := time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC) // a Thursday
	cases := []struct {
		name, body, root, code, actor, target, loc, timeText, date string
		future                                                     bool
	}{
		{"meeting with a location and a past weekday", "Ivo Marsh met Greta Lindqvist in Oslo on Tuesday.", "04", "044", "Ivo Marsh", "Greta Lindqvist", "Oslo", "on Tuesday", "2026-03-10", false},
		{"future hosting", "Sir Marcus Vale will host a summit of Nordic leaders in Edinburgh on Saturday.", "04", "043", "Marcus Vale", "", "Edinburgh", "on Saturday", "2026-03-14", true},
		{"expected travel", "Greta Lindqvist is expected to travel to Nairobi next week.", "04", "042", "Greta Lindqvist", "", "Nairobi", "next week", "2026-03-19", true},
		{"rejection by a metonym", "The Kremlin rejected the proposal from Finland on Monday.", "12", "120", "Kremlin", "Finland", "", "on Monday", "2026-03-09", false},
		{"demonym attacker and city target", "Overnight, Russian drones struck Kharkiv, damaging homes.", "19", "190", "Russia", "Kharkiv", "Kharkiv", "", "", false},
		{"appeal", "Ivo Marsh urged Greta Lindqvist to reopen the border.", "02", "020", "Ivo Marsh", "Greta Lindqvist", "", "", "", false},
		{"sanctions", "The European Union imposed new sanctions on Iran yesterday.", "16", "163", "European Union", "Iran", "", "yesterday", "2026-03-11", false},
		{"a government stands for its country", "The Norwegian government rejected the proposal from Finland.", "12", "120", "Norway", "Finland", "", "", "", false},
		{"phone call", "Downing Street said Ivo Marsh had spoken to Greta Lindqvist by phone on Saturday evening.", "04", "041", "Ivo Marsh", "Greta Lindqvist", "", "on Saturday evening", "2026-03-07", false},
		{"negated cooperation is rejection", "Greta Lindqvist said Sweden would not support the plan.", "12", "120", "Sweden", "", "", "", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := extracttest.Article(t, &events.Article{ID: "e", Body: c.body, Published: &pub})
			ev := extracttest.EventWithRoot(rec, c.root, c.actor)
			if ev == nil {
				t.Fatalf("no %s event by %s: %+v", c.root, c.actor, rec.Events)
			}
			if ev.Code != c.code {
				t.Errorf("code %s, want %s", ev.Code, c.code)
			}
			row, _ := extracttest.Lexicon(t).Cameo(ev.Code)
			if ev.QuadClass != row.QuadClass || ev.Goldstein != row.Goldstein || ev.Label != row.Label {
				t.Errorf("CAMEO fields %d %v %q, want %+v", ev.QuadClass, ev.Goldstein, ev.Label, row)
			}
			if c.target != "" && !extracttest.RefsHave(ev.Targets, c.target) {
				t.Errorf("targets %+v, want %s", ev.Targets, c.target)
			}
			if c.loc != "" && (ev.Location == nil || ev.Location.Name != c.loc) {
				t.Errorf("location %+v, want %s", ev.Location, c.loc)
			}
			if c.timeText != "" && (ev.Time == nil || ev.Time.Text != c.timeText || ev.Time.Date != c.date) {
				t.Errorf("time %+v, want %s=%s", ev.Time, c.timeText, c.date)
			}
			if ev.Future != c.future {
				t.Errorf("future %v, want %v", ev.Future, c.future)
			}
			if ev.Evidence.Text == "" {
				t.Error("no evidence")
			}
		})
	}
}

func TestDatelineLocation(t *testing.T) {
	rec := extracttest.Article(t, &events.Article{Body: "Ivo Marsh met Greta Lindqvist on Tuesday.", Dateline: "OSLO"})
	ev := extracttest.EventWithRoot(rec, "04", "Ivo Marsh")
	if ev == nil || ev.Location == nil || ev.Location.Name != "Oslo" {
		t.Fatalf("dateline location: %+v", rec.Events)
	}
}

func TestRelativeClauseAsideKeepsTheActor(t *testing.T) {
	rec := extracttest.Text(t, "Norway, which has mediated with Hamas for months, condemned the strike on Sunday.")
	if extracttest.EventWithRoot(rec, "11", "Norway") == nil {
		t.Fatalf("no criticism by Norway: %+v", rec.Events)
	}
	if extracttest.EventWithRoot(rec, "11", "Hamas") != nil {
		t.Fatal("the entity inside the aside was taken for the actor")
	}
}

func TestLabourStrikesAreNotMilitaryForce(t *testing.T) {
	rec := extracttest.Text(t, "The Transport Workers Union threatened strikes at the depots after pay talks collapsed on Monday.")
	for _, ev := range rec.Events {
		if ev.RootCode == "13" && ev.Code != "133" || ev.RootCode == "19" {
			t.Fatalf("a labour strike coded as force: %+v", ev)
		}
	}
	rec = extracttest.Text(t, "Russia threatened strikes on Kyiv on Monday.")
	found := false
	for _, ev := range rec.Events {
		found = found || ev.Code == "138"
	}
	if !found {
		t.Fatalf("a military threat lost its code: %+v", rec.Events)
	}
}

func TestDenialsClaimsAndNoComment(t *testing.T) {
	for body, want := range map[string]string{
		"The ministry accused the Harbour Guild of fraud. The Harbour Guild denied the allegations.": "016",
		"The Kremlin declined to comment on the report.":                                             "011",
		"The Northern Front claimed responsibility for the blast in Mosul.":                          "015",
	} {
		rec := extracttest.Text(t, body)
		found := false
		for _, ev := range rec.Events {
			found = found || ev.Code == want
		}
		if !found {
			t.Errorf("%q: no %s event in %+v", body, want, rec.Events)
		}
	}
}
