package postgres

import (
	"strings"
	"testing"
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
