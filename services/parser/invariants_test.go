package parser

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
)

// checkInvariants verifies what every article must satisfy: spans on UTF-8
// boundaries inside the body, each span's text trimmed and non-empty,
// paragraphs in order joined by blank lines, sentences inside paragraphs.
func checkInvariants(tb testing.TB, a *events.Article) {
	tb.Helper()
	if err := invariantError(a); err != "" {
		tb.Fatalf("%s\nbody: %q", err, a.Body)
	}
}

func invariantError(a *events.Article) string {
	if !utf8.ValidString(a.Body) {
		return "body is not valid UTF-8"
	}
	if a.SchemaVersion != events.SchemaVersion {
		return "schema version not set"
	}
	spanOK := func(s events.Span) string {
		if s.Start < 0 || s.End > len(a.Body) || s.Start >= s.End {
			return "span out of range or empty"
		}
		if !utf8.RuneStart(a.Body[s.Start]) || (s.End < len(a.Body) && !utf8.RuneStart(a.Body[s.End])) {
			return "span not on a rune boundary"
		}
		txt := a.Body[s.Start:s.End]
		if strings.TrimSpace(txt) != txt {
			return "span text not trimmed: " + txt
		}
		return ""
	}
	var joined []string
	prevEnd := -1
	for _, p := range a.Paragraphs {
		if e := spanOK(p); e != "" {
			return "paragraph: " + e
		}
		if p.Start <= prevEnd {
			return "paragraphs overlap or out of order"
		}
		if strings.Contains(a.Body[p.Start:p.End], "\n") {
			return "paragraph holds a line break"
		}
		prevEnd = p.End
		joined = append(joined, a.Body[p.Start:p.End])
	}
	if strings.Join(joined, "\n\n") != a.Body {
		return "body is not the paragraphs joined by blank lines"
	}
	pi := 0
	prevEnd = -1
	for _, s := range a.Sentences {
		if e := spanOK(s); e != "" {
			return "sentence: " + e
		}
		if s.Start < prevEnd {
			return "sentences overlap"
		}
		prevEnd = s.End
		for pi < len(a.Paragraphs) && a.Paragraphs[pi].End < s.End {
			pi++
		}
		if pi == len(a.Paragraphs) || s.Start < a.Paragraphs[pi].Start {
			return "sentence straddles paragraphs: " + a.Body[s.Start:s.End]
		}
	}
	return ""
}
