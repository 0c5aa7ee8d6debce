package evaluate

import (
	"strings"
	"unicode"
)

// Build lays a CoNLL document out as a plain-text article exactly as
// shared/eval/devsets/conll.py does: one sentence per paragraph (the first
// the headline), a sentence joined to the one before when CoNLL broke it in
// two or a quotation is still open, tokens detokenised, gold spans as byte
// offsets, each sentence marked header, prose or other.
func Build(doc CoNLLDoc) Built {
	head := headerLen(doc)
	doc = moveStrayQuotes(doc)
	type para struct {
		s     string
		spans []Mention
		sents []Region
	}
	var paras []*para
	quotes := map[string]bool{}
	for k, sent := range doc {
		toks := make([]string, len(sent))
		for i, t := range sent {
			toks[i] = t.Text
		}
		join := len(paras) > 0 && k > head && (openQuoteCloses(doc, k, quotes) ||
			(!strings.ContainsAny(lastChar(paras[len(paras)-1].s), ".?!:\"'") && startsLower(toks[0])))
		if !join {
			quotes = map[string]bool{} // a new paragraph: a quote left open ends here
		}
		s, starts := detok(toks, quotes)
		base := 0
		if join {
			p := paras[len(paras)-1]
			base = len(p.s) + 1
			p.s += " " + s
		} else {
			paras = append(paras, &para{s: s})
		}
		p := paras[len(paras)-1]
		kind := "other"
		switch {
		case k < head:
			kind = "header"
		case proseSentence(sent):
			kind = "prose"
		}
		p.sents = append(p.sents, Region{Start: base, End: base + len(s), Kind: kind})
		for _, sp := range spansOf(sent) {
			a, b := sp[0].(int), sp[1].(int)
			p.spans = append(p.spans, Mention{Start: base + starts[a], End: base + starts[b-1] + len(toks[b-1]), Type: sp[2].(string)})
		}
	}
	var out Built
	var text strings.Builder
	for _, p := range paras {
		if text.Len() > 0 {
			text.WriteString("\n\n")
		}
		off := text.Len()
		for _, m := range p.spans {
			m.Start, m.End = m.Start+off, m.End+off
			m.Text = p.s[m.Start-off : m.End-off]
			out.Mentions = append(out.Mentions, m)
		}
		for _, r := range p.sents {
			out.Regions = append(out.Regions, Region{Start: r.Start + off, End: r.End + off, Kind: r.Kind})
		}
		text.WriteString(p.s)
	}
	text.WriteString("\n")
	out.Text = text.String()
	out.Prose = isProse(doc)
	return out
}

func lastChar(s string) string {
	if s == "" {
		return ""
	}
	return s[len(s)-1:]
}

// openQuoteCloses reports whether a quote mark open before sentence k is
// closed in it or the two after it.
func openQuoteCloses(doc CoNLLDoc, k int, quotes map[string]bool) bool {
	for _, later := range doc[k:min(k+3, len(doc))] {
		for _, t := range later {
			if (t.Text == "\"" || t.Text == "'") && quotes[t.Text] {
				return true
			}
		}
	}
	return false
}

// startsLower mirrors Python's str.islower on the first character.
func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

// moveStrayQuotes moves an opening quote CoNLL left at the end of a sentence
// to the start of the next one.
func moveStrayQuotes(doc CoNLLDoc) CoNLLDoc {
	out := make(CoNLLDoc, len(doc))
	for k := range doc {
		out[k] = append([]CoNLLToken(nil), doc[k]...)
	}
	open := false
	for k := range out {
		for i := 0; i < len(out[k]); i++ {
			if out[k][i].Text != "\"" {
				continue
			}
			if !open && i == len(out[k])-1 && i > 0 && k+1 < len(out) {
				out[k+1] = append([]CoNLLToken{out[k][i]}, out[k+1]...)
				out[k] = out[k][:i]
				break
			}
			open = !open
		}
	}
	return out
}

// headerLen counts the headline, byline and dateline: up to the first of the
// next three sentences holding a date.
func headerLen(doc CoNLLDoc) int {
	for k := 1; k < min(4, len(doc)); k++ {
		for _, t := range doc[k] {
			if dateToken.MatchString(t.Text) {
				return k + 1
			}
		}
	}
	return 1
}

// proseSentence: five tokens or more, final punctuation, and 40 % of them
// lower-case words.
func proseSentence(sent []CoNLLToken) bool {
	lower := 0
	for _, t := range sent {
		if isLowerWord(t.Text) {
			lower++
		}
	}
	last := sent[len(sent)-1].Text
	return len(sent) >= 5 && (last == "." || last == "?" || last == "!" || last == "\"" || last == "'") && float64(lower) >= 0.4*float64(len(sent))
}

// isLowerWord mirrors Python's isalpha() and islower().
func isLowerWord(s string) bool {
	cased := false
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			return false
		}
		cased = cased || unicode.IsLower(r)
	}
	return cased
}

// isProse: two sentences or more after the header, 70 % of them prose.
func isProse(doc CoNLLDoc) bool {
	body := doc[min(headerLen(doc), len(doc)):]
	n := 0
	for _, s := range body {
		if proseSentence(s) {
			n++
		}
	}
	return len(body) >= 2 && float64(n) >= 0.7*float64(len(body))
}
