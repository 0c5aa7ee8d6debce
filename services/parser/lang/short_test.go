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

// TestOtherLanguagesStillDetected: a paragraph of another language is still
// told apart with confidence, so it is not enriched as English.
func TestOtherLanguagesStillDetected(t *testing.T) {
	cases := []struct{ want, text string }{
		{"fr", "Le gouvernement a annoncé mardi une hausse des impôts pour les grandes entreprises. Les syndicats ont aussitôt appelé à la grève dans les transports publics, et plusieurs manifestations sont prévues à Paris et à Lyon la semaine prochaine."},
		{"de", "Die Bundesregierung hat am Dienstag beschlossen, die Steuern für große Unternehmen zu erhöhen. Die Gewerkschaften riefen daraufhin zu Streiks im Nahverkehr auf, und in Berlin und München sind für die kommende Woche Demonstrationen geplant."},
		{"nl", "De regering heeft dinsdag besloten de belastingen voor grote bedrijven te verhogen. De vakbonden riepen meteen op tot stakingen in het openbaar vervoer, en in Amsterdam en Rotterdam worden volgende week demonstraties verwacht."},
		{"es", "El gobierno anunció el martes una subida de impuestos para las grandes empresas. Los sindicatos convocaron de inmediato huelgas en el transporte público, y la próxima semana habrá manifestaciones en Madrid y Barcelona."},
		{"af", "Die regering het Dinsdag aangekondig dat belasting vir groot maatskappye verhoog sal word. Die vakbonde het dadelik tot stakings in die openbare vervoer opgeroep, en volgende week word betogings in Kaapstad en Pretoria verwag."},
	}
	for _, c := range cases {
		if got := Detect(c.text); got != c.want {
			t.Errorf("Detect(%.40q…) = %q, want %q", c.text, got, c.want)
		}
	}
}
