// Package quotes is the extraction pass that attributes direct speech: the
// speech verb before ("X said: “…”"), after ("“…”, X warned") or elsewhere
// in the sentence ("…, adding that “…”"), continuation paragraphs, unnamed
// speakers ("a Number 10 spokesman") kept by name without an id, fragments
// inside reported speech marked Partial, and scare-quoted terms left out.
package quotes

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tidings-news/tidings/pkg/events"
	"github.com/tidings-news/tidings/services/enricher/extract/agents"
	"github.com/tidings-news/tidings/services/enricher/extract/fold"
	"github.com/tidings-news/tidings/services/enricher/extract/layer"
	"github.com/tidings-news/tidings/services/enricher/extract/lexicon"
)

// attribution is who said a quote and with which verb.
type attribution struct {
	Ent  int    // speaking entity, -1 if unnamed or unknown
	Name string // the unnamed speaker's words ("a Number 10 spokesman")
	Cue  string
	ok   bool
}

// Run is the quotes pass: it writes the quote layer.
func Run(_ context.Context, d *layer.Doc, lx *lexicon.Lexicon) error {
	q := &quoter{lx: lx, d: d}
	d.Quotes = dedupe(append(d.Quotes[:0], q.extract()...))
	return nil
}

// dedupe drops a quote whose words repeat an earlier quote of the article
// word for word, said by the same speaker or by none (a pull quote, a
// block quote given twice); the earlier one takes the later one's speaker
// when it has none.
func dedupe(qs []events.Quote) []events.Quote {
	if len(qs) < 2 {
		return qs
	}
	first := make(map[string]int, len(qs))
	out := qs[:0]
	for _, q := range qs {
		k := fold.Key(q.Text)
		if i, ok := first[k]; ok && k != "" && sameSpeaker(out[i].Speaker, q.Speaker) {
			if out[i].Speaker == nil && q.Speaker != nil {
				out[i].Speaker, out[i].Cue = q.Speaker, q.Cue
			}
			continue
		}
		first[k] = len(out)
		out = append(out, q)
	}
	return out
}

// quoter attributes the quotes of one document.
type quoter struct {
	lx *lexicon.Lexicon
	d  *layer.Doc
}

// extract finds direct speech and its speakers.
func (p *quoter) extract() []events.Quote {
	d := p.d
	var out []events.Quote
	var prev attribution
	prevPara, lastQi := -10, -1
	words := p.quoteWords()
	for qi, q := range d.QuoteRegions {
		if words[qi] == 0 {
			continue
		}
		att := p.attribute(qi)
		if p.continuesQuote(qi, lastQi) {
			extend(&out[len(out)-1], d.Body, q, p.record(q, att))
			lastQi = qi
			if att.ok {
				prev = att
			}
			prevPara = q.Para
			continue
		}
		paraStart := p.quoteOpensParagraph(q)
		if !att.ok && paraStart && q.Para > 0 {
			att = p.attributeFromColon(q.Para - 1) // "In a statement, the ministry said:" ¶ "“…”"
		}
		if !att.ok && (q.Cont || paraStart) && prev.ok && q.Para-prevPara <= 2 {
			att = prev // a continuation paragraph: the same speaker goes on
		}
		if !att.ok && p.afterColon(q) && !paraStart && words[qi] > maxTerm {
			att = p.colonSubject(q) // "In a Fox interview, Trump went even further: “…”"
		}
		if !att.ok && prev.ok && q.Para == prevPara && p.opensSentence(q) && !p.afterColon(q) && words[qi] >= 3 {
			att = prev // "“…,” Whitfield said. “The votes are there.”"
		}
		if !att.ok && p.opensSentence(q) {
			att = p.attributeFromSentenceBefore(qi) // "…, Schiff said. “…”"
		}
		if !att.ok && q.Close < 0 {
			att = p.signatureLine(q) // "“…" ¶ "Josh Bivens, Economic Policy Institute.”"
		}
		if !att.ok {
			if words[qi] < 8 || !paraStart || !p.speechAround(q) {
				continue // a scare-quoted term, a title or quoted text, not speech
			}
		} else if p.isTerm(qi, words[qi]) {
			prev, prevPara = att, q.Para // its speaker still speaks on
			continue
		}
		out = append(out, p.record(q, att))
		lastQi = qi
		if att.ok {
			prev, prevPara = att, q.Para
		}
	}
	return out
}

// maxSignatureLine is the most tokens of a paragraph that only signs the
// quotation before it.
const maxSignatureLine = 12

