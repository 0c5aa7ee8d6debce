// Package sentences is the extraction pass that finds paragraphs and
// sentences (the parser's when they are valid, else split here) and marks
// each token with its sentence and whether it opens one.
package sentences

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
	"github.com/tidings-news/tidings/services/enricher/extract/tokens"
)

// Run is the sentences pass: it writes the paragraph and sentence layers.
func Run(_ context.Context, d *layer.Doc, lx *lexicon.Lexicon) error {
	d.Paras = Paragraphs(d.Article)
	d.Sents = Sentences(d.Article, d.Paras, lx)
	markTokens(d)
	return nil
}

// markTokens sets each token's sentence, and marks the words that open a
// sentence or follow a colon, an opening mark, a bracket or a dash.
func markTokens(d *layer.Doc) {
	si := 0
	prevSent := -1
	for i := range d.Toks {
		t := &d.Toks[i]
		for si < len(d.Sents)-1 && t.Start >= d.Sents[si].End {
			si++
		}
		t.Sent = si
		if t.Kind != layer.Word && t.Kind != layer.Num {
			continue
		}
		if si != prevSent {
			t.Initial = true
			prevSent = si
		} else if j := i - 1; j >= 0 {
			switch d.Toks[j].Text {
			case ":", "\u201c", "\u2018", "(", "\u2013", "\u2014", "\u2015", "-":
				t.Initial = true
			}
		}
	}
}

// validSpans reports whether ss are ordered, non-overlapping, inside a body
// of length n and on rune boundaries of body.
func validSpans(ss []events.Span, body string) bool {
	prev := 0
	for _, s := range ss {
		if s.Start < prev || s.End < s.Start || s.End > len(body) {
			return false
		}
		if !utf8.RuneStart(byteAt(body, s.Start)) || !utf8.RuneStart(byteAt(body, s.End)) {
			return false
		}
		prev = s.End
	}
	return len(ss) > 0
}

func byteAt(s string, i int) byte {
	if i >= len(s) {
		return 0
	}
	return s[i]
}

// given returns the parser's spans as layer spans when they are valid
// for body.
func given(spans []events.Span, body string) ([]layer.Span, bool) {
	if !validSpans(spans, body) {
		return nil, false
	}
	out := make([]layer.Span, len(spans))
	for i, sp := range spans {
		out[i] = layer.Span(sp)
	}
	return out, true
}

// Paragraphs returns the article's paragraphs, or splits the body on line breaks.
func Paragraphs(a *events.Article) []layer.Span {
	if out, ok := given(a.Paragraphs, a.Body); ok {
		return out
	}
	var out []layer.Span
	start := 0
	body := a.Body
	for i := 0; i <= len(body); i++ {
		if i == len(body) || body[i] == '\n' {
			s, e := layer.TrimSpan(body, start, i)
			if e > s {
				out = append(out, layer.Span{Start: s, End: e})
			}
			start = i + 1
		}
	}
	return out
}

// Sentences returns the article's sentences, or splits each paragraph.
func Sentences(a *events.Article, paras []layer.Span, lx *lexicon.Lexicon) []layer.Span {
	if out, ok := given(a.Sentences, a.Body); ok {
		return out
	}
	var out []layer.Span
	for _, p := range paras {
		out = append(out, splitSentences(a.Body, p, lx)...)
	}
	return out
}

func isClosingMark(r rune) bool {
	return r == '"' || r == '\'' || r == '\u201d' || r == '\u2019' || r == ')' || r == ']'
}

func isOpeningMark(r rune) bool {
	return r == '"' || r == '\'' || r == '\u201c' || r == '\u2018' || r == '(' || r == '['
}

// splitSentences splits one paragraph at sentence-final punctuation followed
// by a space and a capital, a digit or an opening quote.
func splitSentences(body string, p layer.Span, lx *lexicon.Lexicon) []layer.Span {
	var out []layer.Span
	start := p.Start
	i := p.Start
	for i < p.End {
		var r rune
		var n int
		if c := body[i]; c < utf8.RuneSelf {
			if c != '.' && c != '!' && c != '?' {
				i++
				continue
			}
			r, n = rune(c), 1
		} else if r, n = utf8.DecodeRuneInString(body[i:p.End]); r != '\u2026' {
			i += n
			continue
		}
		j := skipClosing(body, i+n, p.End)
		k := skipSpace(body, j, p.End)
		if k == j || k >= p.End {
			i = j
			continue
		}
		next, _ := utf8.DecodeRuneInString(body[k:p.End])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || isOpeningMark(next)) {
			i = j
			continue
		}
		if r == '.' && isAbbreviationBefore(body, p.Start, i, k, lx) {
			i = j
			continue
		}
		out = append(out, layer.Span{Start: start, End: j})
		start = k
		i = k
	}
	if s, e := layer.TrimSpan(body, start, p.End); e > s {
		out = append(out, layer.Span{Start: s, End: e})
	}
	return out
}

// skipClosing returns the offset after closing marks and full stops from j.
func skipClosing(body string, j, end int) int {
	for j < end {
		r, n := utf8.DecodeRuneInString(body[j:end])
		if !isClosingMark(r) && r != '.' {
			break
		}
		j += n
	}
	return j
}

// skipSpace returns the offset after white space from k.
func skipSpace(body string, k, end int) int {
	for k < end {
		r, n := utf8.DecodeRuneInString(body[k:end])
		if !unicode.IsSpace(r) {
			break
		}
		k += n
	}
	return k
}

// isAbbreviationBefore reports whether the full stop at dot ends an
// abbreviation ("Mr.", "J.") rather than a sentence.
func isAbbreviationBefore(body string, pstart, dot, next int, lx *lexicon.Lexicon) bool {
	w := dot
	for w > pstart {
		r, n := utf8.DecodeLastRuneInString(body[pstart:w])
		if !tokens.IsWordRune(r) && r != '.' {
			break
		}
		w -= n
	}
	word := body[w:dot]
	if lx.Cues.Abbreviations.Has(strings.ToLower(word)) {
		return true
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	if strings.Contains(word, ".") {
		// "U.S. The …" ends a sentence; "U.S. Secretary" usually does not.
		e := next
		for e < len(body) && tokens.IsWordRune(rune(body[e])) {
			e++
		}
		return !lx.Stop.Has(fold.Fold(body[next:e]))
	}
	return false
}
