package store

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestSearchTerms(t *testing.T) {
	if got, want := tsvectorOf("Talks in Port-Aldine", "The E5 met; the talks went on. L'été"),
		"'talks' 'in' 'port' 'aldine' 'the' 'e5' 'met' 'went' 'on' 'l' 'été'"; got != want {
		t.Errorf("tsvectorOf = %s, want %s", got, want)
	}
	if got := tsvectorOf(nil, ""); got != "" {
		t.Errorf("tsvectorOf(nothing) = %q", got)
	}
	for q, want := range map[string]string{
		"Port-Aldine talks":         "'port' & 'aldine' & 'talks'",
		`"unbalanced AND ( OR it's`: "'unbalanced' & 'and' & 'or' & 'it' & 's'",
		"  --- !!! ":                "'-'",
		"Ünïcode ÉTÉ":               "'ünïcode' & 'été'",
	} {
		if got := tsqueryOf(q); got != want {
			t.Errorf("tsqueryOf(%q) = %s, want %s", q, got, want)
		}
	}
}

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
		if got, want := searchWords(a, b), referenceWords(a, b); !slices.Equal(got, want) {
			t.Errorf("searchWords(%q, %q) = %q, want %q", a, b, got, want)
		}
	})
}

func BenchmarkTsvector(b *testing.B) {
	// About the length of an article, in the mix of cases and punctuation of news prose.
	body := strings.Repeat(`The Harbour Workers Alliance said on Tuesday that talks with Eastgate Council `+
		`over the 2026 pay offer had "broken down", and that its 4,200 members would vote on strike action. `+
		`Mayor Owen Achterberg told reporters the council's offer was fair. `, 12)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		tsvectorOf("Harbour talks break down", body)
	}
}
