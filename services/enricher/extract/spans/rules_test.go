package spans_test

import (
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
	"github.com/tidings-news/tidings/services/enricher/extract/spans"
)

// TestPlacesOrganisationsAndMetonyms runs with the rules alone and with the
// default recogniser (the trained tagger, the rules after it: "No 10" is a
// metonym the tagger leaves out).
func TestPlacesOrganisationsAndMetonyms(t *testing.T) {
	body := "The Kremlin said Moscow would respond. Downing Street and No 10 aides met officials from NATO and the European Union in Kiev, then flew to Washington, D.C. before the Ukraine Defence Contact Group met."
	for name, text := range map[string]func(testing.TB, string) *events.EnrichedArticle{"rules": extracttest.RulesText, "tagged": extracttest.Text} {
		t.Run(name, func(t *testing.T) {
			rec := text(t, body)
			want := map[string]string{"Kremlin": "ORG", "Moscow": "LOC", "Downing Street": "ORG", "Nato": "ORG", "European Union": "ORG",
				"Kyiv": "LOC", "Washington DC": "LOC", "Ukraine Defence Contact Group": "ORG"}
			for name, typ := range want {
				if e := extracttest.EntityNamed(rec, name); e == nil || e.Type != typ {
					t.Errorf("%s: got %+v, want type %s", name, e, typ)
				}
			}
			extracttest.WantMention(t, rec, "Downing Street", "No 10")
			if e := extracttest.EntityNamed(rec, "Ukraine"); e != nil {
				t.Errorf("Ukraine inside an organisation's name reported alone: %+v", e)
			}
		})
	}
}

func TestDemonymsAreNORPWithCountry(t *testing.T) {
	rec := extracttest.RulesText(t, "French and Japanese officials met British diplomats.")
	for _, n := range []string{"French", "Japanese", "British"} {
		if e := extracttest.EntityNamed(rec, n); e == nil || e.Type != "NORP" {
			t.Errorf("%s: %+v", n, e)
		}
	}
}

func TestNoFalseNames(t *testing.T) {
	rec := extracttest.RulesText(t, "Speaking on Thursday, officials said the Cabinet room was busy. Echoing that, Meanwhile nobody came. Asked why, the aide shrugged.")
	for _, e := range rec.Entities {
		if e.Type == "PERSON" || e.Type == "ORG" {
			t.Errorf("false entity %q (%s)", e.Name, e.Type)
		}
	}
}

func TestTitlesOfPublicationsAndPlaces(t *testing.T) {
	rec := extracttest.RulesText(t, "The interview was given to The Lantern Review and broadcast from Carlton House before the International Institute for Coastal Studies published it.")
	if e := extracttest.EntityNamed(rec, "The Lantern Review"); e == nil || e.Type != "ORG" {
		t.Errorf("publication: %+v", rec.Entities)
	}
	if e := extracttest.EntityNamed(rec, "Carlton House"); e == nil || e.Type != "LOC" {
		t.Errorf("building: %+v", rec.Entities)
	}
	if e := extracttest.EntityNamed(rec, "International Institute for Coastal Studies"); e == nil || e.Type != "ORG" {
		t.Errorf("institute: %+v", rec.Entities)
	}
	rec = extracttest.RulesText(t, "Staff at the Northern Relief Agency (NRA) said the NRA had run out of fuel. The CCX said so too, and the CCX was right.")
	extracttest.WantMention(t, rec, "Northern Relief Agency", "NRA") // acronym of an organisation
	if e := extracttest.EntityNamed(rec, "CCX"); e == nil || e.Type != "ORG" || len(e.Mentions) != 2 || len(rec.Entities) != 2 {
		t.Errorf("repeated acronym: %+v", rec.Entities)
	}
	rec = extracttest.RulesText(t, "Analysts at the Hollister Foundation said the vote was close. \u201cIt will be tight,\u201d said Mia Reyes, a fellow at Hollister.")
	extracttest.WantMention(t, rec, "Hollister Foundation", "Hollister") // short name of an organisation
}

func TestContextTypesNames(t *testing.T) {
	rec := extracttest.RulesText(t, "Shelling hit the city of Veltrava and the Dornovo region overnight, the Coastal Monitoring Service agency said. Apple Inc. and Microsoft Corp. declined to comment. The envoy later flew to Marisburg. Fighting continued near Ostrovets.")
	want := map[string]string{"Veltrava": "LOC", "Dornovo": "LOC", "Coastal Monitoring Service": "ORG", "Apple": "ORG", "Microsoft": "ORG",
		"Marisburg": "LOC", "Ostrovets": "LOC"}
	for name, typ := range want {
		if e := extracttest.EntityNamed(rec, name); e == nil || e.Type != typ {
			t.Errorf("%s: %+v, want %s", name, e, typ)
		}
	}
}

