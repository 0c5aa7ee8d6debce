package store

import "testing"

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
