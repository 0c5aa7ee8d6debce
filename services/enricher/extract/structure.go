package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
)

// span is a half-open byte range of the body.
type span struct{ Start, End int }

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

// paragraphs returns the article's paragraphs, or splits the body on line breaks.
func paragraphs(a *events.Article) []span {
	if validSpans(a.Paragraphs, a.Body) {
		out := make([]span, len(a.Paragraphs))
		for i, p := range a.Paragraphs {
			out[i] = span(p)
		}
		return out
	}
	var out []span
	start := 0
	body := a.Body
	for i := 0; i <= len(body); i++ {
		if i == len(body) || body[i] == '\n' {
			s, e := trimSpan(body, start, i)
			if e > s {
				out = append(out, span{s, e})
			}
			start = i + 1
		}
	}
	return out
}

func trimSpan(body string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(body[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(body[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

// sentences returns the article's sentences, or splits each paragraph.
func sentences(a *events.Article, paras []span, lx *lexicon) []span {
	if validSpans(a.Sentences, a.Body) {
		out := make([]span, len(a.Sentences))
		for i, s := range a.Sentences {
			out[i] = span(s)
		}
		return out
	}
	var out []span
	for _, p := range paras {
		out = append(out, splitSentences(a.Body, p, lx)...)
	}
	return out
}

var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "prof": true, "gen": true, "sen": true,
	"rep": true, "gov": true, "lt": true, "col": true, "capt": true, "sgt": true, "no": true, "jr": true,
	"sr": true, "vs": true, "etc": true, "inc": true, "ltd": true, "co": true, "adm": true, "maj": true,
	"rev": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "fig": true, "approx": true,
}

func isClosingMark(r rune) bool {
	return r == '"' || r == '\'' || r == '\u201d' || r == '\u2019' || r == ')' || r == ']'
}

func isOpeningMark(r rune) bool {
	return r == '"' || r == '\'' || r == '\u201c' || r == '\u2018' || r == '(' || r == '['
}

// splitSentences splits one paragraph at sentence-final punctuation followed
// by a space and a capital, a digit or an opening quote.
func splitSentences(body string, p span, lx *lexicon) []span {
	var out []span
	start := p.Start
	i := p.Start
	for i < p.End {
		r, n := utf8.DecodeRuneInString(body[i:p.End])
		if r != '.' && r != '!' && r != '?' && r != '\u2026' {
			i += n
			continue
		}
		j := i + n
		for j < p.End {
			r2, n2 := utf8.DecodeRuneInString(body[j:p.End])
			if !isClosingMark(r2) && r2 != '.' {
				break
			}
			j += n2
		}
		k := j
		for k < p.End {
			r2, n2 := utf8.DecodeRuneInString(body[k:p.End])
			if !unicode.IsSpace(r2) {
				break
			}
			k += n2
		}
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
		out = append(out, span{start, j})
		start = k
		i = k
	}
	if s, e := trimSpan(body, start, p.End); e > s {
		out = append(out, span{s, e})
	}
	return out
}

// isAbbreviationBefore reports whether the full stop at dot ends an
// abbreviation ("Mr.", "J.") rather than a sentence.
func isAbbreviationBefore(body string, pstart, dot, next int, lx *lexicon) bool {
	w := dot
	for w > pstart {
		r, n := utf8.DecodeLastRuneInString(body[pstart:w])
		if !isWordRune(r) && r != '.' {
			break
		}
		w -= n
	}
	word := body[w:dot]
	if abbreviations[strings.ToLower(word)] {
		return true
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	if strings.Contains(word, ".") {
		// "U.S. The …" ends a sentence; "U.S. Secretary" usually does not.
		e := next
		for e < len(body) && isWordRune(rune(body[e])) {
			e++
		}
		return !lx.stop[fold(body[next:e])]
	}
	return false
}

// quote is a stretch of direct speech between quotation marks, or from an
// opening mark to the end of its paragraph when the mark is not closed.
type quote struct {
	Open, Close int // offsets of the marks; Close == -1 when unclosed
	Start, End  int // the quoted text, trimmed
	Para        int
	Single      bool
	// Cont marks a paragraph that continues the previous paragraph's
	// unclosed quote.
	Cont bool
}

// findQuotes returns every quotation in the body in order.
func findQuotes(body string, paras []span) []quote {
	var out []quote
	prevUnclosed := false
	for pi, p := range paras {
		var open = -1
		openSingle := false
		i := p.Start
		unclosed := false
		for i < p.End {
			c := body[i]
			if c != '"' && c != 0xe2 { // every other mark is U+2018..U+201D, which starts with 0xe2
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(body[i:p.End])
			if r != '"' && (r < '\u2018' || r > '\u201d') {
				i += n
				continue
			}
			prevR, _ := utf8.DecodeLastRuneInString(body[p.Start:i])
			nextR, _ := utf8.DecodeRuneInString(body[i+n : p.End])
			atStart := i == p.Start || unicode.IsSpace(prevR) || prevR == '(' || prevR == '[' || prevR == '\u2014' || prevR == '\u2013'
			switch {
			case open < 0 && (r == '\u201c' || (r == '"' && atStart && !unicode.IsSpace(nextR))):
				open, openSingle = i, false
			case open < 0 && r == '\u2018' && atStart && isWordRune(nextR):
				open, openSingle = i, true
			case open >= 0 && !openSingle && (r == '\u201d' || r == '"'):
				out = appendQuote(out, body, open, i, n, pi, false, prevUnclosed && open == p.Start)
				open = -1
			case open >= 0 && openSingle && r == '\u2019' && !isWordRune(nextR):
				out = appendQuote(out, body, open, i, n, pi, true, false)
				open = -1
			case open >= 0 && !openSingle && r == '\u201c':
				// a new opening mark while one is open: the first was never closed
				out = appendQuote(out, body, open, -1, 0, pi, false, prevUnclosed && open == p.Start)
				open = i
			}
			i += n
		}
		if open >= 0 && !openSingle {
			q := quote{Open: open, Close: -1, Para: pi, Cont: prevUnclosed && open == p.Start}
			q.Start, q.End = trimSpan(body, open+len("\u201c"), p.End)
			if body[open] == '"' {
				q.Start, q.End = trimSpan(body, open+1, p.End)
			}
			if q.End > q.Start {
				out = append(out, q)
			}
			unclosed = true
		}
		prevUnclosed = unclosed
	}
	return out
}

func appendQuote(out []quote, body string, open, close, closeLen, para int, single, cont bool) []quote {
	_, ol := utf8.DecodeRuneInString(body[open:])
	q := quote{Open: open, Close: close, Para: para, Single: single, Cont: cont}
	end := close
	if close < 0 {
		end = open + ol
	}
	q.Start, q.End = trimSpan(body, open+ol, end)
	for q.End > q.Start && body[q.End-1] == ',' {
		q.End-- // “We agreed,” she said: the comma belongs to the sentence around the quote
	}
	if q.End <= q.Start {
		return out
	}
	return append(out, q)
}
