package lang

import "testing"

func TestDetect(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"english", "The council voted on Tuesday to close the old library on the high street, saying the building had become too expensive to heat and repair after years of neglect.", "en"},
		{"french", "Le conseil municipal a voté mardi la fermeture de la vieille bibliothèque de la grand-rue, estimant que le bâtiment était devenu trop coûteux à chauffer et à réparer.", "fr"},
		{"german", "Der Stadtrat hat am Dienstag beschlossen, die alte Bibliothek in der Hauptstraße zu schließen, weil das Gebäude zu teuer zu heizen und zu reparieren sei.", "de"},
		{"too short", "Hello there.", ""},
		{"empty", "", ""},
		{"digits", "12 34 56 78 90 12 34 56 78 90 12 34 56 78 90 12 34 56 78 90", ""},
		// a paragraph of another language is still told apart with confidence,
		// so it is not enriched as English
		{"french paragraph", "Le gouvernement a annoncé mardi une hausse des impôts pour les grandes entreprises. Les syndicats ont aussitôt appelé à la grève dans les transports publics, et plusieurs manifestations sont prévues à Paris et à Lyon la semaine prochaine.", "fr"},
		{"german paragraph", "Die Bundesregierung hat am Dienstag beschlossen, die Steuern für große Unternehmen zu erhöhen. Die Gewerkschaften riefen daraufhin zu Streiks im Nahverkehr auf, und in Berlin und München sind für die kommende Woche Demonstrationen geplant.", "de"},
		{"dutch paragraph", "De regering heeft dinsdag besloten de belastingen voor grote bedrijven te verhogen. De vakbonden riepen meteen op tot stakingen in het openbaar vervoer, en in Amsterdam en Rotterdam worden volgende week demonstraties verwacht.", "nl"},
		{"spanish paragraph", "El gobierno anunció el martes una subida de impuestos para las grandes empresas. Los sindicatos convocaron de inmediato huelgas en el transporte público, y la próxima semana habrá manifestaciones en Madrid y Barcelona.", "es"},
		{"afrikaans paragraph", "Die regering het Dinsdag aangekondig dat belasting vir groot maatskappye verhoog sal word. Die vakbonde het dadelik tot stakings in die openbare vervoer opgeroep, en volgende week word betogings in Kaapstad en Pretoria verwag.", "af"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Detect(c.text); got != c.want {
				t.Errorf("Detect = %q, want %q", got, c.want)
			}
		})
	}
}

func BenchmarkDetect(b *testing.B) {
	benchDetect(b, "The council voted on Tuesday to close the old library on the high street, saying the building had become too expensive to heat and repair after years of neglect. ")
}

func BenchmarkDetectFrench(b *testing.B) {
	benchDetect(b, "Le conseil municipal a voté mardi la fermeture de la vieille bibliothèque de la grand-rue, estimant que le bâtiment était devenu trop coûteux à chauffer et à réparer. ")
}

// benchDetect measures Detect on sentence doubled until it is 4000 bytes
// or more long.
func benchDetect(b *testing.B, sentence string) {
	text := sentence
	for len(text) < 4000 {
		text += text
	}
	for b.Loop() {
		Detect(text)
	}
}
