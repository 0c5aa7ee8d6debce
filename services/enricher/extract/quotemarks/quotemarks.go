// Package quotemarks is the extraction pass that finds quotation regions:
// text between curly, straight or single quotation marks, and a paragraph
// whose quote is not closed continuing into the next paragraph that opens
// with a mark. It marks each token with the region that holds it.
package quotemarks

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/tokens"
)

// Pass writes the quotation-region layer.
type Pass struct{}

// Name implements layer.Pass.
func (Pass) Name() string { return "quotemarks" }

// Run implements layer.Pass.
func (Pass) Run(_ context.Context, d *layer.Doc) error {
	d.QuoteRegions = Find(d.Body, d.Paras)
	markTokens(d)
	return nil
}

// markTokens sets each token's quote region, and marks the words that open
// a quote as sentence-initial.
func markTokens(d *layer.Doc) {
	qi := 0
	for i := range d.Toks {
		t := &d.Toks[i]
		for qi < len(d.QuoteRegions) && t.Start >= d.QuoteRegions[qi].End {
			qi++
		}
		if qi < len(d.QuoteRegions) && t.Start >= d.QuoteRegions[qi].Start && t.End <= d.QuoteRegions[qi].End {
			t.Quote = qi
		}
		if (t.Kind != layer.Word && t.Kind != layer.Num) || t.Quote < 0 || i == 0 {
			continue
		}
		j := i - 1
		if d.Toks[j].Text == "\"" && (j == 0 || d.Toks[j].Quote < 0) || d.Toks[j].Quote != t.Quote {
			t.Initial = true
		}
	}
}

// Find returns every quotation of the body in order.
func Find(body string, paras []layer.Span) []layer.QuoteRegion {
	var out []layer.QuoteRegion
	prevUnclosed := false
	for pi, p := range paras {
		var open = -1
		openSingle := false
		i := p.Start
		unclosed, nested := false, false
		// The next '"' and the next 0xe2 at or after i (every other mark is
		// U+2018..U+201D, which starts with 0xe2), found with IndexByte and
		// looked for again only once i has passed them: each byte is read once.
		nq, ne := -1, -1
		for {
			if nq < i {
				nq = indexFrom(body, i, p.End, '"')
			}
			if ne < i {
				ne = indexFrom(body, i, p.End, 0xe2)
			}
			if i = min(nq, ne); i >= p.End {
				break
			}
			r, n := utf8.DecodeRuneInString(body[i:p.End])
			if r != '"' && (r < '\u2018' || r > '\u201d') {
				i += n
				continue
			}
			prevR, _ := utf8.DecodeLastRuneInString(body[p.Start:i])
			nextR, _ := utf8.DecodeRuneInString(body[i+n : p.End])
			atStart := i == p.Start || unicode.IsSpace(prevR) || prevR == '(' || prevR == '[' || prevR == '\u2014' || prevR == '\u2013'
			straight := open >= 0 && body[open] == '"'
			switch {
			case straight && r == '\u201c':
				nested = true // curly marks inside straight ones: a quotation inside the quotation
			case straight && nested && r == '\u201d':
				nested = false
			case open < 0 && (r == '\u201c' || (r == '"' && atStart && !unicode.IsSpace(nextR))):
				open, openSingle = i, false
			case open < 0 && r == '\u2018' && atStart && tokens.IsWordRune(nextR):
				open, openSingle = i, true
			case open >= 0 && !openSingle && (r == '\u201d' || r == '"'):
				out = appendQuote(out, body, open, i, pi, false, prevUnclosed && open == p.Start)
				open, nested = -1, false
			case open >= 0 && openSingle && r == '\u2019' && !tokens.IsWordRune(nextR):
				out = appendQuote(out, body, open, i, pi, true, false)
				open = -1
			case open >= 0 && !openSingle && r == '\u201c':
				// a new opening mark while one is open: the first was never closed
				out = appendQuote(out, body, open, -1, pi, false, prevUnclosed && open == p.Start)
				open = i
			}
			i += n
		}
		if open >= 0 && !openSingle {
			out = appendUnclosed(out, body, open, p.End, pi, prevUnclosed && open == p.Start)
			unclosed = true
		}
		prevUnclosed = unclosed
	}
	return out
}

// indexFrom is the index of the first c in s[from:end], or end.
func indexFrom(s string, from, end int, c byte) int {
	if k := strings.IndexByte(s[from:end], c); k >= 0 {
		return from + k
	}
	return end
}

// appendUnclosed adds the quote opened at open that runs to the end of its paragraph.
func appendUnclosed(out []layer.QuoteRegion, body string, open, end, para int, cont bool) []layer.QuoteRegion {
	q := layer.QuoteRegion{Open: open, Close: -1, Para: para, Cont: cont}
	q.Start, q.End = layer.TrimSpan(body, open+len("\u201c"), end)
	if body[open] == '"' {
		q.Start, q.End = layer.TrimSpan(body, open+1, end)
	}
	if q.End > q.Start {
		out = append(out, q)
	}
	return out
}

func appendQuote(out []layer.QuoteRegion, body string, open, close, para int, single, cont bool) []layer.QuoteRegion {
	_, ol := utf8.DecodeRuneInString(body[open:])
	q := layer.QuoteRegion{Open: open, Close: close, Para: para, Single: single, Cont: cont}
	end := close
	if close < 0 {
		end = open + ol
	}
	q.Start, q.End = layer.TrimSpan(body, open+ol, end)
	for q.End > q.Start && body[q.End-1] == ',' {
		q.End-- // “We agreed,” she said: the comma belongs to the sentence around the quote
	}
	if q.End <= q.Start {
		return out
	}
	return append(out, q)
}