func TestHyphenatedNamesAndInitials(t *testing.T) {
	rec := extracttest.RulesText(t, "The US-Ukraine deal was praised by J.D. Vance. Later JD Vance said the Russia-Ukraine talks would go on.")
	for _, n := range []string{"United States", "Ukraine", "Russia"} {
		if e := extracttest.EntityNamed(rec, n); e == nil || e.Type != "LOC" {
			t.Errorf("%s missing: %+v", n, rec.Entities)
		}
	}
	persons := 0
	for _, e := range rec.Entities {
		if e.Type == "PERSON" {
			persons++
		}
	}
	if e := extracttest.EntityNamed(rec, "J.D. Vance"); e == nil || persons != 1 || !extracttest.HasMention(e, "JD Vance") {
		t.Errorf("initials: %+v", rec.Entities)
	}
}

func TestPlaceNamesAsSurnames(t *testing.T) {
	rec := extracttest.RulesText(t, "Michael Jordan visited Jordan with Emma Paris, who lives in Paris.")
	for name, typ := range map[string]string{"Michael Jordan": "PERSON", "Emma Paris": "PERSON", "Jordan": "LOC", "Paris": "LOC"} {
		if e := extracttest.EntityNamed(rec, name); e == nil || e.Type != typ {
			t.Errorf("%s: %+v", name, rec.Entities)
		}
	}
}

func TestTitleCaseLinesOnlyKeepKnownNames(t *testing.T) {
	rec := extracttest.RulesText(t, "Live Updates: Talks In Geneva Enter Second Day\n\nKey Points\n\nBy Amelia Hartwell\n\nRussian Forces Advance Near Kherson")
	got := extracttest.EntityNames(rec)
	for _, want := range []string{"Geneva", "Kherson", "Amelia Hartwell"} {
		if !got[want] {
			t.Errorf("%s missing: %v", want, got)
		}
	}
	for _, bad := range []string{"Live Updates", "Key Points", "Enter Second Day", "Forces Advance Near"} {
		if got[bad] {
			t.Errorf("headline words taken as a name: %q", bad)
		}
	}
}

func TestHyphenatedParticleStaysInTheName(t *testing.T) {
	rec := extracttest.RulesText(t, "President Omar Farouk al-Hadi arrived in Tunis on Sunday, officials said.")
	if extracttest.EntityNamed(rec, "Omar Farouk al-Hadi") == nil {
		t.Fatalf("al-Hadi dropped from the name: %+v", rec.Entities)
	}
	lx := extracttest.Lexicon(t)
	if !spans.ParticleCompound(lx.Cues.NameParticles.All(), "el-Baradei") || spans.ParticleCompound(lx.Cues.NameParticles.All(), "well-known") || spans.ParticleCompound(lx.Cues.NameParticles.All(), "al-") {
		t.Fatal("particleCompound misjudges")
	}
}

func TestTheHouseIsTheLegislatureNotAPerson(t *testing.T) {
	rec := extracttest.RulesText(t, "The Senate passed the bill on Tuesday and sent it to the House, where Speaker Dana Whitlock has refused a vote. The House will decide next week.")
	h := extracttest.EntityNamed(rec, "House of Representatives")
	if h == nil || h.Type != "ORG" || len(h.Mentions) != 2 {
		t.Fatalf("the House: %+v", rec.Entities)
	}
	for _, e := range rec.Entities {
		if e.Type == "PERSON" && e.Name == "House" {
			t.Fatal("House taken for a person")
		}
	}
}

func TestStaffAtANameMakeItAnOrganisation(t *testing.T) {
	rec := extracttest.RulesText(t, "Analysts at KTB said the deal was overpriced, while economists at Hollis Partners expected a rate cut.")
	for _, name := range []string{"KTB", "Hollis Partners"} {
		if e := extracttest.EntityNamed(rec, name); e == nil || e.Type != "ORG" {
			t.Errorf("%s: %+v", name, e)
		}
	}
}

func TestSurnameOnlyPeople(t *testing.T) {
	rec := extracttest.RulesText(t, "Kovalenko, who chairs the committee, said the vote was fair. Mr Ostrander disagreed. Analysts think Dravic has no plan.")
	for _, n := range []string{"Kovalenko", "Ostrander", "Dravic"} {
		if e := extracttest.EntityNamed(rec, n); e == nil || e.Type != "PERSON" {
			t.Errorf("%s: %+v", n, rec.Entities)
		}
	}
}
