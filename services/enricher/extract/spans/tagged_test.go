package spans_test

import (
	"testing"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

// The default recogniser is the trained tagger with the rules after it.

func TestTaggedDemonymsTitlesAndNoFalseNames(t *testing.T) {
	rec := extracttest.Text(t, "French and Japanese officials met British diplomats. Speaking on Thursday, officials said the Cabinet room was busy. "+
		"However, Admiral Sir Tony Radakin said the Defence Secretary agreed.")
	for _, n := range []string{"French", "Japanese", "British"} {
		if e := extracttest.EntityNamed(rec, n); e == nil || e.Type != "NORP" {
			t.Errorf("%s: %+v", n, e)
		}
	}
	for _, e := range rec.Entities {
		if e.Name == "Cabinet" || e.Name == "Admiral" || e.Name == "Defence Secretary" || e.Name == "Thursday" {
			t.Errorf("false entity %q (%s)", e.Name, e.Type)
		}
	}
	if e := extracttest.EntityNamed(rec, "Tony Radakin"); e == nil || e.Type != "PERSON" || !extracttest.HasMention(e, "Sir Tony Radakin") && !extracttest.HasMention(e, "Tony Radakin") {
		t.Errorf("Tony Radakin: %+v", rec.Entities)
	}
}

func TestTaggedAcronymsAndAliases(t *testing.T) {
	rec := extracttest.Text(t, "Staff at the Northern Relief Agency (NRA) said the NRA had run out of fuel. Marko Vidakovic scored twice. Vidakovic said the team deserved it.")
	extracttest.WantMention(t, rec, "Northern Relief Agency", "NRA") // acronym of an organisation
	extracttest.WantMention(t, rec, "Marko Vidakovic", "Vidakovic")  // surname alone
}

func TestTaggedHonorificsMakePersons(t *testing.T) {
	rec := extracttest.Text(t, "Michael Jordan visited Jordan with Ms Paris, who lives in Paris. President Omar Farouk al-Hadi arrived in Tunis.")
	for name, typ := range map[string]string{"Michael Jordan": "PERSON", "Jordan": "LOC", "Paris": "LOC", "Omar Farouk al-Hadi": "PERSON", "Tunis": "LOC"} {
		if e := extracttest.EntityNamed(rec, name); e == nil || e.Type != typ {
			t.Errorf("%s: %+v", name, rec.Entities)
		}
	}
	ms := false
	for _, e := range rec.Entities {
		ms = ms || e.Type == "PERSON" && extracttest.HasMention(&e, "Ms Paris")
	}
	if !ms {
		t.Errorf("Ms Paris is no person: %+v", rec.Entities)
	}
}

func TestTaggedTitleCaseLinesKeepKnownNames(t *testing.T) {
	rec := extracttest.Text(t, "Live Updates: Talks In Geneva Enter Second Day\n\nBy Amelia Hartwell\n\nRussian Forces Advance On Kherson\n\nThe city of Veltrava and the Dornovo region were shelled.")
	got := map[string]string{}
	for _, e := range rec.Entities {
		got[e.Name] = e.Type
	}
	for name, typ := range map[string]string{"Geneva": "LOC", "Kherson": "LOC", "Amelia Hartwell": "PERSON", "Veltrava": "LOC"} {
		if got[name] != typ {
			t.Errorf("%s: %v", name, got)
		}
	}
	for _, bad := range []string{"Live Updates", "Enter Second Day", "Forces Advance On"} {
		if got[bad] != "" {
			t.Errorf("headline words taken as a name: %q", bad)
		}
	}
}

func TestTaggedHyphenatedKnownNames(t *testing.T) {
	rec := extracttest.Article(t, &events.Article{ID: "t", Body: "The US-Ukraine deal was praised by J.D. Vance. Later Vance said the Russia-Ukraine talks would go on."})
	for _, n := range []string{"United States", "Ukraine", "Russia"} {
		if e := extracttest.EntityNamed(rec, n); e == nil || e.Type != "LOC" {
			t.Errorf("%s missing: %+v", n, rec.Entities)
		}
	}
	if e := extracttest.EntityNamed(rec, "J.D. Vance"); e == nil || !extracttest.HasMention(e, "Vance") {
		t.Errorf("J.D. Vance: %+v", rec.Entities)
	}
}

func TestTaggedUSPoliticalConventionsMakeNoNames(t *testing.T) {
	rec := extracttest.Text(t, "Sen. Dana Whitcombe (R-Fla.) and Rep. Ivo Marsh, D-Texas, objected. Several leaders, including Sens. Lena Oduya and Pavel Brandt, agreed. "+
		"When Vice President Joseph R. Lindqvist Jr. visited Oslo, he was criticised.\n\n“Well, I think we won,” Marsh said. Missouri voted early. The state awards its delegates proportionally. Ohio Gov. Aaron Feld declined.")
	for _, e := range rec.Entities {
		switch e.Name {
		case "R-Fla", "D-Texas", "Sens", "I", "Well", "The", "Joseph R", "Ohio Gov", "Ohio Gov.":
			t.Errorf("false entity %q (%s)", e.Name, e.Type)
		}
	}
	if e := extracttest.EntityNamed(rec, "Ohio"); e == nil || e.Type != "LOC" {
		t.Errorf("a place before an abbreviated title: %+v", rec.Entities)
	}
	for _, n := range []string{"Dana Whitcombe", "Ivo Marsh", "Lena Oduya", "Aaron Feld"} {
		if e := extracttest.EntityNamed(rec, n); e == nil || e.Type != "PERSON" {
			t.Errorf("%s: %+v", n, e)
		}
	}
	if e := extracttest.EntityNamed(rec, "Joseph R. Lindqvist Jr"); e == nil || e.Type != "PERSON" {
		t.Errorf("a name with a middle initial cut: %+v", rec.Entities)
	}
}

func TestTaggedOneWordNameBeforeAdministrationIsAPerson(t *testing.T) {
	rec := extracttest.Text(t, "Officials of the Lindqvist administration said the plan would go ahead.")
	if e := extracttest.EntityNamed(rec, "Lindqvist"); e == nil || e.Type != "PERSON" {
		t.Errorf("Lindqvist: %+v", rec.Entities)
	}
}

func TestTaggedLoneOrganisationHeadTheGazetteerKnowsIsAName(t *testing.T) {
	rec := extracttest.Text(t, "The bill passed the Senate on Tuesday, and Congress will vote on it next week. Officials said the Cabinet met later.")
	for _, n := range []string{"Senate", "Congress"} {
		if e := extracttest.EntityNamed(rec, n); e == nil || e.Type != "ORG" {
			t.Errorf("%s: %+v", n, rec.Entities)
		}
	}
	if e := extracttest.EntityNamed(rec, "Cabinet"); e != nil {
		t.Errorf("a lone organisation head the gazetteer does not know is no name: %+v", e)
	}
}

func TestTaggedStateAfterAPoliticianSuffixesAndSentenceAdverbs(t *testing.T) {
	rec := extracttest.Text(t, "Vice President Joseph R. Lindqvist Jr. spoke on Monday. Lindqvist said the plan would work. "+
		"Moreover, Sen. Dana Whitcombe (Fla.) and Rep. Ivo Marsh (Ky.) objected.")
	for _, e := range rec.Entities {
		switch e.Name {
		case "Fla.", "Fla", "Ky.", "Ky", "Moreover":
			t.Errorf("false entity %q (%s)", e.Name, e.Type)
		}
	}
	if e := extracttest.EntityNamed(rec, "Joseph R. Lindqvist Jr"); e == nil || !extracttest.HasMention(e, "Lindqvist") {
		t.Errorf("a surname alone after a name with a suffix: %+v", rec.Entities)
	}
	for _, n := range []string{"Dana Whitcombe", "Ivo Marsh"} {
		if e := extracttest.EntityNamed(rec, n); e == nil || e.Type != "PERSON" {
			t.Errorf("%s: %+v", n, rec.Entities)
		}
	}
}

func TestTaggedTwoWordSurnameAloneIsTheFullName(t *testing.T) {
	rec := extracttest.Text(t, "Rep. Marisa Vander Holt spoke on Monday. Later, Vander Holt said the party would win.")
	if e := extracttest.EntityNamed(rec, "Marisa Vander Holt"); e == nil || !extracttest.HasMention(e, "Vander Holt") {
		t.Errorf("a two-word surname alone: %+v", rec.Entities)
	}
	if e := extracttest.EntityNamed(rec, "Vander Holt"); e != nil {
		t.Errorf("a second person for the surname: %+v", e)
	}
}

func TestTaggedHonorificBeforeANameMakesAPerson(t *testing.T) {
	rec := extracttest.Text(t, "Gov. Tamarac agreed on Monday. Supporters believe he can improve upon Mitt Tamarac's performance in the north.")
	e := extracttest.EntityNamed(rec, "Mitt Tamarac")
	if e == nil || e.Type != "PERSON" || !extracttest.HasMention(e, "Gov. Tamarac") && !extracttest.HasMention(e, "Tamarac") {
		t.Errorf("Gov. Tamarac and Mitt Tamarac: %+v", rec.Entities)
	}
	for _, x := range rec.Entities {
		if x.Type != "PERSON" && (x.Name == "Tamarac" || x.Name == "Mitt Tamarac") {
			t.Errorf("a titled surname typed %s: %+v", x.Type, x)
		}
	}
}

// TestTaggedCountryBeforeAName: a country's abbreviation in capitals and one
// word, before a lower-case noun, is the country and a name ("the US Pulse
// group chat"); dotted or with an organisation's word it stays one name.
func TestTaggedCountryBeforeAName(t *testing.T) {
	rec := extracttest.Text(t, "Mr Healey's comments came after the US Pulse group chat blunder revealed the plan. "+
		"Staff at the US Postal Service and the U.S. Treasury said nothing.")
	for name, typ := range map[string]string{"United States": "LOC", "US Postal Service": "ORG", "U.S. Treasury": "ORG"} {
		if e := extracttest.EntityNamed(rec, name); e == nil || e.Type != typ {
			t.Errorf("%s: %+v", name, rec.Entities)
		}
	}
	if e := extracttest.EntityNamed(rec, "US Pulse"); e != nil {
		t.Errorf("US Pulse is one name: %+v", e)
	}
}
