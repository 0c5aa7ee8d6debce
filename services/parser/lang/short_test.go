package lang

import "testing"

// englishBriefs are one-sentence English news briefs, the shape that trigram
// statistics most often take for a neighbouring language.
var englishBriefs = []string{
	"The Kremlin said on Friday that Vladimir Putin would meet Donald Trump in Alaska.",
	"Flooding closed the main rail line between Leeds and York on Monday morning.",
	"Germany's central bank kept interest rates unchanged, citing weak demand in Europe.",
	"Heavy fighting resumed near Kharkiv overnight, Ukrainian officials said.",
	"Shares in Volkswagen fell sharply after the carmaker cut its profit forecast.",
	"Brazilian police arrested four men suspected of smuggling gold from the Amazon.",
	"Nigeria's president dismissed his defence minister in a cabinet reshuffle.",
	"Wildfires forced thousands of residents to flee their homes in southern Greece.",
	"Dutch farmers blocked motorways in protest against new nitrogen rules.",
	"Israel and Hamas agreed to extend the truce by two days, Qatar announced.",
	"Afrikaans-speaking farmers in the Western Cape harvested a record grape crop.",
	"Peace talks in Geneva ended without agreement late on Thursday evening.",
}

// TestShortEnglishIsNeverAnotherLanguage: a short English brief is English or
// unknown (which the enricher treats as English), never Afrikaans, Dutch or
// French on the strength of a few trigrams.
func TestShortEnglishIsNeverAnotherLanguage(t *testing.T) {
	for _, s := range englishBriefs {
		if got := Detect(s); got != "en" && got != "" {
			t.Errorf("Detect(%q) = %q, want \"en\" or unknown", s, got)
		}
	}
}
