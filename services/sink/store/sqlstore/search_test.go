package sqlstore

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// referenceWords is the plain statement of searchWords' rules: runs of
// letters and digits, lower-cased, distinct, at most maxLexeme bytes.
func referenceWords(texts ...string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			w = strings.ToLower(w)
			if !seen[w] && len(w) <= maxLexeme {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

// FuzzSearchWords checks the byte scanner of searchWords against the
// reference rules, on ASCII, accented and other scripts, broken UTF-8 and
// digits.
func FuzzSearchWords(f *testing.F) {
	for _, s := range []string{"Talks in Port-Aldine", "L'été ÉTÉ été", "MiXeD mixed MIXED", "Straße İstanbul ΣΟΦΙΑ",
		"\xff\xfeA\xc3", "E5 e5 5e 2026-11-21", "日本語のテキスト", strings.Repeat("x", maxLexeme+1) + " y", ""} {
		f.Add(s, "Second TEXT text")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := SearchWords(a, b), referenceWords(a, b); !slices.Equal(got, want) {
			t.Errorf("SearchWords(%q, %q) = %q, want %q", a, b, got, want)
		}
	})
}