// signatureLine attributes a quotation left open at the end of its
// paragraph to the name that opens the next paragraph, when that paragraph
// is a short signature line and not a quote of its own: "“We are going to
// enter the next recession …" ¶ "Josh Bivens, Economic Policy Institute.”".
func (p *quoter) signatureLine(q layer.QuoteRegion) attribution {
	d := p.d
	if q.Para+1 >= len(d.Paras) {
		return attribution{}
	}
	next := d.Paras[q.Para+1]
	t0, t1 := d.TokenAt(next.Start), d.TokenAt(next.End)
	if t0 >= len(d.Toks) || t1-t0 > maxSignatureLine || d.Toks[t0].Quote >= 0 || !d.Toks[t0].Cap {
		return attribution{}
	}
	for _, a := range p.agentsOf(d.Toks[t0].Sent, t0) {
		if a.T0 == t0 && !a.Pronoun {
			if t := a.T1; t < t1 && d.Toks[t].Text != "," && d.Toks[t].Text != "." {
				return attribution{} // a sentence, not a signature
			}
			return attributionOf(a, "")
		}
	}
	return attribution{}
}

// speechAround reports whether quote q, which no speaker was found for,
// is still told as speech: a speech verb outside quotes in its paragraph
// ("…," Trump from his desk, "… it," he said then), or a previous
// paragraph that announces it with a colon. A paragraph in quotation marks
// with neither is quoted text (an excerpt, a listing, a tweet's markup).
func (p *quoter) speechAround(q layer.QuoteRegion) bool {
	d := p.d
	para := d.Paras[q.Para]
	for i := d.TokenAt(para.Start); i < len(d.Toks) && d.Toks[i].Start < para.End; i++ {
		if d.Toks[i].Quote < 0 {
			if _, ok := p.speechAt(i); ok {
				return true
			}
		}
	}
	if q.Para == 0 {
		return false
	}
	last := d.TokenAt(d.Paras[q.Para-1].End) - 1
	return last >= 0 && d.Toks[last].Text == ":"
}

// continuesQuote reports whether region qi opens a paragraph that goes on
// with the quotation the paragraph before left open, the region lastQi of
// the last quote kept: by the convention of print, one quotation that runs
// over several paragraphs.
func (p *quoter) continuesQuote(qi, lastQi int) bool {
	if lastQi < 0 || lastQi != qi-1 {
		return false
	}
	q, last := p.d.QuoteRegions[qi], p.d.QuoteRegions[lastQi]
	return q.Cont && last.Close < 0 && last.Para == q.Para-1
}

// extend makes rec, a quotation left open at the end of its paragraph, run
// on to the end of region q, the paragraph that continues it; next is q's
// own record: a speaker named there, where print puts the attribution of a
// quotation over several paragraphs, is the whole quotation's.
func extend(rec *events.Quote, body string, q layer.QuoteRegion, next events.Quote) {
	rec.End = q.End
	rec.Text = body[rec.Start:rec.End]
	if next.Speaker != nil {
		rec.Speaker, rec.Cue = next.Speaker, next.Cue
	}
}

// sameSpeaker reports whether two quotes can be one speaker's: the same
// speaker, or one of them unattributed.
func sameSpeaker(a, b *events.Ref) bool {
	return a == nil || b == nil || a.ID == b.ID && a.Name == b.Name
}

// record renders quote q said by att.
func (p *quoter) record(q layer.QuoteRegion, att attribution) events.Quote {
	d := p.d
	rec := events.Quote{Text: d.Body[q.Start:q.End], Start: q.Start, End: q.End, Cue: att.Cue, Partial: p.isPartial(q)}
	switch {
	case !att.ok:
		// speech with no speaker found
	case att.Ent >= 0:
		e := d.Entities[att.Ent]
		rec.Speaker = &events.Ref{ID: e.ID, Name: e.Name}
	case att.Name != "":
		rec.Speaker = &events.Ref{Name: att.Name}
	}
	return rec
}

// quoteWords counts the words of each quote region.
func (p *quoter) quoteWords() []int {
	n := make([]int, len(p.d.QuoteRegions))
	for _, t := range p.d.Toks {
		if t.Quote >= 0 && t.Kind == layer.Word {
			n[t.Quote]++
		}
	}
	return n
}

// quoteOpensParagraph reports whether the quote's mark opens its paragraph.
func (p *quoter) quoteOpensParagraph(q layer.QuoteRegion) bool {
	return q.Para < len(p.d.Paras) && p.d.Paras[q.Para].Start == q.Open
}

// isTermQuote reports a short quoted phrase used as a term: after an article
// or "so-called" ("a “grand bargain”").
func (p *quoter) isTermQuote(q layer.QuoteRegion) bool {
	i := p.d.TokenAt(q.Open) - 1
	return i >= 0 && p.lx.Cues.TermOpeners.In(p.d.Toks[i].Class)
}

// isTerm reports a quoted term, title or slogan rather than speech: a
// short phrase after a determiner ("a “grand bargain”"), a short fragment
// with no clause in it, or a title in title case.
func (p *quoter) isTerm(qi, words int) bool {
	q := p.d.QuoteRegions[qi]
	return words <= maxTerm && (p.isTermQuote(q) || p.isPartial(q) && !p.holdsClause(qi)) || p.isTitle(qi, words)
}

