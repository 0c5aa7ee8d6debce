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
