package lang

import (
	"strings"
	"testing"
)

// looksEnglishByFields is looksEnglish as it was written first, over
// strings.FieldsFunc and strings.ToLower: the reference for the byte scan.
func looksEnglishByFields(sample string) bool {
	sep := func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '\'' || r >= 0x80)
	}
	words, hits := 0, 0
	for _, w := range strings.FieldsFunc(sample, sep) {
		words++
		if len(w) <= 5 && englishWords[strings.ToLower(w)] {
			hits++
		}
	}
	return words >= minSampleWords && float64(hits) >= englishShare*float64(words)
}

func TestLooksEnglishAsByFields(t *testing.T) {
	en := "The council said THE vote was on Tuesday and it would go to the people of the town, who'd been waiting for it. "
	texts := []string{
		"", en, strings.Repeat(en, 3), strings.ToUpper(strings.Repeat(en, 2)),
		strings.Repeat("Le conseil a voté mardi la fermeture de la bibliothèque. ", 4),
		strings.Repeat("THE\u212A and of to in Ärger über \xff\xfe it is. ", 6), // Kelvin sign, invalid UTF-8
		strings.Repeat("a-b c_d e1f the,of;and:to ", 8),
	}
	for _, s := range texts {
		for cut := 0; cut <= len(s); cut += max(1, len(s)/17) {
			if got, want := looksEnglish(s[:cut]), looksEnglishByFields(s[:cut]); got != want {
				t.Errorf("looksEnglish(%q) = %v, want %v", s[:cut], got, want)
			}
		}
	}
}