// holdsClause reports whether quote region qi holds a mark of a clause: an
// auxiliary or modal, a form of "be", a negation, a personal pronoun or a
// contraction ("we’ve", "don’t"). A short fragment without one is a quoted
// term ("a “third-world country”", "“blue-collar, white voters”").
func (p *quoter) holdsClause(qi int) bool {
	c := &p.lx.Cues
	for _, t := range p.d.Toks[p.d.TokenAt(p.d.QuoteRegions[qi].Start):] {
		if t.Quote != qi {
			break
		}
		if t.Kind == layer.Word && (c.ClauseVerbs.In(t.Class) || c.BeForms.In(t.Class) || c.Negations.In(t.Class) ||
			c.FutureModals.In(t.Class) || c.HypotheticalModals.In(t.Class) || c.Pronouns.In(t.Class) ||
			t.Key == "i" || isContraction(t.Text)) {
			return true
		}
	}
	return false
}

// isContraction reports a word with a contracted verb or negation after an
// inner apostrophe ("I’m", "they’re", "won’t"); a possessive "’s" is none.
func isContraction(w string) bool {
	for i, r := range w {
		if r == '\'' || r == '\u2019' {
			switch strings.ToLower(w[i+utf8.RuneLen(r):]) {
			case "m", "re", "ve", "ll", "d", "t":
				return true
			}
		}
	}
	return false
}

// maxTerm is the most words of a quoted term after a determiner ("a
// “grand bargain”"); a longer fragment is speech ("a “misleading use of
// statistics”").
const maxTerm = 3

// maxTitle is the most words a title or slogan in quotation marks has.
const maxTitle = 8

// minHeadline is the fewest capitalised words of a headline's quote in
// title case ("Kasich: ‘We Are Going To Go All The Way To Cleveland.’").
const minHeadline = 4

// isTitle reports a quote in title case, every word capitalised but small
// function words: a short one without punctuation is the title of a work or
// a slogan ("A Quiet Harbour in the North", "No More Cuts"); in the first
// paragraph, the headline, a longer one or one with commas or a closing
// mark is a quote set in the headline's capitals, the body's words retold ("‘I’m Sick Of Men Telling Us What
// To Do.’"). Neither is speech to report.
func (p *quoter) isTitle(qi, words int) bool {
	if words < 2 {
		return false
	}
	caps, marks := 0, 0
	toks := p.d.Toks[p.d.TokenAt(p.d.QuoteRegions[qi].Start):]
	for i, t := range toks {
		if t.Quote != qi {
			break
		}
		last := i+1 == len(toks) || toks[i+1].Quote != qi
		switch {
		case t.Kind == layer.Punct && t.Text == "." && last && p.isPartial(p.d.QuoteRegions[qi]):
			// "on “Meet the Press.”": the full stop of the sentence inside the marks
		case t.Kind == layer.Punct && (t.Text == "." || t.Text == "?" || t.Text == "!" || t.Text == ","):
			if !last && t.Text != "," {
				return false // two sentences: speech, whatever its casing
			}
			marks++
		case t.Kind != layer.Word:
		case t.Cap:
			caps++
		case !p.lx.Cues.TitleCaseSmall.In(t.Class) && !p.lx.Cues.NameParticles.In(t.Class):
			return false // "Los Hijos de Trump" keeps its particle small
		}
	}
	if marks == 0 && words <= maxTitle {
		return caps >= 2
	}
	return caps >= minHeadline && p.d.QuoteRegions[qi].Para == 0
}

// isPartial reports a fragment inside reported speech: it does not follow a
// colon, a comma or the start of a sentence or paragraph, or it starts in
// lower case.
func (p *quoter) isPartial(q layer.QuoteRegion) bool {
	r, _ := utf8.DecodeRuneInString(p.d.Body[q.Start:])
	if unicode.IsLower(r) {
		return true
	}
	return !p.opensSentence(q)
}

// afterColon reports whether the quote's mark follows a colon: the clause
// before the colon introduces it.
func (p *quoter) afterColon(q layer.QuoteRegion) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(p.d.Body[:q.Open], " "))
	return r == ':'
}

// colonSubject attributes a quote introduced by a colon in its paragraph to
// the subject of the sentence the colon ends ("Kasich resisted: “…”").
func (p *quoter) colonSubject(q layer.QuoteRegion) attribution {
	d := p.d
	c := d.TokenAt(q.Open) - 1
	for c >= 0 && d.Toks[c].Text != ":" {
		c--
	}
	if c < 0 {
		return attribution{}
	}
	return attributionOf(agents.Subject(d, d.Toks[c].Sent, c), ":")
}

// opensSentence reports whether the quote's mark follows a colon, a comma,
// a dash, the end of a sentence or the start of the paragraph.
func (p *quoter) opensSentence(q layer.QuoteRegion) bool {
	body := p.d.Body
	i := q.Open
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(body[:i])
		if r == '\n' {
			return true
		}
		if !unicode.IsSpace(r) {
			return r == ':' || r == ',' || r == '\u2014' || r == '\u2013' || r == '.' || r == '!' || r == '?' ||
				r == '\u201d' || r == '"'
		}
		i -= n
	}
	return true
}
