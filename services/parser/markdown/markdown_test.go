package markdown

import (
	"slices"
	"testing"
)

func TestInline(t *testing.T) {
	cases := map[string]string{
		"plain text":                        "plain text",
		"**bold** and *italic* and _under_": "bold and italic and under",
		"a [link](https://x.org) here":      "a link here",
		"a [ref link][1] here":              "a ref link here",
		"an ![image](pic.jpg) here":         "an  here",
		"`code` span":                       "code span",
		"snake_case_name stays":             "snake_case_name stays",
		"5 * 3 = 15":                        "5 * 3 = 15",
		"~~struck~~ out":                    "struck out",
		"<https://example.org> autolink":    "https://example.org autolink",
		"inline <b>html</b> tags":           "inline html tags",
		`escaped \*stars\*`:                 "escaped *stars*",
		"[**bold link**](u)":                "bold link",
		"unclosed [bracket stays":           "unclosed [bracket stays",
		"a < b and c > d":                   "a < b and c > d",
	}
	for in, want := range cases {
		if got := Inline(in); got != want {
			t.Errorf("Inline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRead(t *testing.T) {
	src := "---\ntitle: Front matter title\nauthor: Jane Doe\ndate: 2025-03-12\n---\n\nFirst para\nwraps here.\n\n## Section\n\n1. one\n2. two\n\n> quoted\n\n```\ncode line\n```\n\n[1]: https://example.org\n"
	d := Read(src)
	if d.Title != "Front matter title" || d.Byline != "Jane Doe" || d.Published == nil || d.Published.Year() != 2025 {
		t.Errorf("metadata = %q %q %v", d.Title, d.Byline, d.Published)
	}
	want := []string{"First para wraps here.", "Section", "one", "two", "quoted", "code line"}
	if !slices.Equal(d.Paragraphs, want) {
		t.Errorf("paragraphs = %q, want %q", d.Paragraphs, want)
	}

	d = Read("Setext title\n============\n\nBody text.\n")
	if d.Title != "Setext title" || !slices.Equal(d.Paragraphs, []string{"Body text."}) {
		t.Errorf("setext: %q %q", d.Title, d.Paragraphs)
	}

	d = Read("Body first.\n\n# Late heading\n")
	if d.Title != "" || !slices.Equal(d.Paragraphs, []string{"Body first.", "Late heading"}) {
		t.Errorf("late heading: %q %q", d.Title, d.Paragraphs)
	}
}
