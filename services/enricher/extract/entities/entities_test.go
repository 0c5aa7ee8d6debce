package entities_test

import (
	"testing"

	"github.com/tidings-news/tidings/services/enricher/extract/extracttest"
)

func TestHonorificsAndSurnames(t *testing.T) {
	rec := extracttest.Text(t, "Sir Alan Brightwater met Dame Olivia Stroud in Leeds. Later Sir Alan said the talks went well, and Mr Brightwater thanked Dame Olivia. Stroud agreed.")
	alan := extracttest.EntityNamed(rec, "Alan Brightwater")
	olivia := extracttest.EntityNamed(rec, "Olivia Stroud")
	if alan == nil || olivia == nil {
		t.Fatalf("people missing: %+v", rec.Entities)
	}
	for _, m := range []string{"Sir Alan", "Mr Brightwater"} {
		if !extracttest.HasMention(alan, m) {
			t.Errorf("Alan Brightwater lacks mention %q: %+v", m, alan.Mentions)
		}
	}
	for _, m := range []string{"Dame Olivia", "Stroud"} {
		if !extracttest.HasMention(olivia, m) {
			t.Errorf("Olivia Stroud lacks mention %q: %+v", m, olivia.Mentions)
		}
	}
	if alan.ID != "per:alan-brightwater" {
		t.Errorf("id %q", alan.ID)
	}
	for _, e := range rec.Entities {
		if e.Type == "PERSON" && e.Name != "Alan Brightwater" && e.Name != "Olivia Stroud" {
			t.Errorf("unexpected person %q", e.Name)
		}
	}
}

func TestRolesLinkToHolder(t *testing.T) {
	cases := []struct {
		name, body, person, role string
	}{
		{"title before the name", "Home Secretary Priya Venn visited Dover on Monday. The Home Secretary said more staff were needed.", "Priya Venn", "The Home Secretary"},
		{"lead before the name", "The Foreign Secretary has warned of a difficult winter.\n\nSpeaking in Rome, Harriet Calloway said allies must act.", "Harriet Calloway", "The Foreign Secretary"},
		{"unnamed office resolved by salience", "Sir Marcus Vale has promised new housing.\n\nThe prime minister said the plan would be funded.", "Marcus Vale", "The prime minister"},
		{"nationality qualifier", "Jorge Albarran met Chinese President Li Wen in Madrid. Critics said the Chinese president had made no promises.", "Li Wen", "the Chinese president"},
		{"title and nationality across a comma", "The Chilean president, Rosa Ibarra, met Greta Lindqvist. Later Ivo Marsh phoned the Chilean president.", "Rosa Ibarra", "the Chilean president"},
		{"generic title with a nationality", "Chilean President Rosa Ibarra met Ivo Marsh. The Chilean leader later flew home.", "Rosa Ibarra", "The Chilean leader"},
		{"generic title with a body", "Nato secretary general Jon Vestergaard spoke first. Ivo Marsh thanked the Nato chief.", "Jon Vestergaard", "the Nato chief"},
		{"apposition after the name", "Oksana Melnyk, Ukraine's foreign minister, met Ivo Marsh. Later the Ukrainian foreign minister flew home.", "Oksana Melnyk", "the Ukrainian foreign minister"},
		{"PM abbreviation", "Sir Marcus Vale has promised new housing. The PM said it would be quick.", "Marcus Vale", "The PM"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := extracttest.Text(t, c.body)
			extracttest.WantMention(t, rec, c.person, c.role)
		})
	}
}

func TestFormerTitleDoesNotClaimOffice(t *testing.T) {
	rec := extracttest.Text(t, "Sir Marcus Vale spoke on Monday. Earlier, former prime minister Ivo Marsh criticised him. The prime minister said he was unmoved.")
	extracttest.WantMention(t, rec, "Marcus Vale", "The prime minister") // not the former holder
}

func TestHonorificsWithFullStops(t *testing.T) {
	rec := extracttest.Text(t, "Gen. Mark Tolliver met Sen. Ana Ruiz on Monday. Mr. Tolliver later thanked Ms. Ruiz.")
	extracttest.WantMention(t, rec, "Mark Tolliver", "Mr. Tolliver")
	extracttest.WantMention(t, rec, "Ana Ruiz", "Ms. Ruiz")
	if len(rec.Entities) != 2 {
		t.Errorf("entities: %+v", rec.Entities)
	}
}

func TestHonorificWithGivenNameLinksTheOnlyPersonWhoHasIt(t *testing.T) {
	rec := extracttest.Text(t, "Prime Minister Tesfaye Worku met Mayor Selam Girma in Gondar on Monday. Mr Tesfaye said the talks went well.")
	tesfaye := extracttest.EntityNamed(rec, "Tesfaye Worku")
	if tesfaye == nil || !extracttest.HasMention(tesfaye, "Mr Tesfaye") {
		t.Fatalf("Mr Tesfaye should be Tesfaye Worku: %+v", rec.Entities)
	}
	// Two people share the given name: no guess.
	rec = extracttest.Text(t, "Tesfaye Worku met Tesfaye Alemu in Gondar. Mr Tesfaye said the talks went well.")
	for _, e := range rec.Entities {
		if extracttest.HasMention(&e, "Mr Tesfaye") && (e.Name == "Tesfaye Worku" || e.Name == "Tesfaye Alemu") {
			t.Fatalf("an ambiguous given name was linked to %q", e.Name)
		}
	}
}

func TestShadowMinisterDoesNotHoldTheOffice(t *testing.T) {
	rec := extracttest.Text(t, "The Chancellor defended the budget. Priya Lakhani told MPs it was fair. Shadow chancellor Tom Oduya called it reckless. Later the Chancellor said she would not resign.")
	extracttest.MentionOf(t, rec, "the Chancellor", "Priya Lakhani", "Tom Oduya")
	if shadow := extracttest.EntityNamed(rec, "Tom Oduya"); extracttest.HasMention(shadow, "The Chancellor") {
		t.Errorf("The Chancellor: shadow %+v", shadow.Mentions)
	}
}

// TestPremierAndPrimeMinisterAreNotCrossLinked: two heads of government
// with titles of the same office; each title used alone goes to the one
// the article gave that very title.
func TestPremierAndPrimeMinisterAreNotCrossLinked(t *testing.T) {
	rec := extracttest.Text(t, "Prime Minister Ana Duarte met Premier Li Wen in Lisbon on Monday. Later the premier praised the visit, and the prime minister said ties were strong.")
	extracttest.MentionOf(t, rec, "the premier", "Li Wen", "Ana Duarte")
	extracttest.MentionOf(t, rec, "the prime minister", "Ana Duarte", "Li Wen")
}
